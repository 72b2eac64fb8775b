#include "notify/pagerduty/webhook_v3.h"

#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "core/text.h"
#include "notify/json_read.h"
#include "notify/signing.h"

namespace klaxon::notify::pagerduty {
namespace {

std::unexpected<Error> Refuse(std::string message) {
  return Fail(ErrorCode::kUnauthenticated, "pagerduty webhook: " + std::move(message));
}

}  // namespace

std::string SignWebhook(std::string_view secret, std::string_view body) {
  return "v1=" + HmacSha256Hex(secret, body);
}

Status VerifyWebhookSignature(std::string_view secret, std::optional<std::string_view> header,
                              std::string_view body) {
  if (secret.empty()) return Refuse("no webhook secret configured");
  if (!header || Trim(*header).empty()) return Refuse(fmt::format("missing {} header", kSignatureHeader));
  std::vector<std::string> candidates;
  std::string_view rest = *header;
  size_t parts = 0;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view part = Trim(rest.substr(0, comma));
    if (++parts > kMaxSignatures) {
      return Refuse(fmt::format("malformed {} header (more than {} signatures)", kSignatureHeader,
                                kMaxSignatures));
    }
    // Other schemes than v1 may appear later; they are skipped, not errors.
    if (part.size() == 67 && part.substr(0, 3) == "v1=" && IsSha256Hex(part.substr(3))) {
      candidates.push_back(LowerAscii(part.substr(3)));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (candidates.empty()) {
    return Refuse(fmt::format("malformed {} header (expected v1=<64 hex digits>)",
                              kSignatureHeader));
  }
  const std::string expected = HmacSha256Hex(secret, body);
  bool matched = false;
  for (const auto& c : candidates) matched |= ConstantTimeEquals(expected, c);
  if (!matched) return Refuse("signature mismatch");
  return {};
}

Result<WebhookEvent> ParseWebhookEvent(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value root;
  try {
    root = boost::json::parse(body, ec);
  } catch (const std::exception&) {
    return Fail(ErrorCode::kInvalidArgument, "pagerduty webhook: body could not be decoded");
  }
  if (ec || !root.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "pagerduty webhook: body is not a JSON object");
  }
  const auto* event = root.get_object().if_contains("event");
  if (event == nullptr || !event->is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "pagerduty webhook: 'event' object is missing");
  }
  WebhookEvent out;
  out.event_type = StringAt(*event, {"event_type"});
  if (out.event_type.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "pagerduty webhook: 'event.event_type' is missing");
  }
  if (out.event_type == "incident.acknowledged") out.kind = WebhookEvent::Kind::kAcknowledged;
  if (out.event_type == "incident.resolved") out.kind = WebhookEvent::Kind::kResolved;
  out.event_id = StringAt(*event, {"id"});
  out.incident_key = StringAt(*event, {"data", "incident_key"});
  out.pd_incident_id = StringAt(*event, {"data", "id"});
  out.agent_id = StringAt(*event, {"agent", "id"});
  out.agent_name = StringAt(*event, {"agent", "summary"});
  out.agent_email = StringAt(*event, {"agent", "email"});
  if (auto t = ParseTimestamp(StringAt(*event, {"occurred_at"}))) out.occurred_at = *t;
  return out;
}

}  // namespace klaxon::notify::pagerduty
