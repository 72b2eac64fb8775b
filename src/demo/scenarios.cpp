#include "demo/scenarios.h"

#include <algorithm>

#include "demo/steps.h"

namespace klaxon::demo {
namespace {

namespace json = boost::json;

Scenario Rb001() {
  Scenario s{"rb-001", "RB-001", "API Health Check Failing",
             "The simulated CocoPay API goes down; klaxon's http probes (api-up, api-ready) find it.", {}};
  auto& st = s.steps;
  st.push_back(Break("The API goes down (a bad deploy: /up and /health/ready answer 503)",
                     [](Faults& f) { f.api_down = true; f.restart_mends = false; },
                     "the simulated API answers 503"));
  st.push_back(Opens("The probe fires; RB-001 opens a SEV1 incident", "RB-001", "SEV1"));
  st.push_back(SlackIncident());
  st.push_back(Restarted("The runbook restarts the API (Railway), before anyone is paged",
                         "Restart API (Railway)"));
  st.push_back(Timeline("The re-check after 2 minutes still fails", "Re-check after 2m: still failing"));
  st.push_back(PagerDuty("PagerDuty is triggered: the on-call is paged", "trigger"));
  st.push_back(Ack());
  st.push_back(PagerDuty("PagerDuty hears the acknowledgement", "acknowledge"));
  st.push_back(Update("identified", "Deploy 4f2a1c broke the health controller",
                      "Rolling back to the previous deploy", "10 min"));
  st.push_back(Update("fixing", "Rollback of 4f2a1c in progress", "Watching /up and error rates", "5 min"));
  st.push_back(Recovers("The rollback lands and the API recovers: the probes pass, Monitoring",
                        [](Faults& f) { f.api_down = false; }));
  Finish(st);
  st.push_back(PagerDuty("PagerDuty hears the resolution", "resolve"));
  return s;
}

Scenario Rb002() {
  return ByHand({"rb-002", "RB-002", "Payment Failures Spike",
                 "The simulated CocoPay's payment_failed share rises; klaxon's prometheus probe "
                 "(payment-failure-rate) asks the simulation's Prometheus API.", {}},
                Break("Relayr starts refusing bundles: 23% of payments fail",
                      [](Faults& f) { f.payment_failure_rate = 0.23; }, "payment_failed rate 0.23"),
                Opens("The probe fires after 2 minutes; RB-002 opens a SEV2 incident", "RB-002", "SEV2"),
                Update("identified", "Relayr answers 502 to bundle submissions",
                       "Queueing payments, retrying when Relayr is up", "30 min"),
                Recovers("Relayr is back and the queue drains: the failure rate falls, Monitoring",
                         [](Faults& f) { f.payment_failure_rate = 0.01; }));
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
  st.push_back({"The runbook switches CocoPay to the backup RPC", nullptr, [](Play& p) -> std::optional<std::string> {
                  if (p.cocopay->failovers() == 0) return std::nullopt;
                  return "POST /internal/ops/rpc-failover answered by the simulated CocoPay";
                }});
  st.push_back(SlackReply("#incidents is told", "Switched blockchain RPC to the backup provider"));
  st.push_back(Timeline("The re-check after 5 minutes still fails: the on-call is paged",
                        "Re-check after 5m: still failing"));
  st.push_back(Ack());
  st.push_back(Update("identified", "Alchemy degraded on Base; the backup RPC serves us",
                      "Waiting for Alchemy, watching the retry queue", "unknown"));
  st.push_back(Recovers("Alchemy recovers: the probe passes, Monitoring",
                        [](Faults& f) { f.rpc_primary_failing = false; }));
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
  return ByHand({"rb-006", "RB-006", "High Error Rate (Generic)",
                 "The simulated API's 5xx share rises; klaxon's prometheus probe (api-error-rate) "
                 "asks the simulation's Prometheus API.", {}},
                Break("The API starts failing 12% of requests", [](Faults& f) { f.error_rate = 0.12; },
                      "5xx share 0.12"),
                Opens("Sustained for 5 minutes: RB-006 opens a SEV2 incident", "RB-006", "SEV2"),
                Update("identified", "A new N+1 query times out on /v1/balances", "Hotfix deploying",
                       "20 min"),
                Recovers("The hotfix lands: the error rate falls, Monitoring",
                         [](Faults& f) { f.error_rate = 0.004; }));
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
  st.push_back(Restarted("The runbook restarts the API, releasing memory",
                         "Restart service (releases memory)"));
  st.push_back(PagerDuty("The runbook escalates for investigation: PagerDuty is triggered", "trigger"));
  st.push_back(Ack());
  st.push_back(Update("identified", "Image uploads keep decoded bitmaps in a class-level cache",
                      "Bounding the cache; profiling", "1 hour"));
  st.push_back(Status("Memory stays flat after the restart: Monitoring", "monitoring"));
  Finish(st);
  return s;
}

Scenario Rb008() {
  return ByHand({"rb-008", "RB-008", "Reserves Wallet Low Balance",
                 "The simulated reserves wallet drains; klaxon's exec probe (reserves-wallet) reads it "
                 "through the Railway stand-in.", {}},
                Break("Gas spending drains the reserves wallet to $640",
                      [](Faults& f) { f.wallet_balance = 640; }, "balance $640.00"),
                Opens("Under $1000 for 5 minutes: RB-008 opens a SEV3 incident", "RB-008", "SEV3"),
                Update("fixing", "Burn rate doubled by a retry loop on Arbitrum",
                       "Topping up from treasury; fixing the retry loop", "30 min"),
                Recovers("Treasury tops the wallet up to $5000: the probe passes, Monitoring",
                         [](Faults& f) { f.wallet_balance = 5000; }));
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
