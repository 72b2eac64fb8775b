#include "notify/webhook/webhook.h"

#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "notify/signing.h"

namespace klaxon::notify::webhook {
namespace {

using boost::json::object;
using boost::json::value;

std::unexpected<Error> Refuse(std::string message) {
  return Fail(ErrorCode::kUnauthenticated, "klaxon webhook: " + std::move(message));
}

int64_t UnixSeconds(Time t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

value OptionalTime(const std::optional<Time>& t) {
  return t ? value(FormatTimestamp(*t)) : value(nullptr);
}

object IncidentObject(const Notification& n) {
  const auto& i = n.incident;
  object labels;
  for (const auto& [name, v] : i.group_labels) labels[name] = v;
  value ack = nullptr;
  if (i.ack) {
    ack = object{{"by", i.ack->by}, {"via", i.ack->via}, {"at", FormatTimestamp(i.ack->at)}};
  }
  return object{{"id", n.incident_ref},
                {"number", i.id},
                {"title", i.title},
                {"severity", i.severity},
                {"status", incident::ToString(i.status)},
                {"runbook", i.runbook_id},
                {"lead", i.lead},
                {"opened_at", FormatTimestamp(i.opened_at)},
                {"resolved_at", OptionalTime(i.resolved_at)},
                {"acknowledged", std::move(ack)},
                {"labels", std::move(labels)},
                {"firing_alerts", i.firing_alerts},
                {"total_alerts", i.total_alerts},
                {"url", n.link.empty() ? value(nullptr) : value(n.link)}};
}

value PersonValue(const BriefPerson& p) {
  if (p.id.empty()) return nullptr;
  return object{{"id", p.id}, {"name", p.name}};
}

Result<SignedRequest> Signed(std::string body, std::string_view event, std::string_view key,
                             std::string_view secret, Time now) {
  if (secret.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "klaxon webhook: no signing secret configured");
  }
  SignedRequest out;
  out.body = std::move(body);
  out.headers = {{"Content-Type", "application/json"},
                 {"User-Agent", "klaxon-webhook/1"},
                 {std::string(kEventHeader), std::string(event)},
                 {std::string(kSignatureHeader), SignatureHeader(secret, now, out.body)},
                 {std::string(kIdempotencyHeader), std::string(key)}};
  return out;
}

}  // namespace

boost::json::object BriefBody(const HandoffBrief& b) {
  boost::json::array incidents;
  for (const auto& i : b.incidents) {
    incidents.push_back(object{{"id", i.ref},
                               {"title", i.title},
                               {"severity", i.severity},
                               {"status", incident::ToString(i.status)},
                               {"lead", i.lead},
                               {"opened_at", FormatTimestamp(i.opened_at)},
                               {"summary", i.summary},
                               {"next", i.next},
                               {"eta", i.eta},
                               {"url", i.link.empty() ? value(nullptr) : value(i.link)}});
  }
  return object{{"version", kSchemaVersion},
                {"id", b.idempotency_key},
                {"event", kHandoffEvent},
                {"occurred_at", FormatTimestamp(b.at)},
                {"schedule", object{{"id", b.schedule_id}, {"name", b.schedule_name}}},
                {"outgoing", PersonValue(b.outgoing)},
                {"incoming", PersonValue(b.incoming)},
                {"recipient", b.recipient.empty() ? value(nullptr) : value(b.recipient)},
                {"incidents", std::move(incidents)},
                {"unlisted", b.unlisted}};
}

boost::json::object ReminderBody(const Reminder& r) {
  value item = nullptr;
  if (r.action_item != 0) item = object{{"id", r.action_item}, {"owner", r.owner}};
  return object{{"version", kSchemaVersion},
                {"id", r.idempotency_key},
                {"event", kReminderEvent},
                {"occurred_at", FormatTimestamp(r.at)},
                {"kind", r.kind},
                {"incident", object{{"id", r.incident_ref},
                                    {"title", r.incident_title},
                                    {"url", r.link.empty() ? value(nullptr) : value(r.link)}}},
                {"text", r.text},
                {"action_item", std::move(item)},
                {"recipient", r.recipient.empty() ? value(nullptr) : value(r.recipient)}};
}

Result<SignedRequest> BuildReminderRequest(const Reminder& r, std::string_view secret, Time now) {
  return Signed(boost::json::serialize(ReminderBody(r)), kReminderEvent, r.idempotency_key, secret,
                now);
}

Result<SignedRequest> BuildBriefRequest(const HandoffBrief& b, std::string_view secret, Time now) {
  return Signed(boost::json::serialize(BriefBody(b)), kHandoffEvent, b.idempotency_key, secret,
                now);
}

boost::json::object EventBody(const Notification& n) {
  value update = nullptr;
  if (n.update) {
    update = object{{"status", incident::ToString(n.update->status)},
                    {"summary", n.update->summary},
                    {"next", n.update->next},
                    {"eta", n.update->eta}};
  }
  value resolution = nullptr;
  if (n.resolution) {
    resolution = object{
        {"duration_seconds",
         std::chrono::duration_cast<std::chrono::seconds>(n.resolution->duration).count()},
        {"impact", n.resolution->impact},
        {"root_cause", n.resolution->root_cause},
        {"follow_up", n.resolution->follow_up}};
  }
  return object{{"version", kSchemaVersion},
                {"id", n.idempotency_key},
                {"event", ToString(n.event)},
                {"occurred_at", FormatTimestamp(n.at)},
                {"actor", n.actor},
                {"incident", IncidentObject(n)},
                {"update", std::move(update)},
                {"resolution", std::move(resolution)}};
}

std::string SignatureHeader(std::string_view secret, Time at, std::string_view body) {
  const std::string t = std::to_string(UnixSeconds(at));
  std::string signed_payload = t;
  signed_payload += '.';
  signed_payload += body;
  return fmt::format("t={},v1={}", t, HmacSha256Hex(secret, signed_payload));
}

Result<SignedRequest> BuildRequest(const Notification& n, std::string_view secret, Time now) {
  return Signed(boost::json::serialize(EventBody(n)), ToString(n.event), n.idempotency_key, secret,
                now);
}

Status VerifySignature(std::string_view secret, std::optional<std::string_view> header,
                       std::string_view body, Time now) {
  if (secret.empty()) return Refuse("no signing secret configured");
  if (!header || header->empty()) return Refuse(fmt::format("missing {} header", kSignatureHeader));
  std::optional<std::string_view> t;
  std::vector<std::string> candidates;
  std::string_view rest = *header;
  for (size_t parts = 0; !rest.empty(); ++parts) {
    if (parts >= 16) return Refuse(fmt::format("malformed {} header", kSignatureHeader));
    size_t comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.substr(0, 2) == "t=") t = part.substr(2);
    if (part.substr(0, 3) == "v1=" && IsSha256Hex(part.substr(3))) {
      candidates.push_back(LowerAscii(part.substr(3)));
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  int64_t seconds = 0;
  if (!t || t->empty() || t->size() > 12 ||
      std::from_chars(t->data(), t->data() + t->size(), seconds).ptr != t->data() + t->size()) {
    return Refuse(fmt::format("malformed {} header (expected t=<unix seconds>)", kSignatureHeader));
  }
  if (candidates.empty()) {
    return Refuse(fmt::format("malformed {} header (expected v1=<64 hex digits>)",
                              kSignatureHeader));
  }
  const Time sent{std::chrono::seconds(seconds)};
  const Duration skew = sent > now ? sent - now : now - sent;
  if (skew > kMaxClockSkew) {
    return Refuse(fmt::format("timestamp is {} {} now (at most {} allowed)", FormatDuration(skew),
                              sent > now ? "ahead of" : "behind", FormatDuration(kMaxClockSkew)));
  }
  std::string signed_payload(*t);
  signed_payload += '.';
  signed_payload += body;
  const std::string expected = HmacSha256Hex(secret, signed_payload);
  bool matched = false;
  for (const auto& c : candidates) matched |= ConstantTimeEquals(expected, c);
  if (!matched) return Refuse("signature mismatch");
  return {};
}

Delivery ClassifyResponse(int status, std::optional<std::string_view> retry_after) {
  return ClassifyHttpStatus(status, retry_after, kDefaultRetryAfter, "webhook");
}

}  // namespace klaxon::notify::webhook
