// The `messages` section and a runbook's `messages`: templates inline or from
// a file, each checked (it parses, and uses only the names its kind knows)
// and reported with where.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;
using notify::MessageKind;

// Severities (lines 1-3), then `rest` from line 4.
std::expected<Config, std::vector<Diagnostic>> Load(const std::string& rest) {
  return LoadString(std::string(test::kSeverities) + rest, "t.yaml", test::NoEnv());
}
Lines Problems(const std::string& rest) { return test::Problems(Load(rest)); }

constexpr const char* kRunbook = R"(runbooks:
  - id: RB-002
    title: Payment Processing Failing
    severity: SEV1
    match: ['alertname="PaymentsFailing"']
)";

TEST(MessagesConfig, GlobalAndRunbookTemplatesAreRead) {
  auto cfg = Load(std::string(kRunbook) + R"y(    messages:
      incident: |
        💳 PAYMENTS INCIDENT: {{title}}
        Severity: {{severity}}
messages:
  update: "🟡 UPDATE: {{title}} ({{status}})"
  reminder: "{{who}}: {{id}} waits since {{every}}. `{{update_command}}`"
)y");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  EXPECT_EQ(cfg->messages, (notify::MessageTexts{
                               {MessageKind::kUpdate, "🟡 UPDATE: {{title}} ({{status}})"},
                               {MessageKind::kReminder,
                                "{{who}}: {{id}} waits since {{every}}. `{{update_command}}`"}}));
  ASSERT_EQ(cfg->runbooks.size(), 1u);
  EXPECT_EQ(cfg->runbooks[0].messages,
            (notify::MessageTexts{
                {MessageKind::kIncident, "💳 PAYMENTS INCIDENT: {{title}}\nSeverity: {{severity}}\n"}}));
}

TEST(MessagesConfig, ABadInlineTemplateSaysWhereInsideIt) {
  EXPECT_EQ(Problems(R"(messages:
  incident: |
    🔴 INCIDENT: {{title}}
    {{#top}}
    Lead: {{lead}}
)"),
            (Lines{"t.yaml:5:13: messages.incident template does not parse: unclosed section "
                   "\"top\" (line 2, column 1 of the template)"}));
}

TEST(MessagesConfig, UnknownVariablesAreRejectedWithTheNamesKnownThere) {
  auto p = Problems(std::string(kRunbook) + R"(    messages:
      update: "{{title}}: {{sumary}}"
      resolved: "{{#acknowledged}}{{by}} {{when}}{{/acknowledged}} {{impact}}"
      page_summary: "{{impact}}"
)");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_TRUE(p[0].starts_with("t.yaml:10:15: runbook RB-002 messages.update template: unknown "
                               "variable \"sumary\" (known here: id, title, "))
      << p[0];
  EXPECT_TRUE(p[0].ends_with(" (line 1, column 12 of the template)")) << p[0];
  EXPECT_TRUE(p[1].starts_with("t.yaml:11:17: runbook RB-002 messages.resolved template: unknown "
                               "variable \"when\" (known here: by, via, at, id, "))
      << p[1];
  EXPECT_TRUE(p[2].starts_with("t.yaml:12:21: runbook RB-002 messages.page_summary template: "
                               "unknown variable \"impact\""))
      << p[2] << " (only a resolved message knows the resolution)";
}

TEST(MessagesConfig, ATemplateFileIsReadRelativeToTheConfigAndReportedInIt) {
  test::ScratchDir dir;
  dir.Write("messages/payments.mustache", "💳 PAYMENTS INCIDENT: {{title}}\nLead: {{lead}}\n");
  dir.Write("messages/bad.mustache", "🟢 RESOLVED: {{title}}\nImpact: {{impakt}}\n");
  std::string head = std::string(test::kSeverities);
  std::string good = dir.Write(
      "good.yaml", head + kRunbook + "    messages:\n      incident: {file: messages/payments.mustache}\n");
  auto cfg = LoadFile(good, test::NoEnv());
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  EXPECT_EQ(cfg->runbooks[0].messages.at(MessageKind::kIncident),
            "💳 PAYMENTS INCIDENT: {{title}}\nLead: {{lead}}\n");

  std::string bad =
      dir.Write("bad.yaml", head + "messages:\n  resolved:\n    file: messages/bad.mustache\n");
  auto p = test::Problems(LoadFile(bad, test::NoEnv()));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_TRUE(p[0].starts_with(dir.path() +
                               "/messages/bad.mustache:2:9: messages.resolved template: unknown "
                               "variable \"impakt\""))
      << p[0];

  std::string missing = dir.Write("missing.yaml", head + "messages:\n  update: {file: none.txt}\n");
  EXPECT_EQ(test::Problems(LoadFile(missing, test::NoEnv())),
            (Lines{dir.path() + "/missing.yaml:5:18: cannot read file \"" + dir.path() +
                   "/none.txt\": no such file or directory"}));
}

TEST(MessagesConfig, OnlyKnownKindsAndShapes) {
  auto p = Problems("messages:\n  incidnet: x\n  update: [a]\n  resolved: {path: x}\n");
  ASSERT_EQ(p.size(), 4u) << p[0];
  EXPECT_TRUE(p[0].starts_with("t.yaml:5:3: unknown key \"incidnet\" in messages")) << p[0];
  EXPECT_EQ(p[1], "t.yaml:6:11: expected a string, got a list");
  EXPECT_EQ(p[2], "t.yaml:7:13: messages.resolved is missing required key \"file\"");
  EXPECT_TRUE(p[3].starts_with("t.yaml:7:14: unknown key \"path\" in messages.resolved")) << p[3];
}

}  // namespace
}  // namespace klaxon::config
