#include "notify/pagerduty/events.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "notify/text.h"

namespace klaxon::notify::pagerduty {
namespace {

using boost::json::array;
using boost::json::object;

object Envelope(const EventOptions& options, std::string_view action, const Notification& n) {
  return object{{"routing_key", options.routing_key},
                {"event_action", action},
                {"dedup_key", Truncate(n.incident_ref, kMaxDedupKeyChars)}};
}

object CustomDetails(const Notification& n) {
  const auto& i = n.incident;
  object labels;
  for (const auto& [name, value] : i.group_labels) labels[name] = value;
  object details{{"incident", n.incident_ref},
                 {"title", i.title},
                 {"severity", i.severity},
                 {"status", incident::ToString(i.status)},
                 {"runbook", i.runbook_id},
                 {"lead", i.lead},
                 {"summary", n.update ? n.update->summary : i.summary},
                 {"next", n.update ? n.update->next : i.next_step},
                 {"eta", n.update ? n.update->eta : i.eta},
                 {"labels", std::move(labels)}};
  return details;
}

std::string SafeText(std::string_view text, std::string_view routing_key) {
  return Truncate(Redact(text, routing_key), 300);
}

}  // namespace

SeverityMap SeverityMap::Default() {
  return SeverityMap{
      {{"SEV1", "critical"}, {"SEV2", "error"}, {"SEV3", "warning"}, {"SEV4", "info"}},
      "critical"};
}

std::string_view SeverityMap::Map(std::string_view klaxon_severity) const {
  for (const auto& [from, to] : entries) {
    if (from == klaxon_severity) return to;
  }
  return fallback;
}

boost::json::object TriggerEvent(const EventOptions& options, const Notification& n) {
  const auto& i = n.incident;
  const std::string_view service = i.group_labels.GetOr("service");
  const MessageTemplates& wording = options.messages ? *options.messages : DefaultMessageTemplates();
  std::string summary = RenderMessage(MessageKind::kPageSummary,
                                      wording.For(MessageKind::kPageSummary, i.runbook_id),
                                      MessageData(MessageKind::kPageSummary, n), templates::NoEscape);
  object payload{
      {"summary", Truncate(summary, kMaxSummaryChars)},
      {"source", service.empty() ? std::string_view(options.source) : service},
      {"severity", options.severities.Map(i.severity)},
      {"timestamp", FormatTimestamp(i.opened_at)}};
  if (!service.empty()) payload["component"] = service;
  if (!i.runbook_id.empty()) payload["class"] = i.runbook_id;
  payload["custom_details"] = CustomDetails(n);
  object event = Envelope(options, "trigger", n);
  event["payload"] = std::move(payload);
  event["client"] = options.client;
  if (!n.link.empty()) {
    event["client_url"] = n.link;
    event["links"] = array{object{{"href", n.link}, {"text", n.incident_ref + " in klaxon"}}};
  }
  return event;
}

boost::json::object AcknowledgeEvent(const EventOptions& options, const Notification& n) {
  return Envelope(options, "acknowledge", n);
}

boost::json::object ResolveEvent(const EventOptions& options, const Notification& n) {
  return Envelope(options, "resolve", n);
}

boost::json::object EventFor(const EventOptions& options, const Notification& n) {
  switch (n.event) {
    case Event::kResolved: return ResolveEvent(options, n);
    case Event::kAcknowledged: return AcknowledgeEvent(options, n);
    default: return TriggerEvent(options, n);
  }
}

Delivery ClassifyEnqueueResponse(int status, std::optional<std::string_view> retry_after,
                                 std::string_view body, std::string_view routing_key) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  const object* o = ec ? nullptr : v.if_object();
  auto member = [&](std::string_view key) -> std::string {
    const auto* m = o != nullptr ? o->if_contains(key) : nullptr;
    return m != nullptr && m->is_string() ? std::string(m->get_string()) : std::string();
  };
  if (status >= 200 && status < 300) return Delivery::Delivered(member("dedup_key"));
  if (status == 429) {
    return Delivery::RetryAfter(ParseRetryAfter(retry_after, kRateLimitWait),
                                "pagerduty: rate limited (HTTP 429)");
  }
  if (status >= 500) {
    return Delivery::RetryAfter(ParseRetryAfter(retry_after, kServerErrorWait),
                                fmt::format("pagerduty: HTTP {}", status));
  }
  std::string reason = fmt::format("pagerduty: HTTP {}", status);
  if (std::string message = member("message"); !message.empty()) {
    reason += ": " + SafeText(message, routing_key);
  }
  const auto* errors = o != nullptr ? o->if_contains("errors") : nullptr;
  if (errors != nullptr && errors->is_array()) {
    std::string joined;
    for (const auto& e : errors->get_array()) {
      if (!e.is_string()) continue;
      joined += joined.empty() ? "" : "; ";
      joined += SafeText(e.get_string(), routing_key);
    }
    if (!joined.empty()) reason += " (" + joined + ")";
  }
  return Delivery::Permanent(Truncate(reason, 1000));
}

}  // namespace klaxon::notify::pagerduty
