// RB-001 end to end: the real binary on simulated time, its own http probe
// against a real HTTP service that the test breaks and mends, the runbook's
// restart (a real child process the test observes), Slack (the stand-in)
// told what was tried, and after the 2-minute wait a re-check answered by
// the probe: mended -> Monitoring and nobody paged; still broken -> the
// PagerDuty stand-in gets the trigger. Waits poll a condition with a
// deadline (the stand-ins' observers, the probe's state), never sleep.
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "http/router.h"
#include "http/server.h"
#include "standins/pagerduty_standin.h"
#include "standins/slack_standin.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

namespace fs = std::filesystem;
using standins::PagerDutyStandin;
using standins::SlackStandin;

// @DIR@: the test's directory; @URL@: the service.
constexpr const char* kRecheckConfig = R"yaml(
severities:
  - {id: SEV1, name: Critical, response_time: 15m, update_every: 15m, escalation_policy: default}
incidents:
  group_by: [service]
  quiet_period: 5m
  resolve_timeout: 24h
runbooks:
  - id: RB-001
    title: API Health Check Failing
    severity: SEV1
    match: ['alertname="ApiDown"']
    auto_remediate: true
    actions:
      - name: Restart API
        shell: 'echo restarting api; touch "@DIR@/restarted"'
        timeout: 10s
      - wait_and_recheck: 2m
probes:
  - id: api-up
    kind: http
    url: @URL@/up
    interval: 30s
    timeout: 5s
    labels: {alertname: ApiDown, service: api}
people:
  - {id: maya, name: Maya, role: oncall}
escalation_policies:
  - id: default
    levels:
      - people: [maya]
api_tokens:
  - {name: admin, token: "${E2E_ADMIN_TOKEN}", role: admin}
  - {name: watcher, token: "${E2E_VIEWER_TOKEN}", role: viewer}
notifications:
  retry: {initial: 1s, max: 5s, horizon: 1h}
  channels:
    - id: slack-incidents
      type: slack
      token: ${E2E_SLACK_TOKEN}
      channel: C0INCIDENTS
      api_url: ${E2E_SLACK_API}
    - id: pagerduty
      type: pagerduty
      routing_key: ${E2E_PD_ROUTING}
      events_url: ${E2E_PD_URL}
  routes:
    - notify: [slack-incidents]
    - {notify: [pagerduty], severities: [SEV1], on: [escalated, acknowledged, resolved]}
)yaml";

// The API: /up answers 503 while broken, unless the restart ran (it leaves
// `restarted` in the directory) and the outage is not `stuck`.
class Api {
 public:
  explicit Api(fs::path dir) : dir_(std::move(dir)) {
    router_.Add("GET", "/up", [this](http::Request&, http::Reply reply) {
      bool down = broken && (stuck || !fs::exists(dir_ / "restarted"));
      reply(http::Response::Text(down ? 503 : 200, down ? "down" : "ok"));
    });
    auto s = http::Server::Start({.host = "127.0.0.1", .port = 0, .threads = 1}, router_);
    EXPECT_TRUE(s) << s.error().message;
    if (s) server_ = std::move(*s);
  }
  std::string Url() const {
    return "http://127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
  }
  std::atomic<bool> broken{false};
  std::atomic<bool> stuck{false};

 private:
  fs::path dir_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

class RecheckE2E : public E2E {
 protected:
  void SetUp() override {
    auto wake = [this] {
      std::lock_guard lock(mu_);
      cv_.notify_all();
    };
    auto slack = SlackStandin::Start(
        {}, [wake](const SlackStandin::Received&, const SlackStandin::Message*) { wake(); });
    ASSERT_TRUE(slack) << slack.error().message;
    slack_ = std::move(*slack);
    auto pd = PagerDutyStandin::Start(
        {}, [wake](const PagerDutyStandin::Received&, const PagerDutyStandin::Event*) { wake(); });
    ASSERT_TRUE(pd) << pd.error().message;
    pd_ = std::move(*pd);
    api_ = std::make_unique<Api>(fs::path(dir_.path()));
    std::string config = kRecheckConfig;
    auto put = [&](const std::string& from, const std::string& to) {
      for (size_t at; (at = config.find(from)) != std::string::npos;) config.replace(at, from.size(), to);
    };
    put("@DIR@", dir_.path());
    put("@URL@", api_->Url());
    std::ofstream(ConfigPath()) << config;
    auto env = kEnv;
    env["E2E_SLACK_TOKEN"] = slack_->options().bot_token;
    env["E2E_SLACK_API"] = slack_->BaseUrl() + "/api";
    env["E2E_PD_URL"] = pd_->EnqueueUrl();
    env["E2E_PD_ROUTING"] = "0123456789abcdef0123456789abcdef";
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }
  void TearDown() override {
    server_.reset();  // klaxon stops before the service and the stand-ins go
  }

  // Moves the simulated clock; returns the new time as klaxon formats it.
  std::string Advance(const std::string& by) {
    auto r = Call("POST", "/api/v1/admin/clock", R"({"by":")" + by + R"("})", Admin());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Str(Json(r), "now") : "";
  }
  // The api-up probe once its check at `now` is done; waits up to 10 s.
  boost::json::value ProbeRanAt(const std::string& now) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
      auto r = Call("GET", "/api/v1/probes", "", Viewer());
      auto probe = Json(r).at("probes").at(0);
      if (Str(probe, "last_run") == now || std::chrono::steady_clock::now() > deadline) {
        EXPECT_EQ(Str(probe, "last_run"), now) << boost::json::serialize(probe);
        return probe;
      }
      std::unique_lock lock(mu_);  // the probe's run has no observer: look again soon
      cv_.wait_for(lock, std::chrono::milliseconds(20));
    }
  }
  // Waits until a Slack message contains `text`: a reply in the incident's
  // thread, or with `top` the incident's message (edited in place).
  std::optional<SlackStandin::Message> WaitForSlack(const std::string& text, bool top = false) {
    std::optional<SlackStandin::Message> found;
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(30), [&] {
      for (const auto& m : slack_->Messages()) {
        if (m.thread_ts.empty() == top && m.text.find(text) != std::string::npos) found = m;
      }
      return found.has_value();
    });
    return found;
  }
  bool WaitForPagerDuty(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return pd_->Events().size() >= n; });
  }
  std::vector<std::string> Remediation() {
    std::vector<std::string> out;
    auto inc = Incident("INC-1");
    for (const auto& l : inc.at("timeline").as_array()) {
      if (Str(l, "kind") == "remediation") out.push_back(Str(l, "text"));
    }
    return out;
  }
  std::string Seen() {
    std::string out = "slack:\n";
    for (const auto& m : slack_->Messages()) out += "  " + m.text + "\n";
    out += "timeline:\n";
    auto inc = Incident("INC-1");
    for (const auto& l : inc.at("timeline").as_array()) {
      out += "  " + Str(l, "kind") + ": " + Str(l, "text") + "\n";
    }
    return out;
  }
  // Breaks the service; the probe fires, the incident opens, the restart
  // runs and Slack is told, in its thread. Returns the time the restart
  // finished (the clock stands still meanwhile).
  std::string BreakAndRestart() {
    api_->broken = true;
    std::string at = Advance("30s");
    auto tried = WaitForSlack("Automated remediation tried \"Restart API\": exit 0");
    EXPECT_TRUE(tried) << Seen();
    if (tried) {
      EXPECT_NE(tried->text.find("restarting api"), std::string::npos) << tried->text;
    }
    EXPECT_TRUE(fs::exists(fs::path(dir_.path()) / "restarted")) << "the restart ran";
    EXPECT_TRUE(WaitForSlack("API Health Check Failing", true)) << "the incident's message";
    EXPECT_TRUE(pd_->Events().empty()) << "nobody is paged before the re-check";
    return at;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<SlackStandin> slack_;
  std::unique_ptr<PagerDutyStandin> pd_;
  std::unique_ptr<Api> api_;
};

TEST_F(RecheckE2E, TheRestartMendsItTheProbeSaysSoAndNobodyIsPaged) {
  BreakAndRestart();
  // The probe's next check, after the restart, sees the service mended.
  auto probe = ProbeRanAt(Advance("30s"));
  EXPECT_EQ(probe.at("healthy"), true);
  Advance("90s");  // two minutes after the restart: the re-check
  auto lines = Remediation();
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(std::find(lines.begin(), lines.end(),
                      "Re-check after 2m: recovered (probe api-up passing); remaining steps "
                      "skipped"),
            lines.end())
      << Seen();
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "monitoring");
  EXPECT_TRUE(WaitForSlack("Automated remediation worked")) << Seen();
  auto rows = Call("GET", "/api/v1/incidents/INC-1/notifications", "", Viewer());
  ASSERT_EQ(rows.status, 200) << rows.body;
  auto notifications = Json(rows);
  for (const auto& row : notifications.at("notifications").as_array()) {
    EXPECT_NE(Str(row, "channel"), "pagerduty") << rows.body;
  }
  EXPECT_TRUE(pd_->Events().empty());
}

TEST_F(RecheckE2E, TheServiceStaysBrokenTheRecheckFailsAndPagerDutyIsTriggered) {
  api_->stuck = true;  // the restart does not help
  BreakAndRestart();
  auto probe = ProbeRanAt(Advance("30s"));
  EXPECT_EQ(probe.at("healthy"), false);
  EXPECT_TRUE(pd_->Events().empty());
  Advance("90s");
  ASSERT_TRUE(WaitForPagerDuty(1)) << Seen();
  auto events = pd_->Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event_action, "trigger");
  EXPECT_EQ(events[0].dedup_key, "INC-1");
  EXPECT_EQ(Str(events[0].body.at("payload"), "severity"), "critical");
  auto lines = Remediation();
  bool failed = std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
    return l.starts_with("Re-check after 2m: still failing (probe api-up failing") &&
           l.ends_with("; escalating");
  });
  EXPECT_TRUE(failed) << Seen();
  EXPECT_TRUE(WaitForSlack("Automated remediation did not fix it")) << Seen();
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "investigating");
}

}  // namespace
}  // namespace klaxon::e2e
