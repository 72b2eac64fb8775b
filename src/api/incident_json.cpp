#include "api/incident_json.h"

#include <boost/json/parse.hpp>

namespace klaxon::api {
namespace {

boost::json::value TimeOrNull(const std::optional<Time>& t) {
  if (!t) return nullptr;
  return boost::json::value(FormatTimestamp(*t));
}

}  // namespace

boost::json::object LabelsJson(const LabelSet& labels) {
  boost::json::object o;
  for (const auto& [k, v] : labels) o[k] = v;
  return o;
}

boost::json::object IncidentJson(const incident::Incident& inc, std::string_view prefix) {
  boost::json::object o;
  o["id"] = incident::DisplayId(prefix, inc.id);
  o["number"] = inc.id;
  o["title"] = inc.title;
  o["runbook"] = inc.runbook_id.empty() ? boost::json::value(nullptr) : boost::json::value(inc.runbook_id);
  o["severity"] = inc.severity;
  o["status"] = incident::ToString(inc.status);
  o["group"] = LabelsJson(inc.group_labels);
  o["opened_at"] = FormatTimestamp(inc.opened_at);
  o["updated_at"] = FormatTimestamp(inc.updated_at);
  o["monitoring_since"] = TimeOrNull(inc.monitoring_since);
  o["resolved_at"] = TimeOrNull(inc.resolved_at);
  if (inc.ack) {
    o["acknowledged"] = boost::json::object{
        {"by", inc.ack->by}, {"via", inc.ack->via}, {"at", FormatTimestamp(inc.ack->at)}};
  } else {
    o["acknowledged"] = nullptr;
  }
  o["lead"] = inc.lead.empty() ? boost::json::value(nullptr) : boost::json::value(inc.lead);
  o["firing_alerts"] = inc.firing_alerts;
  o["total_alerts"] = inc.total_alerts;
  o["reopen_count"] = inc.reopen_count;
  o["summary"] = inc.summary;
  o["next"] = inc.next_step;
  o["eta"] = inc.eta;
  o["root_cause"] = inc.root_cause;
  if (inc.escalation) {
    const auto& e = *inc.escalation;
    boost::json::array paged, uncovered;
    for (const auto& p : e.paged) paged.emplace_back(p);
    for (const auto& u : e.uncovered) uncovered.emplace_back(u);
    std::string_view state = e.due         ? "waiting"
                             : e.exhausted ? "exhausted"
                             : inc.ack     ? "acknowledged"
                             : !inc.IsOpen() ? "resolved"
                                             : "stopped";
    o["escalation"] = boost::json::object{{"policy", e.policy},
                                          {"level", e.level + 1},
                                          {"pass", e.pass + 1},
                                          {"state", state},
                                          {"paged_at", FormatTimestamp(e.since)},
                                          {"paged", std::move(paged)},
                                          {"uncovered", std::move(uncovered)},
                                          {"next_deadline", TimeOrNull(e.due)}};
  } else {
    o["escalation"] = nullptr;
  }
  o["version"] = inc.version;
  return o;
}

boost::json::object TimelineJson(const incident::TimelineEntry& e) {
  boost::json::object o;
  o["seq"] = e.seq;
  o["at"] = FormatTimestamp(e.at);
  o["kind"] = e.kind;
  o["actor"] = e.actor;
  o["via"] = e.via;
  o["text"] = e.text;
  boost::system::error_code ec;
  auto data = boost::json::parse(e.data.empty() ? "{}" : e.data, ec);
  o["data"] = ec ? boost::json::value(boost::json::object{}) : std::move(data);
  return o;
}

boost::json::object AlertJson(const store::AlertRecord& a, std::string_view prefix) {
  boost::json::object o;
  o["fingerprint"] = a.fingerprint.ToHex();
  o["status"] = a.firing ? "firing" : "resolved";
  o["labels"] = LabelsJson(a.labels);
  o["annotations"] = LabelsJson(a.annotations);
  o["starts_at"] = FormatTimestamp(a.starts_at);
  o["ends_at"] = TimeOrNull(a.ends_at);
  o["last_received_at"] = FormatTimestamp(a.last_received_at);
  o["source"] = a.source;
  o["integration"] = a.integration;
  o["generator_url"] = a.generator_url;
  if (!a.external_key.empty()) o["dedup_key"] = a.external_key;
  o["incident"] = a.incident_id ? boost::json::value(incident::DisplayId(prefix, a.incident_id))
                                : boost::json::value(nullptr);
  return o;
}

}  // namespace klaxon::api
