#include "demo/cocopay.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "http/percent_encoding.h"

namespace klaxon::demo {
namespace {

namespace json = boost::json;

// The PromQL of an instant query, from a form body or the target's query.
std::string QueryOf(const http::Request& req) {
  std::string_view form = req.body;
  if (form.empty()) {
    auto q = req.target.find('?');
    if (q != std::string::npos) form = std::string_view(req.target).substr(q + 1);
  }
  for (size_t at = 0; at <= form.size();) {
    size_t end = form.find('&', at);
    if (end == std::string_view::npos) end = form.size();
    std::string_view pair = form.substr(at, end - at);
    if (pair.starts_with("query=")) {
      return http::PercentDecode(pair.substr(6), true).value_or("");
    }
    at = end + 1;
  }
  return "";
}

std::string Sample(double value) {
  json::object out{{"status", "success"},
                   {"data", json::object{{"resultType", "vector"},
                                         {"result", json::array{json::object{
                                                        {"metric", json::object{}},
                                                        {"value", json::array{1700000000.0,
                                                                              fmt::format("{}", value)}}}}}}}};
  return json::serialize(out);
}

}  // namespace

CocoPay::CocoPay(std::string ops_token) : ops_token_(std::move(ops_token)) {}

CocoPay::~CocoPay() {
  if (server_) server_->Stop();
}

Result<std::unique_ptr<CocoPay>> CocoPay::Start(std::string ops_token) {
  std::unique_ptr<CocoPay> api(new CocoPay(std::move(ops_token)));
  CocoPay* self = api.get();
  auto health = [self](http::Request&, http::Reply reply) {
    bool down = self->faults().api_down;
    reply(http::Response::Text(down ? 503 : 200, down ? "Service Unavailable\n" : "OK\n"));
  };
  api->router_.Add("GET", "/up", "public", health);
  api->router_.Add("GET", "/health/ready", "public", health);
  auto query = [self](http::Request& req, http::Reply reply) {
    std::string q = QueryOf(req);
    Faults f = self->faults();
    double v = 0;
    if (q.find("payment_failed") != std::string::npos) {
      v = f.payment_failure_rate;
    } else if (q.find("container_oom_events_total") != std::string::npos) {
      v = f.oom_kills;
    } else if (q.find("predict_linear") != std::string::npos) {
      v = f.memory_forecast;
    } else if (q.find("http_requests_total") != std::string::npos) {
      v = f.error_rate;
    } else {
      return reply(http::Response::Json(
          400, R"({"status":"error","errorType":"bad_data","error":"unknown metric"})"));
    }
    reply(http::Response::Json(200, Sample(v)));
  };
  api->router_.Add("POST", "/prometheus/api/v1/query", "public", query);
  api->router_.Add("GET", "/prometheus/api/v1/query", "public", query);
  auto rpc = [self](bool primary) {
    return [self, primary](http::Request& req, http::Reply reply) {
      boost::system::error_code ec;
      json::value v = json::parse(req.body, ec);
      json::value id = (!ec && v.is_object() && v.as_object().contains("id")) ? v.at("id") : json::value(1);
      json::object out{{"jsonrpc", "2.0"}, {"id", id}};
      if (primary && self->faults().rpc_primary_failing) {
        out["error"] = json::object{{"code", -32603}, {"message", "upstream unavailable"}};
      } else {
        out["result"] = "0x1a2b3c4";
      }
      reply(http::Response::Json(200, json::serialize(out)));
    };
  };
  api->router_.Add("POST", "/rpc/primary", "public", rpc(true));
  api->router_.Add("POST", "/rpc/backup", "public", rpc(false));
  api->router_.Add("POST", "/internal/ops/rpc-failover", "ops token",
                   [self](http::Request& req, http::Reply reply) {
                     if (req.Header("authorization").value_or("") != "Bearer " + self->ops_token_) {
                       return reply(http::Response::Error(401, "invalid ops token"));
                     }
                     {
                       std::lock_guard lock(self->mu_);
                       ++self->failovers_;
                     }
                     reply(http::Response::Json(200, R"({"rpc":"backup","queued_for_retry":3})"));
                   });
  api->router_.Add("POST", "/railway", "local", [self](http::Request& req, http::Reply reply) {
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    std::vector<std::string> args;
    if (!ec && v.is_object() && v.as_object().contains("args") && v.at("args").is_array()) {
      for (const auto& a : v.at("args").as_array()) {
        if (a.is_string()) args.emplace_back(a.as_string());
      }
    }
    int status = 200;
    std::string out = self->Railway(args, status);
    reply(http::Response::Text(status, std::move(out)));
  });
  auto server = http::Server::Start({.host = "127.0.0.1", .port = 0, .threads = 2}, api->router_);
  if (!server) return std::unexpected(server.error());
  api->server_ = std::move(*server);
  return api;
}

std::string CocoPay::Url() const { return fmt::format("http://127.0.0.1:{}", server_->port()); }

Faults CocoPay::faults() const {
  std::lock_guard lock(mu_);
  return faults_;
}

int CocoPay::restarts() const {
  std::lock_guard lock(mu_);
  return restarts_;
}

int CocoPay::failovers() const {
  std::lock_guard lock(mu_);
  return failovers_;
}

std::vector<std::string> CocoPay::railway_commands() const {
  std::lock_guard lock(mu_);
  return commands_;
}

std::string CocoPay::Railway(const std::vector<std::string>& args, int& status) {
  std::lock_guard lock(mu_);
  std::string joined;
  for (const auto& a : args) joined += (joined.empty() ? "" : " ") + a;
  commands_.push_back(joined);
  auto is = [&](size_t i, std::string_view word) { return args.size() > i && args[i] == word; };
  if (is(0, "service") && is(1, "restart")) {
    ++restarts_;
    std::string note = "the outage goes on: a restart does not undo a bad deploy";
    if (faults_.restart_mends && faults_.api_down) {
      faults_.api_down = false;
      note = "the API answers again";
    }
    if (faults_.memory_forecast > 0.6 || faults_.oom_kills > 0) {
      faults_.memory_forecast = 0.55;
      faults_.oom_kills = 0;
      note = "memory released";
    }
    return fmt::format("Restarting service {}... deployment 4f2a1c running ({})\n",
                       args.size() > 2 ? args[2] : "api", note);
  }
  if (is(0, "logs")) {
    std::string out = "10:01:00 deploy 4f2a1c finished (api)\n";
    if (faults_.api_down) out += "10:02:13 ERROR NoMethodError in Api::HealthController#ready\n";
    if (faults_.oom_kills > 0) out += "10:03:40 ERROR Out of memory: Killed process 7 (puma)\n";
    return out;
  }
  if (is(0, "run") && args.size() > 1) {
    const std::string& code = args.back();
    if (code.find("ReservesWallet.balance") != std::string::npos) {
      return fmt::format("{:.2f}\n", faults_.wallet_balance);
    }
    return "ok\n";
  }
  status = 400;
  return "railway stand-in: unknown command: " + joined + "\n";
}

}  // namespace klaxon::demo
