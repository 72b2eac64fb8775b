#include "remediate/step_runner.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "http/client.h"
#include "remediate/output.h"
#include "remediate/process.h"
#include "remediate/sql_step.h"

namespace klaxon::remediate {
namespace {

namespace json = boost::json;

std::string WithoutQuery(const std::string& url) {
  auto q = url.find_first_of("?#");
  return q == std::string::npos ? url : url.substr(0, q);
}

StepResult RunExec(const Job& job) {
  StepResult r;
  auto ran = RunProcess({ArgvOf(job.action), job.env, job.action.timeout, job.output_limit});
  if (!ran) {
    r.error = ran.error().message;
    return r;
  }
  r.timed_out = ran->timed_out;
  if (ran->signal != 0) r.signal = ran->signal;
  if (ran->exit_code >= 0) r.exit_code = ran->exit_code;
  r.ok = !r.timed_out && r.exit_code == 0;
  r.duration = ran->elapsed;
  r.head = std::move(ran->head);
  r.tail = std::move(ran->tail);
  return r;
}

StepResult RunHttp(const Job& job) {
  StepResult r;
  http::ClientRequest req;
  req.method = job.action.method;
  req.url = job.action.url;
  for (const auto& [k, v] : job.action.headers) req.headers.emplace_back(k, v);
  req.body = job.action.body;
  req.timeout_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(job.action.timeout).count());
  req.max_response_bytes = 1 << 20;
  auto started = std::chrono::steady_clock::now();
  auto resp = http::Send(req);
  r.duration = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
  if (!resp) {
    r.error = resp.error().message;  // names method and host only (client.h)
    r.timed_out = r.duration >= job.action.timeout;
    return r;
  }
  r.http_status = resp->status;
  r.ok = resp->status >= 200 && resp->status < 300;
  OutputCapture body(job.output_limit);
  body.Append(resp->body);
  r.head = body.head();
  r.tail = body.tail();
  return r;
}

}  // namespace

std::vector<std::string> ArgvOf(const config::Action& action) {
  if (!action.shell.empty()) return {"/bin/sh", "-c", action.shell};
  return action.argv;
}

std::string DescribeCommand(const config::Action& action) {
  json::object o;
  if (action.type == "http") {
    o["method"] = action.method;
    o["url"] = WithoutQuery(action.url);
  } else if (action.type == "sql") {
    o["sql"] = action.statement;
    json::array params;
    for (const auto& p : action.params) params.emplace_back(p);
    o["params"] = std::move(params);
    if (action.read_only) o["read_only"] = true;
  } else {
    json::array argv;
    for (const auto& a : ArgvOf(action)) argv.emplace_back(a);
    o["argv"] = std::move(argv);
  }
  return json::serialize(o);
}

StepResult RunStep(const Job& job) {
  StepResult r = job.action.type == "http"  ? RunHttp(job)
                 : job.action.type == "sql" ? RunSql(job)
                                            : RunExec(job);
  r.step_row = job.step_row;
  r.incident_id = job.incident_id;
  return r;
}

std::string Summarize(const StepResult& r) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.duration).count();
  std::string took = ms < 1000 ? fmt::format("{}ms", ms) : fmt::format("{:.1f}s", ms / 1000.0);
  if (r.timed_out) return fmt::format("timed out after {}", took);
  if (!r.sql_state.empty()) return fmt::format("SQL error {} after {}: {}", r.sql_state, took, r.error);
  if (!r.error.empty() && !r.http_status) return fmt::format("could not run: {}", r.error);
  if (!r.command_tag.empty()) return fmt::format("{} in {}", r.command_tag, took);
  if (r.http_status) return fmt::format("HTTP {} in {}", *r.http_status, took);
  if (r.signal) return fmt::format("killed by signal {} after {}", *r.signal, took);
  return fmt::format("exit {} in {}", r.exit_code.value_or(-1), took);
}

std::string ResultJson(const StepResult& r) {
  json::object o;
  o["ok"] = r.ok;
  if (r.exit_code) o["exit_code"] = *r.exit_code;
  if (r.signal) o["signal"] = *r.signal;
  if (r.http_status) o["http_status"] = *r.http_status;
  if (r.rows) o["rows"] = *r.rows;
  if (!r.command_tag.empty()) o["command_tag"] = r.command_tag;
  if (!r.sql_state.empty()) o["sql_state"] = r.sql_state;
  o["timed_out"] = r.timed_out;
  o["duration_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(r.duration).count();
  o["output_head"] = r.head;
  o["output_tail"] = r.tail;
  if (!r.error.empty()) o["error"] = r.error;
  return json::serialize(o);
}

}  // namespace klaxon::remediate
