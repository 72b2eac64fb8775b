#include "remediate/sql_step.h"

#include <fmt/format.h>

#include "postgres/connection.h"
#include "remediate/output.h"

namespace klaxon::remediate {
namespace {

using Clock = std::chrono::steady_clock;

// The server's statement_timeout fires first, with its clearer message; the
// client cancels only if the server does not answer in this much more.
constexpr auto kClientGrace = std::chrono::milliseconds(500);
constexpr size_t kMaxRows = 1000;  // rows rendered; the count covers them all

// Tabs and newlines inside a cell would break the table.
std::string Cell(const std::optional<std::string>& v) {
  if (!v) return "NULL";
  std::string out = *v;
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

void Render(const postgres::QueryResult& q, OutputCapture& out) {
  if (!q.columns.empty()) {
    std::string line;
    for (const auto& c : q.columns) line += (line.empty() ? "" : "\t") + c;
    out.Append(line + "\n");
    for (const auto& row : q.rows) {
      line.clear();
      for (size_t i = 0; i < row.size(); ++i) line += (i ? "\t" : "") + Cell(row[i]);
      out.Append(line + "\n");
    }
    if (static_cast<size_t>(q.row_count) > q.rows.size()) {
      out.Append(fmt::format("({} more rows not shown)\n", q.row_count - static_cast<int64_t>(q.rows.size())));
    }
  }
  out.Append(q.command + "\n");
}

}  // namespace

StepResult RunSql(const Job& job) {
  const config::Action& a = job.action;
  StepResult r;
  auto started = Clock::now();
  auto deadline = started + a.timeout;
  auto took = [&] { return std::chrono::duration_cast<Duration>(Clock::now() - started); };
  auto failed = [&](const postgres::QueryError& e) {
    r.duration = took();
    r.error = e.message;
    r.timed_out = e.kind == postgres::QueryError::Kind::kTimeout;
    if (e.kind == postgres::QueryError::Kind::kQuery) r.sql_state = e.sql_state;
    return r;
  };
  auto conn = postgres::Connection::Open(a.dsn, deadline);
  if (!conn) return failed(conn.error());
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  };
  if (a.read_only) {
    if (auto begun = conn->Query("BEGIN TRANSACTION READ ONLY", {}, deadline + kClientGrace);
        !begun) {
      return failed(begun.error());
    }
  }
  // Local to the transaction when there is one, else to this session.
  auto timeout = conn->Query("SELECT set_config('statement_timeout', $1, $2)",
                             {postgres::SettingMs(left()), a.read_only ? "true" : "false"},
                             deadline + kClientGrace);
  if (!timeout) return failed(timeout.error());
  auto answer = conn->Query(a.statement, job.params, deadline + kClientGrace, kMaxRows);
  if (!answer) return failed(answer.error());
  if (a.read_only) (void)conn->Query("ROLLBACK", {}, deadline + kClientGrace);
  r.duration = took();
  r.ok = true;
  r.command_tag = answer->command;
  r.rows = answer->columns.empty() ? answer->affected.value_or(0) : answer->row_count;
  OutputCapture out(job.output_limit);
  Render(*answer, out);
  r.head = out.head();
  r.tail = out.tail();
  return r;
}

}  // namespace klaxon::remediate
