#include "api/ingest_handlers.h"

#include <boost/json/serialize.hpp>
#include <algorithm>
#include <chrono>
#include <fmt/format.h>

#include "ingest/sources/pagerduty/events_v2.h"
#include "ingest/sources/registry.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

// Per-source series, resolved once at start-up: Family::With takes a lock and
// builds label vectors, which the ingest hot path should not pay per request.
struct Meters {
  metrics::Family<metrics::Counter>* received = nullptr;  // alerts by source, outcome
  metrics::Family<metrics::Counter>* requests = nullptr;  // requests by source, code
  metrics::Histogram* latency = nullptr;                  // request -> reply
  std::string source;
  std::vector<std::pair<int, metrics::Counter*>> by_code;              // common codes
  std::vector<std::pair<std::string, metrics::Counter*>> by_outcome;  // alert outcomes

  void Count(int code, std::string_view outcome, size_t alerts) const {
    if (requests) {
      auto it = std::find_if(by_code.begin(), by_code.end(), [&](const auto& p) { return p.first == code; });
      (it != by_code.end() ? *it->second : requests->With({source, std::to_string(code)})).Inc();
    }
    if (received && alerts > 0) {
      auto it = std::find_if(by_outcome.begin(), by_outcome.end(), [&](const auto& p) { return p.first == outcome; });
      (it != by_outcome.end() ? *it->second : received->With({source, std::string(outcome)}))
          .Inc(static_cast<double>(alerts));
    }
  }
};

bool IsPagerDuty(const ingest::SourceFormat& f) { return f.auth == ingest::AuthStyle::kRoutingKey; }

// PagerDuty senders expect PagerDuty's envelope, even for errors.
http::Response PagerDutyError(int status, std::string_view message, const std::vector<std::string>& errors) {
  json::array errs;
  for (const auto& e : errors) errs.emplace_back(e);
  json::object o{{"status", status == 400 ? "invalid event" : "error"},
                 {"message", message},
                 {"errors", std::move(errs)}};
  return http::Response::Json(status, json::serialize(o));
}

http::Response Reject(const ingest::SourceFormat& f, int status, std::string_view reason) {
  if (IsPagerDuty(f)) return PagerDutyError(status, reason, {std::string(reason)});
  return http::Response::Error(status, reason);
}

// What the reply echoes of each alert (the alerts themselves go to the engine).
struct Echo {
  Fingerprint fingerprint;
  std::string external_key;
};

// The success answer each sender expects.
http::Response Accepted(const ingest::SourceFormat& f, const std::vector<Echo>& alerts,
                        const engine::IngestResult& result, std::string_view prefix) {
  if (IsPagerDuty(f)) {
    json::object o{{"status", "success"}, {"message", "Event processed"},
                   {"dedup_key", alerts.empty() ? "" : alerts[0].external_key}};
    return http::Response::Json(202, json::serialize(o));
  }
  if (f.name == "alertmanager") {
    return http::Response::Json(200, "");  // Alertmanager API v2: 200 with an empty body
  }
  json::array items;
  for (size_t i = 0; i < alerts.size() && i < result.alerts.size(); ++i) {
    const auto& out = result.alerts[i];
    json::object a{{"fingerprint", alerts[i].fingerprint.ToHex()},
                   {"outcome", engine::ToString(out.change)}};
    a["incident"] = out.incident_id ? json::value(incident::DisplayId(prefix, out.incident_id))
                                    : json::value(nullptr);
    if (!alerts[i].external_key.empty()) a["dedup_key"] = alerts[i].external_key;
    items.push_back(std::move(a));
  }
  json::object o{{"status", "accepted"}, {"alerts", std::move(items)}};
  return http::Response::Json(f.name == "generic" ? 202 : 200, json::serialize(o));
}

void Handle(const Context& ctx, const Meters& m, const ingest::SourceFormat& f,
            http::Request& req, http::Reply reply) {
  auto started = std::chrono::steady_clock::now();
  auto finish = [&m, started, reply = std::move(reply)](http::Response r, size_t alerts,
                                                      std::string_view outcome) {
    m.Count(r.status, outcome, alerts);
    if (m.latency) {
      m.latency->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    reply(std::move(r));
  };

  const config::Integration* integration = nullptr;
  if (f.auth == ingest::AuthStyle::kBearer) {
    auto cred = Authenticator::Credential(req);
    integration = cred ? ctx.auth->IntegrationByKey(*cred) : nullptr;
    if (!integration) {
      auto r = http::Response::Error(401, "missing or unknown integration key (Authorization: Bearer <key>)");
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"klaxon\"");
      return finish(std::move(r), 0, "");
    }
    if (integration->type != f.integration_type) {
      return finish(http::Response::Error(403, fmt::format("integration \"{}\" is of type {} and cannot post to {}",
                                                           integration->id, integration->type, f.path)),
                    0, "");
    }
  }

  ingest::ParseContext pctx{ctx.clock->Now(), static_cast<size_t>(ctx.config->server.max_alerts_per_request)};
  Result<ingest::ParsedBatch> parsed = Fail(ErrorCode::kInternal, "unparsed");
  if (IsPagerDuty(f)) {
    auto decoded = ingest::pagerduty::DecodeEventsV2(req.body, pctx);
    if (!decoded) {
      int status = decoded.error().code == ErrorCode::kTooLarge ? 413 : 400;
      return finish(PagerDutyError(status, ingest::pagerduty::kInvalidEventMessage, decoded.error().errors), 0, "");
    }
    parsed = std::move(*decoded);
  } else {
    parsed = f.parse(req.body, pctx);
  }
  if (!parsed) {
    int status = parsed.error().code == ErrorCode::kTooLarge ? 413 : 400;
    return finish(Reject(f, status, parsed.error().message), 0, "");
  }
  if (f.auth == ingest::AuthStyle::kRoutingKey) {
    integration = ctx.auth->IntegrationByKey(parsed->routing_key);
    if (!integration) {
      return finish(PagerDutyError(401, "Unknown routing_key", {"'routing_key' is not a known integration key"}), 0, "");
    }
    if (integration->type != f.integration_type) {
      return finish(PagerDutyError(403, "Forbidden", {fmt::format("integration \"{}\" is not of type pagerduty", integration->id)}), 0, "");
    }
  }
  for (auto& a : parsed->alerts) a.integration = integration->id;

  size_t count = parsed->alerts.size();
  auto echoes = std::make_shared<std::vector<Echo>>();
  echoes->reserve(count);
  for (const auto& a : parsed->alerts) echoes->push_back({a.fingerprint, a.external_key});
  std::string prefix = ctx.config->incidents.id_prefix;
  auto finish_ptr = std::make_shared<decltype(finish)>(std::move(finish));
  const ingest::SourceFormat* fp = &f;
  bool queued = ctx.engine->SubmitAlerts(
      std::move(parsed->alerts), [finish_ptr, echoes, fp, prefix, count](Result<engine::IngestResult> r) {
        if (!r) {
          auto resp = IsPagerDuty(*fp) ? PagerDutyError(503, "Temporarily unavailable", {r.error().message})
                                       : http::Response::Error(503, r.error().message);
          resp.headers.emplace_back("Retry-After", "1");
          (*finish_ptr)(std::move(resp), count, "failed");
          return;
        }
        (*finish_ptr)(Accepted(*fp, *echoes, *r, prefix), count, "accepted");
      });
  if (!queued) {
    auto resp = Reject(f, 429, "klaxon is overloaded; retry shortly");
    resp.headers.emplace_back("Retry-After", "1");
    (*finish_ptr)(std::move(resp), count, "overloaded");
  }
}

}  // namespace

void AddIngestRoutes(http::Router& router, const Context& ctx) {
  metrics::Family<metrics::Counter>* received = nullptr;
  metrics::Family<metrics::Counter>* requests = nullptr;
  metrics::Family<metrics::Histogram>* latency = nullptr;
  if (ctx.metrics) {
    received = &ctx.metrics->AddCounter(
        "klaxon_alerts_received_total", "Alerts received over HTTP, by source and outcome.",
        {"source", "outcome"});
    requests = &ctx.metrics->AddCounter(
        "klaxon_ingest_requests_total", "Ingest requests, by source and HTTP status code.",
        {"source", "code"});
    latency = &ctx.metrics->AddHistogram(
        "klaxon_ingest_duration_seconds",
        "Time from request received to reply (including the durable commit), by source.",
        {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}, {"source"});
  }
  const Context* c = &ctx;
  for (const auto& f : ingest::AllSources()) {
    auto m = std::make_shared<Meters>();
    m->source = std::string(f.name);
    m->received = received;
    m->requests = requests;
    if (latency) m->latency = &latency->With({m->source});
    if (requests) {
      for (int code : {200, 202, 400, 401, 403, 413, 429, 503}) {
        m->by_code.emplace_back(code, &requests->With({m->source, std::to_string(code)}));
      }
    }
    if (received) {
      for (const char* outcome : {"accepted", "failed", "overloaded"}) {
        m->by_outcome.emplace_back(outcome, &received->With({m->source, outcome}));
      }
    }
    const ingest::SourceFormat* fp = &f;
    router.Add("POST", std::string(f.path), "integration:" + std::string(f.integration_type), [c, m, fp](http::Request& req, http::Reply reply) {
      Handle(*c, *m, *fp, req, std::move(reply));
    });
  }
}

}  // namespace klaxon::api
