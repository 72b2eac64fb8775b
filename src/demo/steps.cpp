#include "demo/steps.h"

#include <memory>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::demo {
namespace {

namespace json = boost::json;
using Seen = std::optional<std::string>;

std::string Str(const json::value& v, std::string_view key) {
  const auto* p = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return p && p->is_string() ? std::string(p->get_string()) : std::string();
}

std::string FirstLine(std::string_view text) { return std::string(text.substr(0, text.find('\n'))); }

// The line of `text` holding `needle`.
std::string LineWith(std::string_view text, std::string_view needle) {
  size_t at = text.find(needle);
  if (at == std::string_view::npos) return "";
  size_t begin = text.rfind('\n', at);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  return FirstLine(text.substr(begin));
}

// An alert through the generic ingest API; `firing` false resolves it.
Step Alert(std::string title, json::object labels, json::object annotations, bool firing) {
  auto accepted = std::make_shared<std::optional<std::string>>();
  json::object body{{"labels", labels}, {"annotations", annotations}};
  if (!firing) body["status"] = "resolved";
  std::string text = json::serialize(body);
  return {std::move(title),
          [accepted, text, labels](Play& p) {
            auto a = cli::Call(p.ingest, "POST", "/api/v1/alerts", text);
            if (a.exit_code == 0) {
              *accepted = fmt::format("POST /api/v1/alerts {} accepted", Str(labels, "alertname"));
            }
          },
          [accepted](Play&) { return *accepted; }};
}

}  // namespace

Step Break(std::string title, std::function<void(Faults&)> change, std::string account) {
  return {std::move(title), [change](Play& p) { p.cocopay->Change(change); },
          [account](Play&) -> Seen { return account; }};
}

Step Ack() {
  return {"The primary on-call acknowledges",
          [](Play& p) {
            // Whoever the rotation has on call now (Maya and Diego take weekly turns).
            auto a = cli::Call(p.oncall, "GET", "/api/v1/oncall?schedule=primary");
            if (a.exit_code == 0 && a.body.at("schedules").as_array().size() == 1) {
              std::string person = Str(a.body.at("schedules").at(0).at("now"), "person");
              if (auto t = p.tokens.find(person); t != p.tokens.end()) p.oncall.token = t->second;
            }
            cli::Call(p.oncall, "POST", "/api/v1/incidents/" + p.incident + "/ack");
          },
          [](Play& p) -> Seen {
            auto inc = p.Incident();
            if (!inc || !inc->at("acknowledged").is_object()) return std::nullopt;
            return fmt::format("acknowledged by {} via {}", Str(inc->at("acknowledged"), "by"),
                               Str(inc->at("acknowledged"), "via"));
          }};
}

Step Update(std::string status, std::string summary, std::string next, std::string eta) {
  json::object body{{"status", status}, {"summary", summary}, {"next", next}, {"eta", eta}};
  std::string text = json::serialize(body);
  return {fmt::format("The on-call posts an update ({})", status),
          [text](Play& p) {
            cli::Call(p.oncall, "POST", "/api/v1/incidents/" + p.incident + "/updates", text);
          },
          [summary](Play& p) -> Seen {
            for (const auto& m : p.Thread()) {
              if (m.thread_ts.empty()) continue;
              if (m.text.find("🟡 UPDATE") != std::string::npos &&
                  m.text.find(summary) != std::string::npos) {
                return "#incidents: 🟡 UPDATE, " + LineWith(m.text, summary);
              }
            }
            return std::nullopt;
          }};
}

Step Approve(int step, std::string what) {
  return {fmt::format("The engineering lead (Sam) approves: {}", what),
          [step](Play& p) {
            cli::Call(p.lead, "POST",
                      fmt::format("/api/v1/incidents/{}/actions/{}/approve", p.incident, step));
          },
          [](Play& p) -> Seen {
            if (!p.TimelineHas("approved by sam")) return std::nullopt;
            return "approved by sam";
          }};
}

Step Opens(std::string title, std::string runbook, std::string severity) {
  return {std::move(title), nullptr, [runbook, severity](Play& p) -> Seen {
            auto a = cli::Call(p.oncall, "GET", "/api/v1/incidents?status=all&runbook=" + runbook);
            if (a.exit_code != 0) return std::nullopt;
            const auto& list = a.body.at("incidents").as_array();
            if (list.empty()) return std::nullopt;
            const auto& inc = list.front();  // newest first
            if (Str(inc, "severity") != severity) return std::nullopt;
            p.incident = Str(inc, "id");
            p.title = Str(inc, "title");
            return fmt::format("{} opened: {} ({}, {})", p.incident, Str(inc, "title"), severity,
                               runbook);
          }};
}

Step SlackIncident() {
  return {"Slack gets 🔴 INCIDENT in #incidents", nullptr, [](Play& p) -> Seen {
            auto thread = p.Thread();
            if (thread.empty() || thread.front().text.find("🔴 INCIDENT") == std::string::npos) {
              return std::nullopt;
            }
            return "#incidents: " + FirstLine(thread.front().text);
          }};
}

// A reply in the incident's thread holding `text`.
Step SlackReply(std::string title, std::string text) {
  return {std::move(title), nullptr, [text](Play& p) -> Seen {
            for (const auto& m : p.Thread()) {
              if (!m.thread_ts.empty() && m.text.find(text) != std::string::npos) {
                return "#incidents thread: " + LineWith(m.text, text);
              }
            }
            return std::nullopt;
          }};
}

Step Timeline(std::string title, std::string text) {
  return {std::move(title), nullptr, [text](Play& p) -> Seen {
            auto inc = p.Incident();
            if (!inc) return std::nullopt;
            for (const auto& line : inc->at("timeline").as_array()) {
              std::string t = Str(line, "text");
              if (t.find(text) != std::string::npos) return "timeline: " + FirstLine(t);
            }
            return std::nullopt;
          }};
}

Step PagedOnCall() {
  return {"The escalation policy pages the primary on-call (level 1)", nullptr, [](Play& p) -> Seen {
            auto inc = p.Incident();
            if (!inc || !inc->at("escalation").is_object()) return std::nullopt;
            const auto& e = inc->at("escalation");
            if (e.at("paged").as_array().empty()) return std::nullopt;
            std::string who;
            for (const auto& x : e.at("paged").as_array()) who += (who.empty() ? "" : ", ") + std::string(x.as_string());
            return fmt::format("level {} paged: {}", e.at("level").to_number<int>(), who);
          }};
}

Step PagerDuty(std::string title, std::string action) {
  return {std::move(title), nullptr, [action](Play& p) -> Seen {
            auto e = p.PagerDuty(action);
            if (!e) return std::nullopt;
            return fmt::format("PagerDuty {} {}", e->event_action, e->dedup_key);
          }};
}

Step Status(std::string title, std::string status, std::function<void(Play&)> act) {
  return {std::move(title), std::move(act), [status](Play& p) -> Seen {
            auto inc = p.Incident();
            if (!inc || Str(*inc, "status") != status) return std::nullopt;
            return fmt::format("{} is {}", p.incident, status);
          }};
}

Step Resolved() {
  return {"Quiet for the quiet period: 🟢 RESOLVED in #incidents", nullptr, [](Play& p) -> Seen {
            auto inc = p.Incident();
            if (!inc || Str(*inc, "status") != "resolved") return std::nullopt;
            for (const auto& m : p.Thread()) {
              if (m.text.find("🟢 RESOLVED") != std::string::npos) {
                return "#incidents: " + LineWith(m.text, "🟢 RESOLVED");
              }
            }
            return std::nullopt;
          }};
}

// The post-mortem decision; a required one's draft is printed.
Step Postmortem() {
  return {"The post-mortem decision (and the draft, when one is required)", nullptr,
          [](Play& p) -> Seen {
            auto a = cli::Call(p.oncall, "GET", "/api/v1/incidents/" + p.incident + "/postmortem");
            if (a.exit_code != 0 || Str(a.body, "state") == "undecided") return std::nullopt;
            if (!a.body.at("required").as_bool()) return "not required for this incident";
            std::string reasons;
            for (const auto& r : a.body.at("reasons").as_array()) {
              reasons += (reasons.empty() ? "" : "; ") + std::string(r.as_string());
            }
            p.print("\n----- post-mortem draft (klaxon postmortem " + p.incident + ") -----\n" +
                    Str(a.body, "markdown") + "\n----- end of draft -----\n");
            return "required (" + reasons + "), draft printed above";
          }};
}

// The simulation mended by `change` (a rollback, a fix, a top-up); the
// probes see it and the incident goes to Monitoring.
Step Recovers(std::string title, std::function<void(Faults&)> change) {
  return Status(std::move(title), "monitoring",
                [change](Play& p) { p.cocopay->Change(change); });
}

// The runbook's restart: the Railway stand-in ran it, and the incident's
// thread says what was tried.
Step Restarted(std::string title, std::string action) {
  std::string needle = fmt::format("Automated remediation tried \"{}\"", action);
  return {std::move(title), nullptr, [needle](Play& p) -> Seen {
            if (p.cocopay->restarts() == 0) return std::nullopt;
            for (const auto& m : p.Thread()) {
              if (m.text.find(needle) != std::string::npos) {
                return "railway service restart api; #incidents thread: " + LineWith(m.text, needle);
              }
            }
            return std::nullopt;
          }};
}

// The ending every scenario shares once the symptom is gone.
void Finish(std::vector<Step>& steps) {
  steps.push_back(Resolved());
  steps.push_back(Postmortem());
}

// A symptom the demo does not run: the alert the handbook's monitoring
// would send, as it would send it.
Step Monitoring(std::string what, json::object labels, std::string summary, bool firing) {
  std::string title =
      firing ? fmt::format("{}: the alert its monitoring sends ({})", what, Str(labels, "alertname"))
             : fmt::format("{}: its monitoring resolves the alert", what);
  return Alert(std::move(title), std::move(labels), json::object{{"summary", std::move(summary)}}, firing);
}

// "Automated remediation tried "<name>"" in the incident's thread.
Step Tried(std::string title, std::string action) {
  return SlackReply(std::move(title), fmt::format("Automated remediation tried \"{}\"", action));
}

// A runbook without automated actions: the symptom, the incident, 🔴
// INCIDENT, the first level of the escalation policy paged, the on-call's
// acknowledgement and update, the recovery, and the shared ending.
Scenario ByHand(Scenario s, Step symptom, Step opens, Step update, Step recovers) {
  s.steps = {std::move(symptom), std::move(opens), SlackIncident(), PagedOnCall(),
             Ack(),              std::move(update), std::move(recovers)};
  Finish(s.steps);
  return s;
}

}  // namespace klaxon::demo
