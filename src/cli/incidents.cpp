#include "cli/incidents.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <iostream>

#include "core/time.h"

namespace klaxon::cli {
namespace {

namespace json = boost::json;

// "3m", "2h10m" since an RFC 3339 timestamp, by the local clock.
std::string Age(const std::string& since) {
  auto t = ParseTimestamp(since);
  if (!t) return "?";
  auto now = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  auto d = std::chrono::duration_cast<std::chrono::seconds>(now - *t);
  if (d.count() < 0) return "0s";
  return FormatDuration(std::chrono::duration_cast<Duration>(
      d.count() >= 3600 ? std::chrono::duration_cast<std::chrono::minutes>(d) : d));
}

void PrintIncident(const json::value& inc) {
  std::cout << fmt::format("{}  {}\n", Str(inc, "id"), Str(inc, "title"));
  std::cout << fmt::format("  Severity:  {}\n", Str(inc, "severity"));
  std::cout << fmt::format("  Status:    {}\n", Str(inc, "status"));
  std::cout << fmt::format("  Runbook:   {}\n", Str(inc, "runbook").empty() ? "-" : Str(inc, "runbook"));
  std::cout << fmt::format("  Opened:    {} ({} ago)\n", Str(inc, "opened_at"), Age(Str(inc, "opened_at")));
  const auto& ack = inc.as_object().at("acknowledged");
  std::cout << fmt::format("  Ack:       {}\n",
                           ack.is_object() ? fmt::format("{} via {} at {}", Str(ack, "by"), Str(ack, "via"), Str(ack, "at"))
                                           : "not acknowledged");
  const auto* esc = inc.as_object().if_contains("escalation");
  if (esc && esc->is_object()) {
    std::string paged;
    for (const auto& p : esc->at("paged").as_array()) {
      paged += (paged.empty() ? "" : ", ") + std::string(p.as_string());
    }
    std::string state = Str(*esc, "state");
    std::cout << fmt::format("  Escalation: {} level {} ({}), paged {}{}\n", Str(*esc, "policy"),
                             esc->at("level").as_int64(), state, paged.empty() ? "nobody" : paged,
                             state == "waiting" ? ", next at " + Str(*esc, "next_deadline") : "");
  }
  std::cout << fmt::format("  Lead:      {}\n", Str(inc, "lead").empty() ? "unassigned" : Str(inc, "lead"));
  std::cout << fmt::format("  Alerts:    {} firing, {} in all\n", Str(inc, "firing_alerts"), Str(inc, "total_alerts"));
  if (!Str(inc, "summary").empty()) std::cout << fmt::format("  Summary:   {}\n", Str(inc, "summary"));
  if (!Str(inc, "next").empty()) std::cout << fmt::format("  Next:      {}\n", Str(inc, "next"));
  if (!Str(inc, "eta").empty()) std::cout << fmt::format("  ETA:       {}\n", Str(inc, "eta"));
  if (!Str(inc, "root_cause").empty()) std::cout << fmt::format("  Root cause: {}\n", Str(inc, "root_cause"));
}

int PrintOrJson(const ClientOptions& c, const Answer& a) {
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
  } else {
    PrintIncident(a.body);
  }
  return 0;
}

}  // namespace

int ListIncidents(const ClientOptions& c, const ListOptions& o) {
  std::string path = fmt::format("/api/v1/incidents?status={}&limit={}", Encode(o.status), o.limit);
  if (!o.severity.empty()) path += "&severity=" + Encode(o.severity);
  if (!o.runbook.empty()) path += "&runbook=" + Encode(o.runbook);
  auto a = Call(c, "GET", path);
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  const auto& items = a.body.at("incidents").as_array();
  if (items.empty()) {
    std::cout << "no incidents\n";
    return 0;
  }
  std::cout << fmt::format("{:<10} {:<5} {:<14} {:>7} {:<12} {}\n", "ID", "SEV", "STATUS", "AGE", "ACK", "TITLE");
  for (const auto& inc : items) {
    const auto& ack = inc.as_object().at("acknowledged");
    std::cout << fmt::format("{:<10} {:<5} {:<14} {:>7} {:<12} {}\n", Str(inc, "id"), Str(inc, "severity"),
                             Str(inc, "status"), Age(Str(inc, "opened_at")),
                             ack.is_object() ? Str(ack, "by") : "-", Str(inc, "title"));
  }
  return 0;
}

int ShowIncident(const ClientOptions& c, const std::string& id) {
  auto a = Call(c, "GET", "/api/v1/incidents/" + Encode(id));
  if (a.exit_code != 0 || c.json) return PrintOrJson(c, a);
  PrintIncident(a.body);
  std::cout << "\nTimeline:\n";
  for (const auto& e : a.body.at("timeline").as_array()) {
    std::cout << fmt::format("  {}  {:<16} {}\n", Str(e, "at"), Str(e, "kind"), Str(e, "text"));
  }
  const auto& alerts = a.body.at("alerts").as_array();
  if (!alerts.empty()) {
    std::cout << "\nAlerts:\n";
    for (const auto& al : alerts) {
      std::cout << fmt::format("  {:<8} {}  {}\n", Str(al, "status"), Str(al, "fingerprint"), Str(al, "labels"));
    }
  }
  return 0;
}

int AckIncident(const ClientOptions& c, const std::string& id) {
  return PrintOrJson(c, Call(c, "POST", "/api/v1/incidents/" + Encode(id) + "/ack"));
}

int EscalateIncident(const ClientOptions& c, const std::string& id) {
  return PrintOrJson(c, Call(c, "POST", "/api/v1/incidents/" + Encode(id) + "/escalate"));
}

int ResolveIncident(const ClientOptions& c, const std::string& id, const ResolveOptions& o) {
  json::object body{{"root_cause", o.root_cause}};
  if (!o.resolution.empty()) body["resolution"] = o.resolution;
  if (!o.impact_users.empty() || !o.impact_payments.empty() || !o.impact_revenue.empty()) {
    body["impact"] = json::object{
        {"users", o.impact_users}, {"payments", o.impact_payments}, {"revenue", o.impact_revenue}};
  }
  return PrintOrJson(c, Call(c, "POST", "/api/v1/incidents/" + Encode(id) + "/resolve", json::serialize(body)));
}

int UpdateIncident(const ClientOptions& c, const std::string& id, const UpdateOptions& o) {
  json::object body{{"summary", o.summary}, {"next", o.next}, {"eta", o.eta}};
  if (!o.status.empty()) body["status"] = o.status;
  return PrintOrJson(c, Call(c, "POST", "/api/v1/incidents/" + Encode(id) + "/updates", json::serialize(body)));
}

int AssignLead(const ClientOptions& c, const std::string& id, const std::string& person) {
  json::object body{{"lead", person}};
  return PrintOrJson(c, Call(c, "POST", "/api/v1/incidents/" + Encode(id) + "/lead", json::serialize(body)));
}

int ShowActions(const ClientOptions& c, const std::string& id) {
  auto a = Call(c, "GET", "/api/v1/incidents/" + Encode(id) + "/actions");
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cout << "Runbook steps:\n";
  for (const auto& s : a.body.at("actions").as_array()) {
    const auto& approval = s.at("requires_approval");
    std::cout << fmt::format("  {:>2}. {:<18} {}{}\n", s.at("step").as_int64(), Str(s, "type"),
                             Str(s, "name"),
                             approval.is_string()
                                 ? fmt::format(" (approval: {})", std::string(approval.as_string()))
                                 : "");
  }
  std::cout << "\nRun:\n";
  for (const auto& s : a.body.at("steps").as_array()) {
    const auto& r = s.at("result");
    std::string status = r.is_object() && r.as_object().contains("exit_code")
                             ? fmt::format("exit {}", r.at("exit_code").as_int64())
                         : r.is_object() && r.as_object().contains("http_status")
                             ? fmt::format("HTTP {}", r.at("http_status").as_int64())
                             : "";
    std::cout << fmt::format("  {}  step {:<2} {:<11} {:<9} {} by {} via {}  {}\n",
                             Str(s, "started_at"), s.at("step").as_int64(), Str(s, "kind"),
                             Str(s, "state"), status, Str(s, "actor"), Str(s, "via"),
                             json::serialize(s.at("command")));
  }
  return 0;
}

int ActOnStep(const ClientOptions& c, const std::string& id, int step, const std::string& what) {
  return PrintOrJson(c, Call(c, "POST", fmt::format("/api/v1/incidents/{}/actions/{}/{}",
                                                    Encode(id), step, what)));
}

}  // namespace klaxon::cli
