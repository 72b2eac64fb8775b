// The public status page with the real binary on simulated time: a lead
// publishes an RB-002 incident with the runbook's pre-filled message (API,
// then `klaxon status`) and it reads back from /status, the feed and
// /api/v2/*.json without a token; nothing of the internal incident leaks
// into any public answer; only leads and admins publish; maintenance
// windows follow the clock; the history keeps 90 days. Waits poll with a
// deadline, never sleep.
#include <chrono>
#include <fstream>
#include <thread>

#include "core/time.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

namespace json = boost::json;

// RB-002 as in the handbook (its status page texts), with an automated
// diagnostic whose output, like everything internal, must stay internal.
constexpr const char* kStatusPage = R"yaml(
  - id: RB-002
    title: Payment Failures Spike
    severity: SEV2
    match: ['alertname="PaymentFailureRateHigh"']
    investigation:
      - title: Identify failure type payment_failed_internal_marker
        auto: true
        exec: ["echo", "diag-output-9c41 from db-7.internal.cocopay.net"]
    communication:
      status_page:
        investigating:
          title: Investigating issues with payments
          body: |
            We're aware of issues affecting some payments and are actively investigating.
            Payments may be delayed. We'll update as soon as we have more information.
        identified:
          title: Identified - Payment processing delays
          body: |
            We've identified the issue causing payment delays.
            Our team is implementing a fix. Payments are being queued and will process shortly.
        resolved:
          title: Resolved - Payment processing restored
          body: |
            Payment processing is back to normal.
            Any delayed payments have been processed. Thank you for your patience.
status_page:
  id: cocopay
  title: CocoPay Status
  components:
    - {id: api, name: API, group: Core, services: [api], runbooks: [RB-001]}
    - {id: payments, name: Payments, group: Core, runbooks: [RB-002]}
    - {id: notifications, name: Notifications}
)yaml";

const std::vector<std::string> kPublicPaths = {
    "/status", "/status/feed.atom", "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json",
    "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json",
    "/api/v2/scheduled-maintenances/upcoming.json", "/api/v2/scheduled-maintenances/active.json"};

std::string ContentType(const http::ClientResponse& r) {
  for (const auto& [k, v] : r.headers) {
    if (k == "content-type") return v;
  }
  return "";
}

class StatusPageE2E : public E2E {
 protected:
  void SetUp() override {
    std::string cfg = kConfig;
    // RB-002 joins the fixture's runbooks; the status page follows.
    cfg.replace(cfg.find("people:"), 0, std::string(kStatusPage).substr(1) + "\n");
    // The status_page section must not sit inside `runbooks`: move it to the end.
    auto at = cfg.find("status_page:\n  id: cocopay");
    std::string section = cfg.substr(at, cfg.find("people:") - at);
    cfg.erase(at, section.size());
    cfg += section;
    std::ofstream(ConfigPath()) << cfg;
    Start();
    for (const auto& role : {"viewer", "engineer", "oncall", "lead"}) token_[role] = Issue(std::string("t-") + role, role);
  }
  std::string Issue(const std::string& name, const std::string& role) {
    auto r = Call("POST", "/api/v1/tokens", json::serialize(json::object{{"name", name}, {"role", role}}), Admin());
    EXPECT_EQ(r.status, 201) << r.body;
    auto v = Json(r);
    return v.is_object() ? Str(v, "token") : "";
  }
  std::string Lead() { return token_["lead"]; }
  template <class Pred>
  bool Eventually(Pred pred) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a poll interval, not a wait for an effect
    }
    return pred();
  }
  // Fires RB-002's alert; returns its incident once the engine opened it.
  std::string OpenPayments(const json::object& labels = {}, const json::object& annotations = {}) {
    json::object l{{"alertname", "PaymentFailureRateHigh"}, {"service", "payments"}};
    for (const auto& [k, v] : labels) l[k] = v;
    json::object alert{{"labels", l}, {"annotations", annotations}, {"ends_at", "2099-01-01T00:00:00Z"}};
    auto r = Call("POST", "/api/v1/alerts", json::serialize(alert), GenericKey());
    EXPECT_EQ(r.status, 202) << r.body;
    auto v = Json(r);
    return v.is_object() ? Str(v.at("alerts").at(0), "incident") : "";
  }
  // A public GET, without any token.
  http::ClientResponse Public(const std::string& path) {
    auto r = Call("GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r;
  }
  json::value PublicJson(const std::string& path) { return Json(Public(path)); }
  std::vector<std::string> Lines(const std::string& ref, std::string_view kind) {
    std::vector<std::string> out;
    auto inc = Incident(ref);
    for (const auto& e : inc.at("timeline").as_array()) {
      if (Str(e, "kind") == kind) out.push_back(Str(e, "actor") + " via " + Str(e, "via"));
    }
    return out;
  }
  std::vector<std::string> Server() const { return {"--server", server_->url()}; }

  std::map<std::string, std::string> token_;
};

TEST_F(StatusPageE2E, AnRb002IncidentIsPublishedWithItsPrefilledMessageAndReadsBack) {
  // Nothing published yet: all operational, and the page says so.
  auto quiet = PublicJson("/api/v2/summary.json");
  EXPECT_EQ(quiet.at("status").at("indicator").as_string(), "none");
  EXPECT_EQ(quiet.at("page").at("name").as_string(), "CocoPay Status");
  EXPECT_TRUE(quiet.at("page").at("url").as_string().ends_with("/status"));  // server.external_url + /status
  EXPECT_NE(Public("/status").body.find("All Systems Operational"), std::string::npos);

  std::string ref = OpenPayments();
  ASSERT_EQ(ref, "INC-1");
  // An open incident is not public by itself.
  EXPECT_EQ(PublicJson("/api/v2/incidents.json").at("incidents").as_array().size(), 0u);

  // The draft, pre-filled from RB-002.
  auto draft = Call("GET", "/api/v1/incidents/INC-1/publish", "", Viewer());
  ASSERT_EQ(draft.status, 200) << draft.body;
  auto d = Json(draft);
  EXPECT_EQ(d.at("draft").at("name").as_string(), "Investigating issues with payments");
  EXPECT_EQ(d.at("draft").at("impact").as_string(), "major");  // SEV2
  EXPECT_EQ(d.at("draft").at("components").at(0).at("id").as_string(), "payments");
  EXPECT_EQ(d.at("draft").at("components").at(0).at("status").as_string(), "partial_outage");
  EXPECT_EQ(d.at("messages").at("resolved").at("title").as_string(), "Resolved - Payment processing restored");
  EXPECT_TRUE(d.at("published").is_null());

  // One call publishes it as drafted.
  auto pub = Call("POST", "/api/v1/incidents/INC-1/publish", "", Lead());
  ASSERT_EQ(pub.status, 201) << pub.body;
  auto p = Json(pub);
  const std::string pid = Str(p, "id");
  EXPECT_EQ(Str(p, "incident"), "INC-1");
  EXPECT_EQ(Str(p, "name"), "Investigating issues with payments");
  EXPECT_EQ(Lines(ref, "status_page"), std::vector<std::string>{"t-lead via api"});
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/publish", "", Lead()).status, 409);

  auto summary = PublicJson("/api/v2/summary.json");
  EXPECT_EQ(summary.at("status").at("indicator").as_string(), "major");
  ASSERT_EQ(summary.at("incidents").as_array().size(), 1u);
  const auto& inc = summary.at("incidents").at(0);
  EXPECT_EQ(Str(inc, "name"), "Investigating issues with payments");
  EXPECT_EQ(Str(inc, "status"), "investigating");
  EXPECT_EQ(Str(inc.at("incident_updates").at(0), "body"),
            "We're aware of issues affecting some payments and are actively investigating.\n"
            "Payments may be delayed. We'll update as soon as we have more information.\n");
  EXPECT_EQ(Str(summary.at("components").at(1), "status"), "partial_outage");
  EXPECT_EQ(Str(summary.at("components").at(0), "status"), "operational");
  auto page = Public("/status");
  EXPECT_NE(ContentType(page).find("text/html"), std::string::npos) << ContentType(page);
  EXPECT_NE(page.body.find("Investigating issues with payments"), std::string::npos);
  EXPECT_NE(page.body.find("Payments may be delayed."), std::string::npos);
  EXPECT_NE(page.body.find("Partial outage"), std::string::npos);

  // The CLI posts the runbook's identified text, then resolves.
  std::map<std::string, std::string> env{{"KLAXON_TOKEN", Lead()}};
  auto r = Klaxon({"status", "update", pid, "--status", "identified", "--server", server_->url()}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("We've identified the issue causing payment delays."), std::string::npos) << r.out;
  r = Klaxon({"status", "resolve", pid, "--server", server_->url()}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(ref, "status_page"), (std::vector<std::string>{"t-lead via api", "t-lead via cli", "t-lead via cli"}));

  auto after = PublicJson("/api/v2/summary.json");
  EXPECT_EQ(after.at("status").at("indicator").as_string(), "none");
  EXPECT_EQ(after.at("incidents").as_array().size(), 0u);
  auto history = PublicJson("/api/v2/incidents.json").at("incidents").as_array();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(Str(history[0], "status"), "resolved");
  ASSERT_EQ(history[0].at("incident_updates").as_array().size(), 3u);
  EXPECT_EQ(Str(history[0].at("incident_updates").at(0), "body"),
            "Payment processing is back to normal.\n"
            "Any delayed payments have been processed. Thank you for your patience.\n");
  auto feed = Public("/status/feed.atom");
  EXPECT_NE(ContentType(feed).find("application/atom+xml"), std::string::npos);
  EXPECT_NE(feed.body.find("<title>Resolved - Payment processing restored</title>"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("<title>Investigating: Resolved - Payment processing restored</title>"), std::string::npos);
  EXPECT_EQ(Str(history[0], "name"), "Resolved - Payment processing restored");
  EXPECT_NE(Public("/status").body.find("Past incidents"), std::string::npos);

  // The public routes are read-only.
  for (const auto& path : kPublicPaths) {
    EXPECT_EQ(Call("POST", path, "{}", Admin()).status, 405) << path;
    EXPECT_EQ(Call("DELETE", path, "", Admin()).status, 405) << path;
  }
}

TEST_F(StatusPageE2E, NothingInternalReachesAnyPublicAnswer) {
  std::string ref = OpenPayments(
      json::object{{"instance", "db-7.internal.cocopay.net:5432"}, {"pod", "payments-7d9f-xk2"}},
      json::object{{"description", "pool exhausted; last query hit ledger_secret_table"},
                   {"runbook_url", "https://wiki.internal.cocopay.net/rb-002"}});
  // The diagnostic ran and its output is on the internal incident.
  ASSERT_TRUE(Eventually([&] { return json::serialize(Incident(ref)).find("diag-output-9c41") != std::string::npos; }));
  ASSERT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/ack", "", Alice()).status, 200);
  ASSERT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/lead", R"({"lead":"alice"})", Admin()).status, 200);
  ASSERT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/updates",
                 R"({"status":"identified","summary":"rolled back deploy a1b2c3 on payments-worker-3"})", Alice())
                .status,
            200);
  // Everything internal, as the responders see it.
  const std::vector<std::string> internal = {
      "db-7.internal.cocopay.net", "payments-7d9f-xk2", "ledger_secret_table", "wiki.internal.cocopay.net",
      "diag-output-9c41", "payment_failed_internal_marker", "Alice Example", "rolled back deploy a1b2c3",
      "PaymentFailureRateHigh", "Payment Failures Spike", "t-lead", "INC-1"};
  std::string inside = json::serialize(Incident(ref)) + Call("GET", "/api/v1/incidents/" + ref + "/actions", "", Viewer()).body;
  for (const auto& s : {"db-7.internal.cocopay.net", "payments-7d9f-xk2", "ledger_secret_table", "diag-output-9c41",
                        "rolled back deploy a1b2c3", "PaymentFailureRateHigh", "Payment Failures Spike", "INC-1"}) {
    EXPECT_NE(inside.find(s), std::string::npos) << s << " should be on the internal incident";
  }

  auto pub = Call("POST", "/api/v1/incidents/" + ref + "/publish", "", Lead());
  ASSERT_EQ(pub.status, 201) << pub.body;
  std::string pid = Str(Json(pub), "id");
  ASSERT_EQ(Call("POST", "/api/v1/status/incidents/" + pid + "/updates",
                 R"({"status":"monitoring","body":"A fix is out; we are watching payments."})", Lead())
                .status,
            200);
  ASSERT_EQ(Call("POST", "/api/v1/status/maintenances",
                 R"({"name":"Database upgrade","body":"Payments may be slower.","components":["payments"],
                     "scheduled_for":"2099-01-01T00:00:00Z","duration":"2h"})",
                 Lead())
                .status,
            201);
  for (bool resolved : {false, true}) {
    if (resolved) {
      ASSERT_EQ(Call("POST", "/api/v1/status/incidents/" + pid + "/resolve", "", Lead()).status, 200);
    }
    for (const auto& path : kPublicPaths) {
      std::string body = Public(path).body;
      for (const auto& s : internal) {
        EXPECT_EQ(body.find(s), std::string::npos) << path << " shows \"" << s << "\"";
      }
    }
  }
  // The public text is there, so the searches above looked at something.
  EXPECT_NE(Public("/status").body.find("A fix is out; we are watching payments."), std::string::npos);
}

TEST_F(StatusPageE2E, OnlyLeadsAndAdminsPublishUpdateAndScheduleMaintenance) {
  std::string ref = OpenPayments();
  const std::string maintenance =
      R"({"name":"Upgrade","scheduled_for":"2099-01-01T00:00:00Z","scheduled_until":"2099-01-01T01:00:00Z"})";
  for (const auto& role : {"viewer", "engineer", "oncall"}) {
    SCOPED_TRACE(role);
    EXPECT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/publish", "", token_[role]).status, 403);
    EXPECT_EQ(Call("POST", "/api/v1/status/maintenances", maintenance, token_[role]).status, 403);
  }
  EXPECT_EQ(Call("POST", "/api/v1/incidents/" + ref + "/publish", "").status, 401);
  auto pub = Call("POST", "/api/v1/incidents/" + ref + "/publish", "", Admin());
  ASSERT_EQ(pub.status, 201) << pub.body;
  std::string pid = Str(Json(pub), "id");
  auto m = Call("POST", "/api/v1/status/maintenances", maintenance, Admin());
  ASSERT_EQ(m.status, 201) << m.body;
  std::string mid = Str(Json(m), "id");
  for (const auto& role : {"viewer", "engineer", "oncall"}) {
    SCOPED_TRACE(role);
    EXPECT_EQ(Call("POST", "/api/v1/status/incidents/" + pid + "/updates", R"({"status":"identified"})", token_[role]).status, 403);
    EXPECT_EQ(Call("POST", "/api/v1/status/incidents/" + pid + "/resolve", "", token_[role]).status, 403);
    EXPECT_EQ(Call("POST", "/api/v1/status/maintenances/" + mid + "/cancel", "", token_[role]).status, 403);
    auto cli = Klaxon({"status", "publish", ref, "--server", server_->url()}, {{"KLAXON_TOKEN", token_[role]}});
    EXPECT_EQ(cli.exit_code, 1);
    EXPECT_NE(cli.err.find("(403)"), std::string::npos) << cli.err;
  }
  EXPECT_EQ(Call("POST", "/api/v1/status/incidents/" + pid + "/updates", R"({"status":"identified"})", Lead()).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/status/incidents/" + pid + "/updates", R"({"status":"monitoring"})", Admin()).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/status/maintenances/" + mid + "/cancel", "", Lead()).status, 200);
  // Bad input is refused with the reason.
  auto bad = Call("POST", "/api/v1/status/incidents/" + pid + "/updates",
                  R"({"status":"monitoring","components":[{"id":"billing","status":"major_outage"}]})", Lead());
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("unknown component \\\"billing\\\""), std::string::npos) << bad.body;
  EXPECT_EQ(Call("POST", "/api/v1/status/incidents/" + pid + "/updates", R"({"status":"fixing"})", Lead()).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/status/incidents/99/updates", R"({"status":"identified"})", Lead()).status, 404);
  EXPECT_EQ(Lines(ref, "status_page"), (std::vector<std::string>{"admin via api", "t-lead via api", "admin via api"}));
}

TEST_F(StatusPageE2E, MaintenanceFollowsTheSimulatedClockAndHistoryKeepsNinetyDays) {
  auto now = PublicJson("/api/v2/status.json").at("page").at("updated_at").as_string();
  Time t0 = ParseTimestamp(std::string(now)).value();
  std::map<std::string, std::string> env{{"KLAXON_TOKEN", Lead()}};
  auto r = Klaxon({"status", "maintenance", "schedule", "--title", "Database upgrade", "--body", "Payments may be slower.",
                   "--from", FormatTimestamp(t0 + std::chrono::hours(1)), "--duration", "2h", "--component",
                   "payments", "--server", server_->url()},
                  env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto windows = [&](const std::string& which) {
    return PublicJson("/api/v2/scheduled-maintenances" + which + ".json").at("scheduled_maintenances").as_array();
  };
  auto payments = [&] { return Str(PublicJson("/api/v2/components.json").at("components").at(1), "status"); };
  ASSERT_EQ(windows("/upcoming").size(), 1u);
  EXPECT_EQ(windows("/active").size(), 0u);
  EXPECT_EQ(payments(), "operational");
  EXPECT_NE(Public("/status").body.find("Scheduled maintenance"), std::string::npos);

  AdvanceClock("61m");
  ASSERT_EQ(windows("/active").size(), 1u);
  EXPECT_EQ(Str(windows("/active")[0], "status"), "in_progress");
  EXPECT_EQ(payments(), "under_maintenance");
  EXPECT_EQ(Str(PublicJson("/api/v2/status.json").at("status"), "description"), "Service Under Maintenance");
  EXPECT_NE(Public("/status").body.find("Under maintenance"), std::string::npos);

  AdvanceClock("2h");
  EXPECT_EQ(payments(), "operational");
  EXPECT_EQ(Str(windows("")[0], "status"), "completed");
  EXPECT_EQ(PublicJson("/api/v2/summary.json").at("scheduled_maintenances").as_array().size(), 0u);

  // A resolved incident stays in the history for 90 days, then leaves it.
  std::string ref = OpenPayments();
  auto pub = Call("POST", "/api/v1/incidents/" + ref + "/publish", "", Lead());
  ASSERT_EQ(pub.status, 201);
  ASSERT_EQ(Call("POST", "/api/v1/status/incidents/" + Str(Json(pub), "id") + "/resolve", "", Lead()).status, 200);
  AdvanceClock("2159h");  // 89 days 23 hours
  EXPECT_EQ(PublicJson("/api/v2/incidents.json").at("incidents").as_array().size(), 1u);
  EXPECT_NE(Public("/status").body.find("Resolved - Payment processing restored"), std::string::npos);
  AdvanceClock("2h");
  EXPECT_EQ(PublicJson("/api/v2/incidents.json").at("incidents").as_array().size(), 0u);
  EXPECT_EQ(Public("/status").body.find("Resolved - Payment processing restored"), std::string::npos);
  EXPECT_EQ(windows("").size(), 0u);
}

}  // namespace
}  // namespace klaxon::e2e
