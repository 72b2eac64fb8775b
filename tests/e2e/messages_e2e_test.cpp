// Message templates with the real binary and the Slack stand-in: RB-002's own
// INCIDENT wording reaches Slack for its incident (header, bold labels, the
// buttons kept), while an incident of another runbook keeps the handbook's;
// and `check-config` refuses a template that does not parse or names an
// unknown variable, saying where.
#include <fstream>

#include "tests/e2e/inbound_fixture.h"

namespace klaxon::e2e {
namespace {

class MessagesE2E : public InboundE2E {
 protected:
  std::string ExtraYaml() const override {
    return R"yaml(
runbooks:
  - id: RB-002
    title: Payment Processing Failing
    severity: SEV1
    match: ['alertname="PaymentsFailing"']
    messages:
      incident: |
        💳 PAYMENTS INCIDENT: {{title}}
        Severity: {{severity}}
        Relayr: check https://status.relayr.example before anything else
        Lead: {{lead}}{{^lead}}nobody yet{{/lead}}
)yaml";
  }
  std::string FirstAlert() const override {
    return R"({"labels":{"alertname":"PaymentsFailing","service":"payments"}})";
  }
  // The top-level message whose text starts with `prefix`, once posted.
  std::optional<standins::SlackStandin::Message> TopStartingWith(const std::string& prefix) {
    std::optional<standins::SlackStandin::Message> found;
    WaitFor([&] {
      for (const auto& m : slack_->Messages()) {
        if (m.thread_ts.empty() && m.text.starts_with(prefix)) found = m;
      }
      return found.has_value();
    });
    return found;
  }
};

std::string BlockText(const standins::SlackStandin::Message& m, std::string_view type) {
  for (const auto& b : m.blocks) {
    if (Str(b, "type") == type) return Str(b.at("text"), "text");
  }
  return "";
}

TEST_F(MessagesE2E, ARunbooksOwnWordingArrivesAtSlackOnlyForItsIncidents) {
  auto payments = TopStartingWith("💳 PAYMENTS INCIDENT: ");
  ASSERT_TRUE(payments) << "RB-002's incident is announced in its own words";
  EXPECT_EQ(payments->text,
            "💳 PAYMENTS INCIDENT: Payment Processing Failing\nSeverity: SEV1\n"
            "Relayr: check https://status.relayr.example before anything else\nLead: nobody yet");
  EXPECT_EQ(BlockText(*payments, "header"), "💳 PAYMENTS INCIDENT: Payment Processing Failing");
  EXPECT_EQ(BlockText(*payments, "section"),
            "*Severity:* SEV1\n*Relayr:* check https://status.relayr.example before anything else\n"
            "*Lead:* nobody yet");
  bool buttons = false;
  for (const auto& b : payments->blocks) buttons = buttons || Str(b, "type") == "actions";
  EXPECT_TRUE(buttons) << "the Block Kit structure stays";

  ASSERT_EQ(Call("POST", "/api/v1/alerts", kApiDown, GenericKey()).status, 202);
  auto api = TopStartingWith("🔴 INCIDENT: ");
  ASSERT_TRUE(api) << "RB-001 keeps the handbook's wording";
  EXPECT_EQ(BlockText(*api, "header"), "🔴 INCIDENT: API Health Check Failing");
  EXPECT_TRUE(BlockText(*api, "section").starts_with("*Severity:* SEV1\n*Detected:* "))
      << BlockText(*api, "section");
  EXPECT_TRUE(BlockText(*api, "section").ends_with("\n*Status:* Investigating\n*Lead:* unassigned"))
      << BlockText(*api, "section");
}

TEST(MessagesCheckConfig, ABadTemplateIsReportedWhereAndFailsTheCheck) {
  testing::TempDir dir;
  std::ofstream(dir.File("update.mustache")) << "🟡 UPDATE: {{title}}\n{{#updated}}\nSummary: {{summary}}\n";
  std::ofstream(dir.File("klaxon.yaml")) << kConfig
                                         << "messages:\n  update: {file: update.mustache}\n"
                                            "  resolved: \"🟢 RESOLVED: {{titel}}\"\n";
  auto bad = Klaxon({"check-config", dir.File("klaxon.yaml")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find(dir.File("update.mustache") +
                         ":2:1: messages.update template does not parse: unclosed section \"updated\""),
            std::string::npos)
      << bad.err << bad.out;
  EXPECT_NE(bad.err.find("messages.resolved template: unknown variable \"titel\""), std::string::npos)
      << bad.err;
  EXPECT_NE(bad.err.find("(line 1, column 13 of the template)"), std::string::npos) << bad.err;

  std::ofstream(dir.File("update.mustache"), std::ios::trunc)
      << "🟡 UPDATE: {{title}}\n{{#updated}}\nSummary: {{summary}}\n{{/updated}}\n";
  std::ofstream(dir.File("klaxon.yaml"), std::ios::trunc)
      << kConfig << "messages:\n  update: {file: update.mustache}\n";
  auto good = Klaxon({"check-config", dir.File("klaxon.yaml")});
  EXPECT_EQ(good.exit_code, 0) << good.err;
}

}  // namespace
}  // namespace klaxon::e2e
