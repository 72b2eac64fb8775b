// Remediation end to end: the real binary runs a runbook's actions in real
// child processes on its worker pool, tells the Slack stand-in what it tried,
// gates a step on an approval, and audits every step over the API and the
// CLI. Alert labels carrying shell syntax never execute. Waits are on the
// stand-in's observer (a condition variable), never sleeps.
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "standins/slack_standin.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

using standins::SlackStandin;

// RB-001 restarts (here: records its environment) and then wants a lead's
// approval for the second step. @DIR@ is the test's directory.
constexpr const char* kRemediation = R"yaml(
  - id: RB-009
    title: Payments API down
    severity: SEV1
    match: ['alertname="PaymentsDown"']
    auto_remediate: true
    actions:
      - name: Restart payments
        shell: 'printf "%s" "$KLAXON_LABEL_service" > "@DIR@/seen"; echo restarted "$KLAXON_INCIDENT"'
        timeout: 10s
      - name: Drain queue
        exec: [touch, "@DIR@/drained"]
        requires_approval: lead
notifications:
  retry: {initial: 1s, max: 5s, horizon: 1h}
  channels:
    - id: slack-incidents
      type: slack
      token: ${E2E_SLACK_TOKEN}
      channel: C0INCIDENTS
      api_url: ${E2E_SLACK_API}
  routes:
    - notify: [slack-incidents]
)yaml";

class RemediationE2E : public E2E {
 protected:
  void SetUp() override {
    auto s = SlackStandin::Start({}, [this](const SlackStandin::Received&,
                                            const SlackStandin::Message*) {
      std::lock_guard lock(mu_);
      cv_.notify_all();
    });
    ASSERT_TRUE(s) << s.error().message;
    slack_ = std::move(*s);
    std::string extra = kRemediation;
    for (size_t at; (at = extra.find("@DIR@")) != std::string::npos;) {
      extra.replace(at, 5, dir_.path());
    }
    // The runbook goes into the fixture's runbooks list, before `people:`.
    std::string config = kConfig;
    config.insert(config.find("people:"), extra.substr(1, extra.find("notifications:") - 1));
    std::ofstream(ConfigPath()) << config << extra.substr(extra.find("notifications:"));
    auto env = kEnv;
    env["E2E_SLACK_TOKEN"] = slack_->options().bot_token;
    env["E2E_SLACK_API"] = slack_->BaseUrl() + "/api";
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }
  // Waits until some Slack message contains `text`.
  bool WaitForSlack(const std::string& text) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] {
      for (const auto& m : slack_->Messages()) {
        if (m.text.find(text) != std::string::npos) return true;
      }
      return false;
    });
  }

  // What Slack and the timeline show, for failure messages.
  std::string Seen() {
    std::string out = "slack:\n";
    for (const auto& m : slack_->Messages()) out += "  " + m.text + "\n";
    out += "timeline:\n";
    auto inc = Incident("INC-1");
    if (inc.is_object() && inc.as_object().contains("timeline")) {
      for (const auto& l : inc.at("timeline").as_array()) out += "  " + Str(l, "text") + "\n";
    }
    return out;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<SlackStandin> slack_;
};

TEST_F(RemediationE2E, ActionsRunApprovalsGateAndEverythingIsAudited) {
  namespace fs = std::filesystem;
  std::string marker = dir_.File("pwned");
  std::string hostile = "$(touch " + marker + ") `touch " + marker + "`; touch " + marker + " '\"";
  boost::json::object alert{
      {"labels", boost::json::object{{"alertname", "PaymentsDown"}, {"service", hostile}}}};
  ASSERT_EQ(Call("POST", "/api/v1/alerts", boost::json::serialize(alert), GenericKey()).status, 202);
  ASSERT_TRUE(WaitForSlack("Automated remediation tried \"Restart payments\": exit 0")) << Seen();
  ASSERT_TRUE(WaitForSlack("waits for approval by lead")) << Seen();

  EXPECT_FALSE(fs::exists(marker)) << "a label was executed";
  std::ifstream seen(dir_.File("seen"));
  std::string literal((std::istreambuf_iterator<char>(seen)), {});
  EXPECT_EQ(literal, hostile) << "the label reaches the process as its literal value";

  auto actions = Call("GET", "/api/v1/incidents/INC-1/actions", "", Viewer());
  ASSERT_EQ(actions.status, 200) << actions.body;
  auto body = Json(actions);
  ASSERT_EQ(body.at("actions").as_array().size(), 2u);
  EXPECT_EQ(Str(body.at("actions").at(1), "requires_approval"), "lead");
  const auto& steps = body.at("steps").as_array();
  ASSERT_EQ(steps.size(), 1u) << actions.body;
  EXPECT_EQ(Str(steps[0], "state"), "succeeded");
  EXPECT_EQ(Str(steps[0], "actor"), "klaxon");
  EXPECT_EQ(Str(steps[0], "via"), "auto_remediate");
  EXPECT_EQ(steps[0].at("command").at("argv").as_array().at(0).as_string(), "/bin/sh");
  EXPECT_EQ(steps[0].at("result").at("exit_code").as_int64(), 0);
  EXPECT_EQ(Str(steps[0].at("result"), "output_head"), "restarted INC-1\n");

  // The approval: an engineer may not, a lead (here: admin) may.
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/actions/2/approve", "", Alice()).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/actions/1/approve", "", Admin()).status, 409);
  auto approved = Call("POST", "/api/v1/incidents/INC-1/actions/2/approve", "", Admin());
  ASSERT_EQ(approved.status, 202) << approved.body;
  ASSERT_TRUE(WaitForSlack("Automated remediation tried \"Drain queue\": exit 0")) << Seen();
  EXPECT_TRUE(fs::exists(dir_.File("drained")));

  auto cli = testing::Run({testing::KlaxonBinary(), "incidents", "--server", server_->url(),
                           "--token", Viewer(), "actions", "INC-1"});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("Runbook steps:"), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("succeeded exit 0 by admin via api"), std::string::npos) << cli.out;
}

}  // namespace
}  // namespace klaxon::e2e
