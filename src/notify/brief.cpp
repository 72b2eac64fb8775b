#include "notify/brief.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "notify/json_read.h"

namespace klaxon::notify {
namespace {

namespace json = boost::json;

// Readers: a missing or mistyped field gives the default.
constexpr auto Str = StringField;
constexpr auto Int = IntField;
const json::object* Obj(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

json::object PersonJson(const BriefPerson& p) { return {{"id", p.id}, {"name", p.name}}; }

BriefPerson PersonFrom(const json::object* o) {
  if (!o) return {};
  return BriefPerson{Str(*o, "id"), Str(*o, "name")};
}

}  // namespace

std::string EncodeBrief(const HandoffBrief& b) {
  json::array incidents;
  for (const auto& i : b.incidents) {
    incidents.push_back(json::object{{"ref", i.ref},
                                     {"title", i.title},
                                     {"severity", i.severity},
                                     {"status", incident::ToString(i.status)},
                                     {"lead", i.lead},
                                     {"opened_at", ToUnixMillis(i.opened_at)},
                                     {"summary", i.summary},
                                     {"next", i.next},
                                     {"eta", i.eta},
                                     {"link", i.link}});
  }
  json::object o{{"event", kHandoffEvent},
                 {"schedule_id", b.schedule_id},
                 {"schedule_name", b.schedule_name},
                 {"at", ToUnixMillis(b.at)},
                 {"outgoing", PersonJson(b.outgoing)},
                 {"incoming", PersonJson(b.incoming)},
                 {"incidents", std::move(incidents)},
                 {"unlisted", b.unlisted},
                 {"recipient", b.recipient},
                 {"slack_user", b.slack_user},
                 {"idempotency_key", b.idempotency_key}};
  return json::serialize(o);
}

Result<HandoffBrief> DecodeBrief(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object() || Str(v.as_object(), "event") != kHandoffEvent) {
    return Fail(ErrorCode::kInvalidArgument, "not a handoff brief payload");
  }
  const json::object& o = v.as_object();
  HandoffBrief b;
  b.schedule_id = Str(o, "schedule_id");
  b.schedule_name = Str(o, "schedule_name");
  b.at = FromUnixMillis(Int(o, "at"));
  b.outgoing = PersonFrom(Obj(o, "outgoing"));
  b.incoming = PersonFrom(Obj(o, "incoming"));
  if (const auto* list = o.if_contains("incidents"); list && list->is_array()) {
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) continue;
      const json::object& i = item.as_object();
      BriefIncident bi;
      bi.ref = Str(i, "ref");
      bi.title = Str(i, "title");
      bi.severity = Str(i, "severity");
      bi.status = incident::ParseStatus(Str(i, "status")).value_or(incident::Status::kInvestigating);
      bi.lead = Str(i, "lead");
      bi.opened_at = FromUnixMillis(Int(i, "opened_at"));
      bi.summary = Str(i, "summary");
      bi.next = Str(i, "next");
      bi.eta = Str(i, "eta");
      bi.link = Str(i, "link");
      b.incidents.push_back(std::move(bi));
    }
  }
  b.unlisted = Int(o, "unlisted");
  b.recipient = Str(o, "recipient");
  b.slack_user = Str(o, "slack_user");
  b.idempotency_key = Str(o, "idempotency_key");
  return b;
}

}  // namespace klaxon::notify
