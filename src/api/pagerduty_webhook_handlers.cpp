#include "api/pagerduty_webhook_handlers.h"

#include <cctype>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "core/log.h"
#include "notify/pagerduty/webhook_v3.h"

namespace klaxon::api {
namespace {

namespace pd = notify::pagerduty;

http::Response Answer(std::string_view status, std::string_view detail = "") {
  boost::json::object o{{"status", status}};
  if (!detail.empty()) o["detail"] = detail;
  return http::Response::Json(200, boost::json::serialize(o));
}

// Ok if the body is signed with any configured webhook secret.
Status VerifyPagerDuty(const Context& ctx, const http::Request& req) {
  Status last = Fail(ErrorCode::kUnauthenticated,
                     "PagerDuty webhooks are not configured (no pagerduty channel has a webhook_secret)");
  for (const auto& c : ctx.config->notifications.channels) {
    if (c.type != "pagerduty" || c.webhook_secret.empty()) continue;
    last = pd::VerifyWebhookSignature(c.webhook_secret, req.Header(pd::kSignatureHeader), req.body);
    if (last) return last;
  }
  return last;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The person whose email is the agent's (its email, or its name when that is
// an address), else the agent as PagerDuty named it.
std::string Actor(const config::Config& cfg, const pd::WebhookEvent& ev) {
  for (std::string_view email : {std::string_view(ev.agent_email), std::string_view(ev.agent_name)}) {
    if (email.find('@') == std::string_view::npos) continue;
    for (const auto& p : cfg.people) {
      if (!p.email.empty() && EqualsIgnoreCase(p.email, email)) return p.id;
    }
  }
  if (!ev.agent_email.empty()) return ev.agent_email;
  if (!ev.agent_name.empty()) return ev.agent_name;
  return "pagerduty";
}

// The incident a PagerDuty incident_key names: exactly a klaxon ref with the
// configured prefix ("INC-42", any case), the dedup_key klaxon pages with.
std::optional<int64_t> KlaxonIncident(const config::Config& cfg, std::string_view key) {
  auto id = incident::ParseDisplayId(key);
  if (!id || !EqualsIgnoreCase(key, incident::DisplayId(cfg.incidents.id_prefix, *id))) return std::nullopt;
  return id;
}

void Webhook(const Context& ctx, const std::shared_ptr<RecentIds>& seen, http::Request& req,
             http::Reply reply) {
  if (auto ok = VerifyPagerDuty(ctx, req); !ok) {
    log::Warn("pagerduty: rejected webhook: {}", ok.error().message);
    return reply(http::Response::Error(401, ok.error().message));
  }
  auto ev = pd::ParseWebhookEvent(req.body);
  if (!ev) return reply(http::Response::Error(400, ev.error().message));
  std::string delivery(req.Header("X-Webhook-Id").value_or(ev->event_id));
  if (!delivery.empty() && seen->Contains(delivery)) return reply(Answer("duplicate"));
  auto id = KlaxonIncident(*ctx.config, ev->incident_key);
  if (ev->kind == pd::WebhookEvent::Kind::kIgnored || !id) {
    if (!delivery.empty()) seen->Insert(delivery);
    return reply(Answer("ignored", ev->kind == pd::WebhookEvent::Kind::kIgnored
                                       ? "event type not acted on"
                                       : "not a klaxon incident key"));
  }
  std::string actor = Actor(*ctx.config, *ev);
  incident::Event event;
  if (ev->kind == pd::WebhookEvent::Kind::kAcknowledged) {
    event = incident::Acknowledge{actor, "pagerduty"};
  } else {
    event = incident::Resolve{"", actor, "pagerduty"};
  }
  ctx.engine->SubmitCommand(
      engine::Command{*id, std::move(event)},
      [reply = std::move(reply), seen, delivery](Result<incident::Incident> r) {
        if (!r && r.error().code != ErrorCode::kConflict && r.error().code != ErrorCode::kNotFound) {
          return reply(ErrorResponse(r.error()));  // PagerDuty retries; the id is not remembered
        }
        if (!delivery.empty()) seen->Insert(delivery);
        reply(r ? Answer("ok") : Answer("ignored", r.error().message));
      });
}

}  // namespace

void AddPagerDutyWebhookRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  auto seen = std::make_shared<RecentIds>(kRecentWebhookIds);
  router.Add("POST", "/api/v1/webhooks/pagerduty", "signature:pagerduty", [c, seen](http::Request& req, http::Reply reply) {
    Webhook(*c, seen, req, std::move(reply));
  });
}

}  // namespace klaxon::api
