#include "notify/payload.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "notify/json_read.h"

namespace klaxon::notify {
namespace {

namespace json = boost::json;

int64_t Ms(Time t) { return ToUnixMillis(t); }

json::value OptionalMs(const std::optional<Time>& t) {
  return t ? json::value(Ms(*t)) : json::value(nullptr);
}

// Readers: a missing or mistyped field gives the default.
constexpr auto Str = StringField;
constexpr auto Int = IntField;
std::optional<Time> OptTime(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) return std::nullopt;
  return FromUnixMillis(v->as_int64());
}
const json::object* Obj(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

json::object IncidentJson(const incident::Incident& i) {
  json::object labels;
  for (const auto& [name, value] : i.group_labels) labels[name] = value;
  json::object o{{"id", i.id},
                 {"title", i.title},
                 {"runbook_id", i.runbook_id},
                 {"severity", i.severity},
                 {"status", incident::ToString(i.status)},
                 {"group_key", i.group_key},
                 {"group_labels", std::move(labels)},
                 {"opened_at", Ms(i.opened_at)},
                 {"updated_at", Ms(i.updated_at)},
                 {"monitoring_since", OptionalMs(i.monitoring_since)},
                 {"resolved_at", OptionalMs(i.resolved_at)},
                 {"lead", i.lead},
                 {"firing_alerts", i.firing_alerts},
                 {"total_alerts", i.total_alerts},
                 {"reopen_count", i.reopen_count},
                 {"summary", i.summary},
                 {"next_step", i.next_step},
                 {"eta", i.eta},
                 {"root_cause", i.root_cause},
                 {"version", i.version}};
  if (i.ack) {
    o["ack"] = json::object{{"by", i.ack->by}, {"via", i.ack->via}, {"at", Ms(i.ack->at)}};
  } else {
    o["ack"] = nullptr;
  }
  return o;
}

incident::Incident IncidentFrom(const json::object& o) {
  incident::Incident i;
  i.id = Int(o, "id");
  i.title = Str(o, "title");
  i.runbook_id = Str(o, "runbook_id");
  i.severity = Str(o, "severity");
  i.status = incident::ParseStatus(Str(o, "status")).value_or(incident::Status::kInvestigating);
  i.group_key = Str(o, "group_key");
  if (const auto* labels = Obj(o, "group_labels")) {
    std::vector<LabelSet::Pair> pairs;
    for (const auto& [name, value] : *labels) {
      if (value.is_string()) pairs.emplace_back(std::string(name), std::string(value.as_string()));
    }
    i.group_labels = LabelSet::FromPairs(std::move(pairs));
  }
  i.opened_at = OptTime(o, "opened_at").value_or(Time{});
  i.updated_at = OptTime(o, "updated_at").value_or(Time{});
  i.monitoring_since = OptTime(o, "monitoring_since");
  i.resolved_at = OptTime(o, "resolved_at");
  if (const auto* ack = Obj(o, "ack")) {
    i.ack = incident::Acknowledgement{Str(*ack, "by"), Str(*ack, "via"),
                                      OptTime(*ack, "at").value_or(Time{})};
  }
  i.lead = Str(o, "lead");
  i.firing_alerts = Int(o, "firing_alerts");
  i.total_alerts = Int(o, "total_alerts");
  i.reopen_count = static_cast<int>(Int(o, "reopen_count"));
  i.summary = Str(o, "summary");
  i.next_step = Str(o, "next_step");
  i.eta = Str(o, "eta");
  i.root_cause = Str(o, "root_cause");
  i.version = Int(o, "version");
  return i;
}

}  // namespace

std::string EncodePayload(const Notification& n) {
  json::object o{{"event", ToString(n.event)},
                 {"incident_ref", n.incident_ref},
                 {"incident", IncidentJson(n.incident)},
                 {"link", n.link},
                 {"at", Ms(n.at)},
                 {"actor", n.actor},
                 {"idempotency_key", n.idempotency_key}};
  if (n.update) {
    o["update"] = json::object{{"status", incident::ToString(n.update->status)},
                               {"summary", n.update->summary},
                               {"next", n.update->next},
                               {"eta", n.update->eta}};
  } else {
    o["update"] = nullptr;
  }
  if (n.approval) {
    o["approval"] = json::object{
        {"step", n.approval->step}, {"name", n.approval->name}, {"role", n.approval->role}};
  }
  if (n.resolution) {
    o["resolution"] = json::object{{"duration_ms", n.resolution->duration.count()},
                                   {"impact", n.resolution->impact},
                                   {"root_cause", n.resolution->root_cause},
                                   {"follow_up", n.resolution->follow_up}};
  } else {
    o["resolution"] = nullptr;
  }
  if (n.reminder) {
    o["reminder"] = json::object{{"person", n.reminder->person},
                                 {"as", n.reminder->as},
                                 {"slack_user", n.reminder->slack_user},
                                 {"every_ms", n.reminder->every.count()}};
  }
  return json::serialize(o);
}

Result<Notification> DecodePayload(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "notification payload is not a JSON object");
  }
  const json::object& o = v.as_object();
  auto event = ParseEvent(Str(o, "event"));
  const json::object* inc = Obj(o, "incident");
  if (!event || !inc) {
    return Fail(ErrorCode::kInvalidArgument,
                "notification payload lacks a known event or the incident");
  }
  Notification n;
  n.event = *event;
  n.incident_ref = Str(o, "incident_ref");
  n.incident = IncidentFrom(*inc);
  n.link = Str(o, "link");
  n.at = OptTime(o, "at").value_or(Time{});
  n.actor = Str(o, "actor");
  n.idempotency_key = Str(o, "idempotency_key");
  if (const auto* u = Obj(o, "update")) {
    n.update = UpdateFields{
        incident::ParseStatus(Str(*u, "status")).value_or(incident::Status::kInvestigating),
        Str(*u, "summary"), Str(*u, "next"), Str(*u, "eta")};
  }
  if (const auto* a = Obj(o, "approval")) {
    n.approval = ApprovalRequest{static_cast<int>(Int(*a, "step")), Str(*a, "name"), Str(*a, "role")};
  }
  if (const auto* r = Obj(o, "resolution")) {
    n.resolution = ResolutionFields{Duration(Int(*r, "duration_ms")), Str(*r, "impact"),
                                    Str(*r, "root_cause"), Str(*r, "follow_up")};
  }
  if (const auto* r = Obj(o, "reminder")) {
    n.reminder = UpdateReminder{Str(*r, "person"), Str(*r, "as"), Str(*r, "slack_user"),
                                Duration(Int(*r, "every_ms"))};
  }
  return n;
}

}  // namespace klaxon::notify
