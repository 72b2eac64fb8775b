#include "notify/reminder.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace klaxon::notify {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

}  // namespace

std::string EncodeReminder(const Reminder& r) {
  json::object o{{"kind", r.kind},
                 {"incident", r.incident_ref},
                 {"title", r.incident_title},
                 {"text", r.text},
                 {"link", r.link},
                 {"action_item", r.action_item},
                 {"owner", r.owner},
                 {"at", FormatTimestamp(r.at)},
                 {"recipient", r.recipient},
                 {"slack_user", r.slack_user},
                 {"idempotency_key", r.idempotency_key}};
  return json::serialize(o);
}

Result<Reminder> DecodeReminder(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Fail(ErrorCode::kInvalidArgument, "not a reminder payload");
  const auto& o = v.as_object();
  Reminder r;
  r.kind = Str(o, "kind");
  r.incident_ref = Str(o, "incident");
  r.incident_title = Str(o, "title");
  r.text = Str(o, "text");
  r.link = Str(o, "link");
  if (auto it = o.find("action_item"); it != o.end() && it->value().is_int64()) {
    r.action_item = it->value().as_int64();
  }
  r.owner = Str(o, "owner");
  if (auto at = ParseTimestamp(Str(o, "at"))) r.at = *at;
  r.recipient = Str(o, "recipient");
  r.slack_user = Str(o, "slack_user");
  r.idempotency_key = Str(o, "idempotency_key");
  if (r.kind.empty() || r.text.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "not a reminder payload");
  }
  return r;
}

}  // namespace klaxon::notify
