// Escalation end to end: the real binary on simulated time, its PagerDuty
// channel pointed at the PagerDuty stand-in. Nothing pages before the SEV1
// response time passes; then exactly one trigger; the acknowledgement and
// the resolution follow it. Waits are on the stand-in's observer, never
// sleeps.
#include <condition_variable>
#include <mutex>

#include "standins/pagerduty_standin.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

using standins::PagerDutyStandin;

constexpr const char* kEscalationConfig = R"yaml(
severities:
  - {id: SEV1, name: Critical, response_time: 15m, update_every: 15m, escalation_policy: default}
  - {id: SEV4, name: Cosmetic, response_time: 24h, update_every: 24h}
incidents:
  group_by: [service]
  resolve_timeout: 24h
runbooks:
  - id: RB-001
    title: API Health Check Failing
    severity: SEV1
    match: ['alertname="ApiDown"']
  - id: RB-002
    title: Typo
    severity: SEV4
    match: ['alertname="Typo"']
people:
  - {id: maya, name: Maya, role: oncall}
  - {id: diego, name: Diego, role: oncall}
  - {id: sam, name: Sam, role: lead}
  - {id: jordan, name: Jordan, role: admin}
integrations:
  - {id: scripts, type: generic, key: "${E2E_GENERIC_KEY}"}
api_tokens:
  - {name: admin, token: "${E2E_ADMIN_TOKEN}", role: admin}
  - {name: maya, token: "${E2E_ALICE_TOKEN}", role: oncall, person: maya}
  - {name: watcher, token: "${E2E_VIEWER_TOKEN}", role: viewer}
schedules:
  - id: primary
    name: Primary
    time_zone: UTC
    layers:
      - {name: weekly, participants: [maya, diego], shift: weekly, handoff: "09:00", start: 2025-01-06}
  - id: secondary
    name: Secondary
    time_zone: UTC
    layers:
      - {name: weekly, participants: [diego, maya], shift: weekly, handoff: "09:00", start: 2025-01-06}
escalation_policies:
  - id: default
    name: Primary, secondary, engineering lead, CTO
    levels:
      - schedules: [primary]
      - schedules: [secondary]
      - people: [sam]
      - people: [jordan]
notifications:
  retry: {initial: 1s, max: 5s, horizon: 1h}
  channels:
    - id: pagerduty
      type: pagerduty
      routing_key: ${E2E_PD_ROUTING}
      events_url: ${E2E_PD_URL}
  routes:
    - {notify: [pagerduty], severities: [SEV1], on: [escalated, acknowledged, resolved]}
)yaml";

class EscalationE2E : public E2E {
 protected:
  void SetUp() override {
    auto pd = PagerDutyStandin::Start({}, [this](const PagerDutyStandin::Received&,
                                                 const PagerDutyStandin::Event*) {
      std::lock_guard lock(mu_);
      ++requests_;
      cv_.notify_all();
    });
    ASSERT_TRUE(pd) << pd.error().message;
    pd_ = std::move(*pd);
    std::ofstream(ConfigPath()) << kEscalationConfig;
    auto env = kEnv;
    env["E2E_PD_URL"] = pd_->EnqueueUrl();
    env["E2E_PD_ROUTING"] = "0123456789abcdef0123456789abcdef";
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }
  bool WaitForEvents(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return pd_->Events().size() >= n; });
  }
  std::vector<std::string> Actions() {
    std::vector<std::string> out;
    for (const auto& e : pd_->Events()) out.push_back(e.event_action + " " + e.dedup_key);
    return out;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  int requests_ = 0;  // guarded by mu_
  std::unique_ptr<PagerDutyStandin> pd_;
};

TEST_F(EscalationE2E, PagerDutyIsTriggeredOnceWhenTheDeadlinePassesThenAcknowledged) {
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"api"}})",
                 GenericKey())
                .status,
            202);
  auto inc = Incident("INC-1");
  const auto& esc = inc.at("escalation");
  ASSERT_TRUE(esc.is_object()) << boost::json::serialize(inc);
  EXPECT_EQ(Str(esc, "policy"), "default");
  EXPECT_EQ(esc.at("level").as_int64(), 1);
  EXPECT_EQ(Str(esc, "state"), "waiting");
  EXPECT_EQ(esc.at("paged").as_array().size(), 1u);

  AdvanceClock("14m");  // still within SEV1's 15 minutes
  EXPECT_EQ(Incident("INC-1").at("escalation").at("level").as_int64(), 1);
  AdvanceClock("1m");
  ASSERT_TRUE(WaitForEvents(1));
  inc = Incident("INC-1");
  EXPECT_EQ(inc.at("escalation").at("level").as_int64(), 2);
  bool breach_line = false;
  for (const auto& line : inc.at("timeline").as_array()) {
    if (Str(line, "kind") == "escalated" &&
        Str(line, "text").starts_with("Not acknowledged within 15m (SEV1 response time)")) {
      breach_line = true;
    }
  }
  EXPECT_TRUE(breach_line) << boost::json::serialize(inc.at("timeline"));

  auto acked = Call("POST", "/api/v1/incidents/INC-1/ack", "", Alice());
  ASSERT_EQ(acked.status, 200) << acked.body;
  EXPECT_EQ(Str(Json(acked).at("escalation"), "state"), "acknowledged");
  ASSERT_TRUE(WaitForEvents(2));
  EXPECT_EQ(Actions(), (std::vector<std::string>{"trigger INC-1", "acknowledge INC-1"}));
  AdvanceClock("1h");  // no timer left: nothing else pages
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/resolve", R"({"root_cause":"fixed"})", Alice())
                .status,
            200);
  ASSERT_TRUE(WaitForEvents(3));
  EXPECT_EQ(Actions(), (std::vector<std::string>{"trigger INC-1", "acknowledge INC-1",
                                                 "resolve INC-1"}))
      << "exactly one trigger";
}

TEST_F(EscalationE2E, ManualEscalateNeedsOnCallAndAPolicyAndAnOpenIncident) {
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"api"}})",
                 GenericKey())
                .status,
            202);
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"Typo","service":"web"}})",
                 GenericKey())
                .status,
            202);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/escalate", "", Viewer()).status, 403);
  auto r = Call("POST", "/api/v1/incidents/INC-1/escalate", "", Alice());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r).at("escalation").at("level").as_int64(), 2);
  ASSERT_TRUE(WaitForEvents(1));
  EXPECT_EQ(Actions(), std::vector<std::string>{"trigger INC-1"});
  std::vector<std::string> escalated;  // "actor via: text" of each escalated line
  auto detail = Incident("INC-1");
  for (const auto& line : detail.at("timeline").as_array()) {
    if (Str(line, "kind") == "escalated") {
      escalated.push_back(Str(line, "actor") + " " + Str(line, "via") + ": " + Str(line, "text"));
    }
  }
  ASSERT_EQ(escalated.size(), 2u);
  EXPECT_TRUE(escalated[1].starts_with("maya api: Escalated by maya via api: paging level 2"))
      << escalated[1];

  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-2/escalate", "", Alice()).status, 409)
      << "SEV4 has no policy";
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/resolve", "", Alice()).status, 200);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/escalate", "", Alice()).status, 409);
}

}  // namespace
}  // namespace klaxon::e2e
