// Access control end to end, table-driven: every mutating route the real
// binary registers (read from GET /api/v1/routes, so a route added without a
// row here fails) is called with no credential, with a revoked and an expired
// token (401), with each role below the one it needs (403) and with the one
// it needs (2xx, and the caller is the actor on the timeline). Ingest routes
// take only their integration's key, inbound Slack and PagerDuty only their
// signatures. Tokens are issued by the server itself (POST /api/v1/tokens)
// and by `klaxon tokens`. Waits poll with a deadline, never sleep.
#include <signal.h>

#include <chrono>
#include <set>
#include <thread>

#include "tests/e2e/inbound_fixture.h"

namespace klaxon::e2e {
namespace {

namespace json = boost::json;

// A runbook whose first step runs by itself and whose second waits for a
// lead; a heartbeat probe and its integration.
constexpr const char* kAccess = R"yaml(
integrations:
  - {id: cron, type: heartbeat, key: "${E2E_CRON_KEY}"}
runbooks:
  - id: RB-009
    title: Payments API down
    severity: SEV1
    match: ['alertname="PaymentsDown"']
    auto_remediate: true
    actions:
      - name: Restart payments
        exec: ["true"]
      - name: Drain queue
        exec: ["true"]
        requires_approval: lead
probes:
  - id: nightly-backup
    kind: heartbeat
    interval: 1h
    grace: 5m
    integration: cron
    labels: {alertname: BackupMissing, service: backup}
)yaml";

constexpr const char* kCronKey = "cron-key-0123456789";
const std::vector<std::string> kRoles = {"viewer", "engineer", "oncall", "lead", "admin"};

int Rank(const std::string& role) {
  for (size_t i = 0; i < kRoles.size(); ++i) {
    if (kRoles[i] == role) return static_cast<int>(i);
  }
  return -1;
}

// How one mutating route is called and what it needs.
struct Rule {
  std::string access;  // what GET /api/v1/routes must declare
  // role routes: the role that succeeds (may be above the declared minimum,
  // e.g. approving a step that requires a lead)
  std::string need;
  // Prepares what a successful call needs; returns the path with its
  // parameters filled in, and sets the body.
  std::function<std::string(std::string& body)> prepare;
  // The timeline line kind the actor must appear on ("" for none: no incident).
  std::string line;
};

class AccessE2E : public InboundE2E {
 protected:
  std::string ExtraYaml() const override { return kAccess; }
  std::map<std::string, std::string> MoreEnv() const override { return {{"E2E_CRON_KEY", kCronKey}}; }

  // Issues a token through the API with the configured admin token.
  std::string Issue(const std::string& name, const std::string& role, const std::string& expires = "") {
    json::object body{{"name", name}, {"role", role}};
    if (!expires.empty()) body["expires_in"] = expires;
    auto r = Call("POST", "/api/v1/tokens", json::serialize(body), Admin());
    EXPECT_EQ(r.status, 201) << r.body;
    auto v = Json(r);
    return v.is_object() ? Str(v, "token") : "";
  }
  // A new incident of RB-001 (SEV1, escalating) that stays open; its ref.
  std::string OpenIncident(const std::string& alertname = "ApiDown") {
    json::object alert{{"labels", json::object{{"alertname", alertname},
                                                {"service", "svc-" + std::to_string(++opened_)}}},
                       {"ends_at", "2099-01-01T00:00:00Z"}};
    auto r = Call("POST", "/api/v1/alerts", json::serialize(alert), GenericKey());
    EXPECT_EQ(r.status, 202) << r.body;
    auto v = Json(r);
    return v.is_object() ? Str(v.at("alerts").at(0), "incident") : "";
  }
  // Polls `ready` for up to 30 seconds.
  static bool Eventually(const std::function<bool()>& ready) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (ready()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a poll interval, not a wait for an effect
    }
    return ready();
  }
  http::ClientResponse Post(const std::string& path, const std::string& body, const std::string& bearer) {
    return Call("POST", path, body, bearer);
  }

  int opened_ = 0;
};

TEST_F(AccessE2E, EveryMutatingRouteRefusesTheWrongCallerAndRecordsTheRightOne) {
  // Tokens of each role, and a revoked and an expired admin token.
  std::map<std::string, std::string> token;
  for (const auto& role : kRoles) token[role] = Issue("t-" + role, role);
  std::string revoked = Issue("t-revoked", "admin");
  ASSERT_EQ(Post("/api/v1/tokens/t-revoked/revoke", "", Admin()).status, 200);
  std::string expired = Issue("t-expired", "admin", "1h");
  AdvanceClock("61m");
  Issue("to-revoke", "viewer");
  ASSERT_NE(token["admin"], "");

  std::map<std::string, Rule> rules;
  auto incident_rule = [&](std::string need, std::string action, std::string body, std::string line) {
    return Rule{"role:" + need, need,
                [this, action, body](std::string& b) {
                  b = body;
                  return "/api/v1/incidents/" + OpenIncident() + action;
                },
                line};
  };
  rules["POST /api/v1/incidents/{id}/ack"] = incident_rule("engineer", "/ack", "", "acknowledged");
  rules["POST /api/v1/incidents/{id}/resolve"] =
      incident_rule("engineer", "/resolve", R"({"root_cause":"x"})", "resolved");
  rules["POST /api/v1/incidents/{id}/escalate"] = incident_rule("oncall", "/escalate", "", "escalated");
  rules["POST /api/v1/incidents/{id}/updates"] =
      incident_rule("engineer", "/updates", R"({"summary":"s"})", "update");
  rules["POST /api/v1/incidents/{id}/lead"] =
      incident_rule("engineer", "/lead", R"({"lead":"alice"})", "lead_assigned");
  rules["POST /api/v1/incidents/{id}/severity"] =
      incident_rule("lead", "/severity", R"({"severity":"SEV2","reason":"r"})", "severity_changed");
  // Remediation: running a step by hand is for engineers; approving the
  // step that waits for a lead needs a lead (the route's minimum is engineer).
  auto remediated = [&]() {
    std::string ref = OpenIncident("PaymentsDown");
    EXPECT_TRUE(Eventually([&] {
      auto inc = Incident(ref);
      if (!inc.is_object()) return false;
      for (const auto& l : inc.at("timeline").as_array()) {
        if (Str(l, "text").find("waits for approval by lead") != std::string::npos) return true;
      }
      return false;
    })) << ref;
    return ref;
  };
  rules["POST /api/v1/incidents/{id}/actions/{step}/run"] =
      Rule{"role:engineer", "engineer",
           [&](std::string& b) {
             b = "";
             return "/api/v1/incidents/" + remediated() + "/actions/1/run";
           },
           "remediation"};
  rules["POST /api/v1/incidents/{id}/actions/{step}/approve"] =
      Rule{"role:engineer", "lead",
           [&](std::string& b) {
             b = "";
             return "/api/v1/incidents/" + remediated() + "/actions/2/approve";
           },
           "remediation"};
  // Post-mortems are decided when an incident resolves; engineers keep them.
  auto resolved = [&]() {
    std::string ref = OpenIncident();
    auto r = Post("/api/v1/incidents/" + ref + "/resolve", R"({"root_cause":"x"})", Admin());
    EXPECT_EQ(r.status, 200) << r.body;
    return ref;
  };
  rules["POST /api/v1/incidents/{id}/postmortem"] =
      Rule{"role:engineer", "engineer",
           [&](std::string& b) {
             b = R"({"state":"drafted"})";
             return "/api/v1/incidents/" + resolved() + "/postmortem";
           },
           "postmortem"};
  rules["POST /api/v1/incidents/{id}/postmortem/action_items"] =
      Rule{"role:engineer", "engineer",
           [&](std::string& b) {
             b = R"({"action":"Add a connection pool alarm","owner":"alice"})";
             return "/api/v1/incidents/" + resolved() + "/postmortem/action_items";
           },
           "postmortem_action_item"};
  rules["POST /api/v1/incidents/{id}/postmortem/action_items/{item}"] =
      Rule{"role:engineer", "engineer",
           [&](std::string& b) {
             std::string items = "/api/v1/incidents/" + resolved() + "/postmortem/action_items";
             auto r = Post(items, R"({"action":"Add a connection pool alarm","owner":"alice"})", Admin());
             EXPECT_EQ(r.status / 100, 2) << r.body;
             auto added = Json(r);
             const auto* item = added.is_object() ? added.as_object().if_contains("action_item") : nullptr;
             b = R"({"status":"done"})";
             return items + "/" + (item && item->is_object() ? std::to_string(item->at("id").to_number<int64_t>()) : "0");
           },
           "postmortem_action_item"};
  // The status page is for leads (the handbook's Tools table: "Engineering lead+").
  rules["POST /api/v1/incidents/{id}/publish"] = incident_rule("lead", "/publish", "", "status_page");
  auto published = [&]() {
    auto r = Post("/api/v1/incidents/" + OpenIncident() + "/publish", "", Admin());
    EXPECT_EQ(r.status, 201) << r.body;
    auto v = Json(r);
    return "/api/v1/status/incidents/" + (v.is_object() ? Str(v, "id") : std::string("0"));
  };
  rules["POST /api/v1/status/incidents/{pid}/updates"] =
      Rule{"role:lead", "lead",
           [&](std::string& b) {
             b = R"({"status":"identified","body":"Found it."})";
             return published() + "/updates";
           },
           ""};
  rules["POST /api/v1/status/incidents/{pid}/resolve"] =
      Rule{"role:lead", "lead", [&](std::string& b) { b = ""; return published() + "/resolve"; }, ""};
  const std::string window =
      R"({"name":"Upgrade","scheduled_for":"2099-01-01T00:00:00Z","duration":"1h"})";
  rules["POST /api/v1/status/maintenances"] =
      Rule{"role:lead", "lead", [&](std::string& b) { b = window; return std::string("/api/v1/status/maintenances"); }, ""};
  rules["POST /api/v1/status/maintenances/{mid}/cancel"] =
      Rule{"role:lead", "lead",
           [&](std::string& b) {
             auto r = Post("/api/v1/status/maintenances", window, Admin());
             EXPECT_EQ(r.status, 201) << r.body;
             auto v = Json(r);
             b = "";
             return "/api/v1/status/maintenances/" + (v.is_object() ? Str(v, "id") : std::string("0")) + "/cancel";
           },
           ""};
  rules["POST /api/v1/admin/clock"] =
      Rule{"role:admin", "admin", [](std::string& b) { b = R"({"by":"1s"})"; return std::string("/api/v1/admin/clock"); }, ""};
  rules["POST /api/v1/tokens"] = Rule{"role:admin", "admin",
                                      [](std::string& b) {
                                        b = R"({"name":"made-here","role":"viewer"})";
                                        return std::string("/api/v1/tokens");
                                      },
                                      ""};
  rules["POST /api/v1/tokens/{name}/revoke"] =
      Rule{"role:admin", "admin", [](std::string& b) { b = ""; return std::string("/api/v1/tokens/to-revoke/revoke"); }, ""};
  // Integration keys: the path and a body, then the right key.
  struct Ingest {
    std::string path, body, key;
    bool routing_key = false;  // the key goes in the body (PagerDuty Events v2)
  };
  const std::string pd_key = "e93facc04764012d7bfb002500d5d1a6";
  std::map<std::string, Ingest> ingest = {
      {"POST /api/v2/alerts",
       {"/api/v2/alerts", R"([{"labels":{"alertname":"ApiDown","service":"am"}}])", AmKey()}},
      {"POST /api/v1/webhooks/alertmanager",
       {"/api/v1/webhooks/alertmanager",
        R"({"version":"4","groupKey":"{}:{alertname=\"ApiDown\"}","truncatedAlerts":0,)"
        R"("status":"firing","receiver":"klaxon","groupLabels":{"alertname":"ApiDown"},)"
        R"("commonLabels":{"alertname":"ApiDown","service":"amw"},"commonAnnotations":{},)"
        R"("externalURL":"https://alertmanager.example","alerts":[{"status":"firing",)"
        R"("labels":{"alertname":"ApiDown","service":"amw"},"annotations":{},)"
        R"("startsAt":"2025-08-07T09:14:22.114Z","endsAt":"0001-01-01T00:00:00Z",)"
        R"("generatorURL":"https://prom/graph","fingerprint":"3f8c1a2b9d4e5f61"}]})",
        AmKey()}},
      {"POST /api/v1/alerts", {"/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"gen"}})", GenericKey()}},
      {"POST /v2/enqueue",
       {"/v2/enqueue",
        R"({"routing_key":"@KEY@","event_action":"trigger","dedup_key":"d1",)"
        R"("payload":{"summary":"s","source":"x","severity":"critical"}})",
        pd_key, true}},
      {"POST /api/v1/heartbeats/{id}", {"/api/v1/heartbeats/nightly-backup", "", kCronKey}},
  };
  std::set<std::string> signatures = {"POST /api/v1/slack/actions", "POST /api/v1/slack/commands",
                                      "POST /api/v1/webhooks/pagerduty"};

  auto routes = Json(Call("GET", "/api/v1/routes", "", Viewer()));
  ASSERT_TRUE(routes.is_object());
  std::set<std::string> seen;
  for (const auto& r : routes.at("routes").as_array()) {
    std::string method = Str(r, "method"), path = Str(r, "path"), access = Str(r, "access");
    EXPECT_NE(access, "") << method << " " << path << " declares no access";
    if (method == "GET" || method == "HEAD") {
      // Reads: public ones answer without a token, the others refuse it.
      if (access == "public" || path.find('{') != std::string::npos) continue;
      EXPECT_EQ(Call(method, path).status, 401) << path;
      continue;
    }
    const std::string key = method + " " + path;
    seen.insert(key);
    SCOPED_TRACE(key);
    if (auto it = rules.find(key); it != rules.end()) {
      const Rule& rule = it->second;
      EXPECT_EQ(access, rule.access);
      std::string body;
      std::string target = rule.prepare(body);
      EXPECT_EQ(Post(target, body, "").status, 401);
      EXPECT_EQ(Post(target, body, revoked).status, 401) << "revoked";
      EXPECT_EQ(Post(target, body, expired).status, 401) << "expired";
      EXPECT_EQ(Post(target, body, kCronKey).status, 401) << "an integration key is not an API token";
      for (const auto& role : kRoles) {
        if (Rank(role) >= Rank(rule.need)) break;
        EXPECT_EQ(Post(target, body, token[role]).status, 403) << role;
      }
      auto ok = Post(target, body, token[rule.need]);
      EXPECT_GE(ok.status, 200) << ok.body;
      EXPECT_LT(ok.status, 300) << ok.body;
      if (!rule.line.empty()) {
        std::string ref = target.substr(std::string("/api/v1/incidents/").size());
        ref = ref.substr(0, ref.find('/'));
        const std::string actor = "t-" + rule.need;
        bool recorded = Eventually([&] {
          auto inc = Incident(ref);
          if (!inc.is_object()) return false;
          for (const auto& l : inc.at("timeline").as_array()) {
            if (Str(l, "kind") == rule.line && Str(l, "actor") == actor) return true;
          }
          return false;
        });
        EXPECT_TRUE(recorded) << "no " << rule.line << " line by " << actor << " on " << ref;
      }
    } else if (auto in = ingest.find(key); in != ingest.end()) {
      const Ingest& i = in->second;
      auto with = [&](const std::string& k) {
        if (!i.routing_key) return Post(i.path, i.body, k);
        std::string body = i.body;
        body.replace(body.find("@KEY@"), 5, k);
        return Post(i.path, body, "");
      };
      EXPECT_EQ(access.rfind("integration:", 0), 0u) << access;
      // Refused: 401, or for a routing key in the body also 400 (PagerDuty
      // checks its shape first).
      auto refused = [&](int status) { return status == 401 || (i.routing_key && status == 400); };
      for (const auto& role : kRoles) {
        int status = with(token[role]).status;
        EXPECT_TRUE(refused(status)) << role << " " << status;
      }
      int admin_status = with(Admin()).status;
      EXPECT_TRUE(refused(admin_status)) << "a configured admin token: " << admin_status;
      if (!i.routing_key) {
        EXPECT_EQ(Post(i.path, i.body, "").status, 401);
        // Another integration's key: known, but of the wrong type.
        EXPECT_EQ(with(i.key == GenericKey() ? AmKey() : GenericKey()).status, 403);
      }
      auto ok = with(i.key);
      EXPECT_GE(ok.status, 200) << ok.body;
      EXPECT_LT(ok.status, 300) << ok.body;
    } else if (signatures.count(key)) {
      EXPECT_EQ(access.rfind("signature:", 0), 0u) << access;
      for (const auto& role : kRoles) {
        EXPECT_EQ(Post(path, "payload=x", token[role]).status, 401) << role;
      }
      http::ClientResponse ok;
      if (path == "/api/v1/slack/commands") {
        ok = Slack(path, CommandBody("U0VERA", "status"));
      } else if (path == "/api/v1/slack/actions") {
        ok = Slack(path, ClickBody("U0ALICE", "incident_ack", OpenIncident(), slack_->ResponseUrl(), TopTs()));
      } else {
        ok = PagerDuty(PdEvent("incident.acknowledged", "EVT-1", OpenIncident()), "W-1");
      }
      EXPECT_EQ(ok.status, 200) << ok.body;
    } else {
      ADD_FAILURE() << key << " (" << access << ") has no row in this test: say who may call it";
    }
  }
  for (const auto& [key, rule] : rules) EXPECT_TRUE(seen.count(key)) << key << " is not registered";
  for (const auto& [key, i] : ingest) EXPECT_TRUE(seen.count(key)) << key << " is not registered";
  for (const auto& key : signatures) EXPECT_TRUE(seen.count(key)) << key << " is not registered";
}

testing::RunResult KlaxonCli(std::vector<std::string> args) {
  args.insert(args.begin(), testing::KlaxonBinary());
  return testing::Run(args, {});
}

TEST_F(AccessE2E, TheTokensCommandIssuesListsAndRevokesWithoutShowingSecretsAgain) {
  std::vector<std::string> srv{"tokens", "--server", server_->url(), "--token", Admin()};
  auto with = [&](std::vector<std::string> a) {
    std::vector<std::string> out = srv;
    out.insert(out.end(), a.begin(), a.end());
    return KlaxonCli(out);
  };
  auto created = with({"create", "--name", "ci", "--role", "engineer", "--person", "alice", "--expires", "90d"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::string secret = created.out.substr(0, created.out.find('\n'));
  ASSERT_TRUE(secret.starts_with("klx_")) << created.out;
  EXPECT_NE(created.err.find("shown only now"), std::string::npos) << created.err;

  // The new token works at once, as alice, with the engineer role.
  ASSERT_EQ(Post("/api/v1/incidents/INC-1/ack", "", secret).status, 200);
  EXPECT_EQ(Str(Incident("INC-1").at("acknowledged"), "by"), "alice");
  EXPECT_EQ(Post("/api/v1/incidents/INC-1/severity", R"({"severity":"SEV2"})", secret).status, 403);

  auto list = with({"list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("ci "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("engineer"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(secret), std::string::npos) << "a secret was listed";
  auto json_list = with({"--json", "list"});
  EXPECT_EQ(json_list.out.find(secret.substr(4)), std::string::npos);
  EXPECT_EQ(json_list.out.find("digest"), std::string::npos);

  EXPECT_NE(with({"create", "--name", "ci", "--role", "viewer"}).exit_code, 0) << "the name is taken";
  EXPECT_NE(with({"create", "--name", "admin", "--role", "viewer"}).exit_code, 0)
      << "a configured token's name";
  EXPECT_NE(with({"create", "--name", "x", "--role", "root"}).exit_code, 0);
  auto viewer = KlaxonCli({"tokens", "--server", server_->url(), "--token", Viewer(), "list"});
  EXPECT_EQ(viewer.exit_code, 1) << "tokens are for admins";

  auto revoked = with({"revoke", "ci"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(Post("/api/v1/incidents/INC-1/updates", R"({"summary":"s"})", secret).status, 401);
  EXPECT_NE(with({"revoke", "ci"}).exit_code, 0) << "already revoked";

  // Issued tokens survive a restart; revoked ones stay revoked.
  auto again = with({"create", "--name", "ci2", "--role", "viewer"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  std::string second = again.out.substr(0, again.out.find('\n'));
  server_->process().Signal(SIGTERM);
  server_->process().Wait();
  server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env_, ExtraArgs());
  ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  EXPECT_EQ(Call("GET", "/api/v1/incidents", "", second).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/incidents", "", secret).status, 401);
}

}  // namespace
}  // namespace klaxon::e2e
