#include "demo/scenarios.h"

#include <algorithm>
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

// ---- What the scenario does -------------------------------------------------

Step Break(std::string title, std::function<void(Faults&)> change, std::string account) {
  return {std::move(title), [change](Play& p) { p.cocopay->Change(change); },
          [account](Play&) -> Seen { return account; }};
}

// An alert as the handbook's monitoring would send it, through the generic
// ingest API; `firing` false resolves it.
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

Step Ack() {
  return {"The on-call (Maya) acknowledges",
          [](Play& p) { cli::Call(p.oncall, "POST", "/api/v1/incidents/" + p.incident + "/ack"); },
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

// ---- What shows it happened ---------------------------------------------------

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

Step Status(std::string title, std::string status, std::function<void(Play&)> act = nullptr) {
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

// The ending every scenario shares once the symptom is gone.
void Finish(std::vector<Step>& steps) {
  steps.push_back(Resolved());
  steps.push_back(Postmortem());
}

Scenario Rb001() {
  Scenario s{"rb-001", "RB-001", "API Health Check Failing",
             "The simulated CocoPay API goes down; klaxon's http probes (api-up, api-ready) find it.", {}};
  auto& st = s.steps;
  st.push_back(Break("The API goes down (a bad deploy: /up and /health/ready answer 503)",
                     [](Faults& f) { f.api_down = true; f.restart_mends = false; },
                     "the simulated API answers 503"));
  st.push_back(Opens("The probe fires; RB-001 opens a SEV1 incident", "RB-001", "SEV1"));
  st.push_back(SlackIncident());
  st.push_back({"The runbook restarts the API (Railway), before anyone is paged", nullptr,
                [](Play& p) -> Seen {
                  if (p.cocopay->restarts() == 0) return std::nullopt;
                  for (const auto& m : p.Thread()) {
                    if (m.text.find("Automated remediation tried \"Restart API (Railway)\"") !=
                        std::string::npos) {
                      return "railway service restart api; #incidents thread: " +
                             LineWith(m.text, "Automated remediation tried");
                    }
                  }
                  return std::nullopt;
                }});
  st.push_back(Timeline("The re-check after 2 minutes still fails", "Re-check after 2m: still failing"));
  st.push_back(PagerDuty("PagerDuty is triggered: the on-call is paged", "trigger"));
  st.push_back(Ack());
  st.push_back(PagerDuty("PagerDuty hears the acknowledgement", "acknowledge"));
  st.push_back(Update("identified", "Deploy 4f2a1c broke the health controller",
                      "Rolling back to the previous deploy", "10 min"));
  st.push_back(Update("fixing", "Rollback of 4f2a1c in progress", "Watching /up and error rates", "5 min"));
  st.push_back(Status("The rollback lands and the API recovers: the probes pass, Monitoring",
                      "monitoring", [](Play& p) { p.cocopay->Change([](Faults& f) { f.api_down = false; }); }));
  Finish(st);
  st.push_back(PagerDuty("PagerDuty hears the resolution", "resolve"));
  return s;
}

// A symptom the demo does not run: the alert the handbook's monitoring
// would send, as it would send it.
Step Monitoring(std::string what, json::object labels, std::string summary, bool firing = true) {
  std::string title =
      firing ? fmt::format("{}: the alert its monitoring sends ({})", what, Str(labels, "alertname"))
             : fmt::format("{}: its monitoring resolves the alert", what);
  return Alert(std::move(title), std::move(labels), json::object{{"summary", std::move(summary)}}, firing);
}

// "Automated remediation tried "<name>"" in the incident's thread.
Step Tried(std::string title, std::string action) {
  return SlackReply(std::move(title), fmt::format("Automated remediation tried \"{}\"", action));
}

Scenario Rb002() {
  Scenario s{"rb-002", "RB-002", "Payment Failures Spike",
             "The simulated CocoPay's payment_failed share rises; klaxon's prometheus probe "
             "(payment-failure-rate) asks the simulation's Prometheus API.", {}};
  auto& st = s.steps;
  st.push_back(Break("Relayr starts refusing bundles: 23% of payments fail",
                     [](Faults& f) { f.payment_failure_rate = 0.23; }, "payment_failed rate 0.23"));
  st.push_back(Opens("The probe fires after 2 minutes; RB-002 opens a SEV2 incident", "RB-002", "SEV2"));
  st.push_back(SlackIncident());
  st.push_back(PagedOnCall());
  st.push_back(Ack());
  st.push_back(Update("identified", "Relayr answers 502 to bundle submissions",
                      "Queueing payments, retrying when Relayr is up", "30 min"));
  st.push_back(Status("Relayr is back and the queue drains: the failure rate falls, Monitoring", "monitoring",
                      [](Play& p) { p.cocopay->Change([](Faults& f) { f.payment_failure_rate = 0.01; }); }));
  Finish(st);
  return s;
}

Scenario Rb003() {
  Scenario s{"rb-003", "RB-003", "Database Connection Issues",
             "The demo runs no PostgreSQL: the scenario sends the alert the database's monitoring "
             "would (through the ingest API); the runbook's SQL and diagnostics find no database "
             "and say so.", {}};
  auto& st = s.steps;
  json::object labels{{"alertname", "DatabaseConnectionErrors"}, {"service", "database"}, {"scope", "all"}};
  st.push_back(Monitoring("PG::ConnectionBad on every endpoint", labels,
                          "PG::ConnectionBad: could not connect to server"));
  st.push_back(Opens("RB-003 opens a SEV1 incident (every endpoint affected)", "RB-003", "SEV1"));
  st.push_back(SlackIncident());
  st.push_back(Tried("The runbook clears stale connections", "Clear stale connections"));
  st.push_back(Timeline("The re-check after 1 minute still fails; the runbook goes on",
                        "Re-check after 1m: still failing"));
  st.push_back(Tried("The runbook restarts the API", "Restart service if still failing"));
  st.push_back(Timeline("Terminating long queries waits for a lead's approval", "approval"));
  st.push_back(Approve(5, "terminate queries running over 5 minutes"));
  st.push_back(Timeline("The SQL finds no database (the demo runs none): remediation stops and escalates",
                        "Remediation stopped"));
  st.push_back(PagerDuty("PagerDuty is triggered: the on-call is paged", "trigger"));
  st.push_back(Ack());
  st.push_back(Update("identified", "Connection pool exhausted by a leaking worker",
                      "Restarting the workers, raising the pool size", "15 min"));
  st.push_back(Monitoring("The workers restart and connections succeed", labels, "", false));
  st.push_back(Status("The alert resolves: Monitoring", "monitoring"));
  Finish(st);
  return s;
}

Scenario Rb004() {
  Scenario s{"rb-004", "RB-004", "Blockchain RPC Errors",
             "The simulated primary Base RPC answers errors; klaxon's jsonrpc probe (base-rpc) "
             "compares it with the backup.", {}};
  auto& st = s.steps;
  st.push_back(Break("The primary Base RPC starts answering errors",
                     [](Faults& f) { f.rpc_primary_failing = true; },
                     "eth_blockNumber -> error -32603 upstream unavailable"));
  st.push_back(Opens("The probe fires; RB-004 opens a SEV3 incident for chain base", "RB-004", "SEV3"));
  st.push_back(SlackIncident());
  st.push_back({"The runbook switches CocoPay to the backup RPC", nullptr, [](Play& p) -> Seen {
                  if (p.cocopay->failovers() == 0) return std::nullopt;
                  return "POST /internal/ops/rpc-failover answered by the simulated CocoPay";
                }});
  st.push_back(SlackReply("#incidents is told", "Switched blockchain RPC to the backup provider"));
  st.push_back(Timeline("The re-check after 5 minutes still fails: the on-call is paged",
                        "Re-check after 5m: still failing"));
  st.push_back(Ack());
  st.push_back(Update("identified", "Alchemy degraded on Base; the backup RPC serves us",
                      "Waiting for Alchemy, watching the retry queue", "unknown"));
  st.push_back(Status("Alchemy recovers: the probe passes, Monitoring", "monitoring",
                      [](Play& p) { p.cocopay->Change([](Faults& f) { f.rpc_primary_failing = false; }); }));
  Finish(st);
  return s;
}

Scenario Rb005() {
  Scenario s{"rb-005", "RB-005", "Redis Connection Issues",
             "The demo runs no Redis: the scenario sends the alert Redis's monitoring would "
             "(through the ingest API); the automated diagnostics find no Redis and say so.", {}};
  auto& st = s.steps;
  json::object labels{{"alertname", "RedisDown"}, {"service", "redis"}};
  st.push_back(Monitoring("Redis stops answering PING", labels, "Redis not answering PING"));
  st.push_back(Opens("RB-005 opens a SEV2 incident", "RB-005", "SEV2"));
  st.push_back(SlackIncident());
  st.push_back(Tried("The runbook forces a reconnect", "Force reconnect"));
  st.push_back(Tried("The re-check fails; the runbook restarts the API", "Restart service if still failing"));
  st.push_back(PagerDuty("The last re-check still fails: PagerDuty is triggered", "trigger"));
  st.push_back(Ack());
  st.push_back(PagerDuty("PagerDuty hears the acknowledgement", "acknowledge"));
  st.push_back(Update("identified", "Redis hit maxmemory and was restarted by Railway",
                      "Raising maxmemory, watching sessions", "20 min"));
  st.push_back(Monitoring("Redis answers again", labels, "", false));
  st.push_back(Status("The alert resolves: Monitoring", "monitoring"));
  Finish(st);
  return s;
}

Scenario Rb006() {
  Scenario s{"rb-006", "RB-006", "High Error Rate (Generic)",
             "The simulated API's 5xx share rises; klaxon's prometheus probe (api-error-rate) "
             "asks the simulation's Prometheus API.", {}};
  auto& st = s.steps;
  st.push_back(Break("The API starts failing 12% of requests",
                     [](Faults& f) { f.error_rate = 0.12; }, "5xx share 0.12"));
  st.push_back(Opens("Sustained for 5 minutes: RB-006 opens a SEV2 incident", "RB-006", "SEV2"));
  st.push_back(SlackIncident());
  st.push_back(PagedOnCall());
  st.push_back(Ack());
  st.push_back(Update("identified", "A new N+1 query times out on /v1/balances",
                      "Hotfix deploying", "20 min"));
  st.push_back(Status("The hotfix lands: the error rate falls, Monitoring", "monitoring",
                      [](Play& p) { p.cocopay->Change([](Faults& f) { f.error_rate = 0.004; }); }));
  Finish(st);
  return s;
}

Scenario Rb007() {
  Scenario s{"rb-007", "RB-007", "Memory Leak / OOM",
             "The simulated API is killed for running out of memory; klaxon's prometheus probe "
             "(api-oom-kills) asks the simulation's Prometheus API.", {}};
  auto& st = s.steps;
  st.push_back(Break("The OOM killer kills the API twice",
                     [](Faults& f) { f.oom_kills = 2; f.memory_forecast = 1.3; }, "2 OOM kills in 10 minutes"));
  st.push_back(Opens("The probe fires; RB-007 opens a SEV2 incident", "RB-007", "SEV2"));
  st.push_back(SlackIncident());
  st.push_back({"The runbook restarts the API, releasing memory", nullptr, [](Play& p) -> Seen {
                  if (p.cocopay->restarts() == 0) return std::nullopt;
                  for (const auto& m : p.Thread()) {
                    std::string needle = "Automated remediation tried \"Restart service (releases memory)\"";
                    if (m.text.find(needle) != std::string::npos) {
                      return "railway service restart api; #incidents thread: " + LineWith(m.text, needle);
                    }
                  }
                  return std::nullopt;
                }});
  st.push_back(PagerDuty("The runbook escalates for investigation: PagerDuty is triggered", "trigger"));
  st.push_back(Ack());
  st.push_back(Update("identified", "Image uploads keep decoded bitmaps in a class-level cache",
                      "Bounding the cache; profiling", "1 hour"));
  st.push_back(Status("Memory stays flat after the restart: Monitoring", "monitoring"));
  Finish(st);
  return s;
}

Scenario Rb008() {
  Scenario s{"rb-008", "RB-008", "Reserves Wallet Low Balance",
             "The simulated reserves wallet drains; klaxon's exec probe (reserves-wallet) reads it "
             "through the Railway stand-in.", {}};
  auto& st = s.steps;
  st.push_back(Break("Gas spending drains the reserves wallet to $640",
                     [](Faults& f) { f.wallet_balance = 640; }, "balance $640.00"));
  st.push_back(Opens("Under $1000 for 5 minutes: RB-008 opens a SEV3 incident", "RB-008", "SEV3"));
  st.push_back(SlackIncident());
  st.push_back(PagedOnCall());
  st.push_back(Ack());
  st.push_back(Update("fixing", "Burn rate doubled by a retry loop on Arbitrum",
                      "Topping up from treasury; fixing the retry loop", "30 min"));
  st.push_back(Status("Treasury tops the wallet up to $5000: the probe passes, Monitoring", "monitoring",
                      [](Play& p) { p.cocopay->Change([](Faults& f) { f.wallet_balance = 5000; }); }));
  Finish(st);
  return s;
}

}  // namespace

std::vector<std::string> ScenarioIds() {
  return {"rb-001", "rb-002", "rb-003", "rb-004", "rb-005", "rb-006", "rb-007", "rb-008"};
}

std::optional<Scenario> FindScenario(const std::string& id) {
  std::string lower = id;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "rb-001") return Rb001();
  if (lower == "rb-002") return Rb002();
  if (lower == "rb-003") return Rb003();
  if (lower == "rb-004") return Rb004();
  if (lower == "rb-005") return Rb005();
  if (lower == "rb-006") return Rb006();
  if (lower == "rb-007") return Rb007();
  if (lower == "rb-008") return Rb008();
  return std::nullopt;
}

}  // namespace klaxon::demo
