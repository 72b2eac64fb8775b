#include "testing/test_config.h"

namespace klaxon::testing {
namespace {

std::vector<rules::Matcher> Ms(std::initializer_list<const char*> texts) {
  std::vector<rules::Matcher> out;
  for (auto t : texts) out.push_back(*rules::Matcher::Parse(t));
  return out;
}

}  // namespace

config::Config SmallConfig() {
  using namespace std::chrono;
  config::Config c;
  c.source_file = "test";
  int rank = 0;
  for (auto [id, rt, upd] : {std::tuple{"SEV1", minutes(15), minutes(15)},
                             std::tuple{"SEV2", minutes(60), minutes(15)},
                             std::tuple{"SEV3", minutes(240), minutes(60)},
                             std::tuple{"SEV4", minutes(1440), minutes(1440)}}) {
    config::Severity s;
    s.id = id;
    s.name = id;
    s.response_time = rt;
    s.update_every = upd;
    s.rank = rank++;
    c.severities.push_back(s);
  }
  c.incidents.quiet_period = minutes(5);
  c.incidents.reopen_window = minutes(30);
  c.incidents.resolve_timeout = minutes(5);
  c.incidents.unmatched_severity = "SEV4";

  config::Runbook rb1;
  rb1.id = "RB-001";
  rb1.title = "API Health Check Failing";
  rb1.route = {"RB-001", rb1.title, Ms({"alertname=~\"ApiDown|ApiNotReady\""}), "SEV1", {}, {"service"}};
  config::Runbook rb3;
  rb3.id = "RB-003";
  rb3.title = "Database Connection Issues";
  rb3.route = {"RB-003", rb3.title, Ms({"alertname=\"DatabaseConnectionErrors\""}), "SEV2",
               {{Ms({"scope=\"all\""}), "SEV1"}}, {"service"}};
  config::Runbook rb8;
  rb8.id = "RB-008";
  rb8.title = "Reserves Wallet Low Balance";
  rb8.route = {"RB-008", rb8.title, Ms({"alertname=\"ReservesWalletLow\""}), "SEV3",
               {{Ms({"level=\"critical\""}), "SEV2"}}, {"chain"}};
  c.runbooks = {rb1, rb3, rb8};

  c.integrations = {{"prometheus", "alertmanager", "am-secret-key", "", {}},
                    {"pd", "pagerduty", "e93facc04764012d7bfb002500d5d1a6", "", {}},
                    {"scripts", "generic", "generic-secret-key", "", {}}};
  c.people = {{.id = "alice", .name = "Alice", .slack_user = "U1", .role = access::Role::kOnCall},
              {.id = "carol", .name = "Carol", .slack_user = "U3", .role = access::Role::kLead}};
  c.api_tokens = {{"viewer", "viewer-token", access::Role::kViewer, "", {}},
                  {"alice", "alice-token", access::Role::kOnCall, "alice", {}},
                  {"carol", "carol-token", access::Role::kLead, "carol", {}},
                  {"admin", "admin-token", access::Role::kAdmin, "", {}}};
  return c;
}

}  // namespace klaxon::testing
