#include "store/sqlite/rows.h"

#include <array>
#include <span>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "store/sqlite/label_json.h"

namespace klaxon::store::sqlite {
namespace {

// Column orders, as documented at the top of each query file.
constexpr std::array<std::string_view, 24> kIncidentColumns = {
    "id", "title", "runbook_id", "severity", "status", "group_key", "group_labels",
    "opened_at", "updated_at", "monitoring_since", "resolved_at", "ack_by", "ack_via",
    "ack_at", "lead", "firing_alerts", "total_alerts", "reopen_count", "summary",
    "next_step", "eta", "root_cause", "version", "escalation"};
constexpr std::array<std::string_view, 8> kTimelineColumns = {
    "seq", "incident_id", "at", "kind", "actor", "via", "text", "data"};
constexpr std::array<std::string_view, 5> kTimerColumns = {
    "key", "kind", "incident_id", "due_at", "payload"};

struct Shape {
  std::string_view query;
  std::span<const std::string_view> columns;
};

constexpr std::array<std::string_view, 3> kLogColumns = {"seq", "count", "records"};
constexpr std::array<std::string_view, 11> kResponseFactsColumns = {
    "id",        "severity", "runbook_id",       "status",           "opened_at", "resolved_at",
    "first_ack_at", "escalated", "channels", "remediation_runs", "remediation_outcome"};

const Shape kShapes[] = {
    {"alert_log_after", kLogColumns},
    {"get_incident", kIncidentColumns},
    {"latest_incident_in_group", kIncidentColumns},
    {"list_incidents", kIncidentColumns},
    {"incident_timeline", kTimelineColumns},
    {"due_timers", kTimerColumns},
    {"get_timer", kTimerColumns},
    {"response_facts", kResponseFactsColumns},
};

// Domain id 0 means "none" and is stored as NULL (see 0001_initial.sql).
void BindReference(Statement& stmt, const char* name, int64_t id) {
  if (id == 0) {
    stmt.BindNull(name);
  } else {
    stmt.BindInt(name, id);
  }
}

// The escalation column's JSON (0005_escalation.sql documents it).
std::string EscalationJson(const incident::EscalationState& e) {
  namespace json = boost::json;
  json::array paged, uncovered;
  for (const auto& p : e.paged) paged.emplace_back(p);
  for (const auto& u : e.uncovered) uncovered.emplace_back(u);
  json::object o{{"policy", e.policy},
                 {"level", e.level},
                 {"pass", e.pass},
                 {"since", ToUnixMillis(e.since)},
                 {"due", e.due ? json::value(ToUnixMillis(*e.due)) : json::value(nullptr)},
                 {"paged", std::move(paged)},
                 {"uncovered", std::move(uncovered)},
                 {"exhausted", e.exhausted}};
  return json::serialize(o);
}

}  // namespace

std::vector<std::string> StringsFromJson(std::string_view text) {
  namespace json = boost::json;
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& s : v.as_array()) {
    if (s.is_string()) out.emplace_back(s.as_string());
  }
  return out;
}

std::string StringsToJson(const std::vector<std::string>& strings) {
  boost::json::array a;
  for (const auto& s : strings) a.emplace_back(s);
  return boost::json::serialize(a);
}

namespace {

std::optional<incident::EscalationState> EscalationFromJson(std::string_view text) {
  namespace json = boost::json;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto str = [&](std::string_view k) -> const json::string* {
    const auto* p = o.if_contains(k);
    return p && p->is_string() ? &p->as_string() : nullptr;
  };
  auto num = [&](std::string_view k) -> std::optional<int64_t> {
    const auto* p = o.if_contains(k);
    if (!p || !p->is_int64()) return std::nullopt;
    return p->as_int64();
  };
  auto list = [&](std::string_view k, std::vector<std::string>& out) {
    const auto* p = o.if_contains(k);
    if (!p || !p->is_array()) return false;
    for (const auto& item : p->as_array()) {
      if (!item.is_string()) return false;
      out.emplace_back(item.as_string());
    }
    return true;
  };
  incident::EscalationState e;
  const auto* policy = str("policy");
  auto level = num("level");
  auto pass = num("pass");
  auto since = num("since");
  const auto* exhausted = o.if_contains("exhausted");
  if (!policy || !level || !pass || !since || !exhausted || !exhausted->is_bool() ||
      !list("paged", e.paged) || !list("uncovered", e.uncovered)) {
    return std::nullopt;
  }
  e.policy = std::string(*policy);
  e.level = static_cast<int>(*level);
  e.pass = static_cast<int>(*pass);
  e.since = FromUnixMillis(*since);
  if (auto due = num("due")) e.due = FromUnixMillis(*due);
  e.exhausted = exhausted->as_bool();
  return e;
}

}  // namespace

void BindIncident(Statement& stmt, const incident::Incident& inc, IncidentBuffers& buffers) {
  std::string& group_labels_json = buffers.group_labels;
  group_labels_json.clear();
  AppendLabelsJson(inc.group_labels, group_labels_json);
  stmt.BindText(":title", inc.title);
  stmt.BindText(":runbook_id", inc.runbook_id);
  stmt.BindText(":severity", inc.severity);
  stmt.BindText(":status", incident::ToString(inc.status));
  stmt.BindText(":group_key", inc.group_key);
  stmt.BindText(":group_labels", group_labels_json);
  stmt.BindTime(":opened_at", inc.opened_at);
  stmt.BindTime(":updated_at", inc.updated_at);
  stmt.BindOptionalTime(":monitoring_since", inc.monitoring_since);
  stmt.BindOptionalTime(":resolved_at", inc.resolved_at);
  if (inc.ack) {
    stmt.BindText(":ack_by", inc.ack->by);
    stmt.BindText(":ack_via", inc.ack->via);
    stmt.BindTime(":ack_at", inc.ack->at);
  } else {
    stmt.BindNull(":ack_by");
    stmt.BindNull(":ack_via");
    stmt.BindNull(":ack_at");
  }
  stmt.BindText(":lead", inc.lead);
  stmt.BindInt(":firing_alerts", inc.firing_alerts);
  stmt.BindInt(":total_alerts", inc.total_alerts);
  stmt.BindInt(":reopen_count", inc.reopen_count);
  stmt.BindText(":summary", inc.summary);
  stmt.BindText(":next_step", inc.next_step);
  stmt.BindText(":eta", inc.eta);
  stmt.BindText(":root_cause", inc.root_cause);
  if (inc.escalation) {
    buffers.escalation = EscalationJson(*inc.escalation);
    stmt.BindText(":escalation", buffers.escalation);
  } else {
    stmt.BindNull(":escalation");
  }
}

Result<incident::Incident> ReadIncident(const Statement& stmt) {
  incident::Incident inc;
  inc.id = stmt.Int(0);
  auto status = incident::ParseStatus(stmt.TextView(4));
  auto group_labels = LabelsFromJson(stmt.TextView(6));
  if (!status || !group_labels) {
    return Fail(ErrorCode::kInternal,
                fmt::format("sqlite store: incident {}: stored {} is malformed", inc.id,
                            status ? "group_labels" : "status"));
  }
  inc.title = stmt.Text(1);
  inc.runbook_id = stmt.Text(2);
  inc.severity = stmt.Text(3);
  inc.status = *status;
  inc.group_key = stmt.Text(5);
  inc.group_labels = std::move(*group_labels);
  inc.opened_at = stmt.TimeAt(7);
  inc.updated_at = stmt.TimeAt(8);
  inc.monitoring_since = stmt.OptionalTime(9);
  inc.resolved_at = stmt.OptionalTime(10);
  if (!stmt.IsNull(13)) {
    inc.ack = incident::Acknowledgement{stmt.Text(11), stmt.Text(12), stmt.TimeAt(13)};
  }
  inc.lead = stmt.Text(14);
  inc.firing_alerts = stmt.Int(15);
  inc.total_alerts = stmt.Int(16);
  inc.reopen_count = static_cast<int>(stmt.Int(17));
  inc.summary = stmt.Text(18);
  inc.next_step = stmt.Text(19);
  inc.eta = stmt.Text(20);
  inc.root_cause = stmt.Text(21);
  inc.version = stmt.Int(22);
  if (!stmt.IsNull(23)) {
    inc.escalation = EscalationFromJson(stmt.TextView(23));
    if (!inc.escalation) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: incident {}: stored escalation is malformed", inc.id));
    }
  }
  return inc;
}

void BindTimelineEntry(Statement& stmt, const incident::TimelineEntry& entry) {
  stmt.BindInt(":incident_id", entry.incident_id);
  stmt.BindTime(":at", entry.at);
  stmt.BindText(":kind", entry.kind);
  stmt.BindText(":actor", entry.actor);
  stmt.BindText(":via", entry.via);
  stmt.BindText(":text", entry.text);
  stmt.BindText(":data", entry.data);
}

Result<incident::TimelineEntry> ReadTimelineEntry(const Statement& stmt) {
  incident::TimelineEntry entry;
  entry.seq = stmt.Int(0);
  entry.incident_id = stmt.Int(1);
  entry.at = stmt.TimeAt(2);
  entry.kind = stmt.Text(3);
  entry.actor = stmt.Text(4);
  entry.via = stmt.Text(5);
  entry.text = stmt.Text(6);
  entry.data = stmt.Text(7);
  return entry;
}

void BindTimer(Statement& stmt, const Timer& timer) {
  stmt.BindText(":key", timer.key);
  stmt.BindText(":kind", timer.kind);
  BindReference(stmt, ":incident_id", timer.incident_id);
  stmt.BindTime(":due_at", timer.due_at);
  stmt.BindText(":payload", timer.payload);
}

Result<Timer> ReadTimer(const Statement& stmt) {
  Timer timer;
  timer.key = stmt.Text(0);
  timer.kind = stmt.Text(1);
  timer.incident_id = stmt.Int(2);
  timer.due_at = stmt.TimeAt(3);
  timer.payload = stmt.Text(4);
  return timer;
}

Status CheckRowShapes(Connection& conn) {
  for (const Shape& shape : kShapes) {
    auto stmt = conn.Query(shape.query);
    if (!stmt) return Fail(stmt.error());
    bool same = stmt->ColumnCount() == static_cast<int>(shape.columns.size());
    for (int i = 0; same && i < stmt->ColumnCount(); ++i) {
      same = stmt->ColumnName(i) == shape.columns[static_cast<size_t>(i)];
    }
    if (!same) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: query {} does not select the documented columns",
                              shape.query));
    }
  }
  return {};
}

}  // namespace klaxon::store::sqlite
