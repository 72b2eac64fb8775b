// The `postmortems` section: rules, the deadline, template overrides (inline
// and from a file) and bad templates reported with where.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"
#include "postmortem/draft.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;
using std::chrono::minutes;

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& rest) {
  return LoadString(std::string(test::kSeverities) +
                        "services:\n  - {id: payments}\n  - {id: api}\n" + rest,
                    "t.yaml", test::NoEnv());
}
Lines Problems(const std::string& rest) { return test::Problems(Load(rest)); }

TEST(PostmortemsConfig, TheHandbooksRulesAreRead) {
  auto cfg = Load(R"(postmortems:
  required_when:
    - severity: SEV1
    - {severity: SEV2, longer_than: 30m}
    - reason: affects payments
      services: [payments]
      tags: [payments]
  write_within: 3d
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const auto& pm = cfg->postmortems;
  ASSERT_EQ(pm.required_when.size(), 3u);
  EXPECT_EQ(pm.required_when[0].reason, "SEV1");
  EXPECT_EQ(pm.required_when[0].severities, Lines{"SEV1"});
  EXPECT_EQ(pm.required_when[1].reason, "SEV2 longer than 30m");
  EXPECT_EQ(pm.required_when[1].longer_than, minutes(30));
  EXPECT_EQ(pm.required_when[2].reason, "affects payments");
  EXPECT_EQ(pm.required_when[2].services, Lines{"payments"});
  EXPECT_EQ(pm.required_when[2].tags, Lines{"payments"});
  EXPECT_EQ(pm.write_within, std::chrono::days(3));
  EXPECT_TRUE(pm.template_text.empty());  // the handbook's
}

TEST(PostmortemsConfig, DefaultsWithoutTheSection) {
  auto cfg = Load("");
  ASSERT_TRUE(cfg);
  EXPECT_TRUE(cfg->postmortems.required_when.empty());
  EXPECT_EQ(cfg->postmortems.write_within, std::chrono::days(5));
  EXPECT_TRUE(cfg->postmortems.remind_owners);
}

TEST(PostmortemsConfig, UnknownReferencesAreReported) {
  EXPECT_EQ(Problems(R"(postmortems:
  required_when:
    - severity: SEV9
    - services: [billing]
)"),
            (Lines{"t.yaml:9:17: unknown severity \"SEV9\"; did you mean \"SEV1\"? (declared: "
                   "SEV1, SEV2)",
                   "t.yaml:10:18: unknown service \"billing\" (declared: payments, api)"}));
}

TEST(PostmortemsConfig, AnInlineTemplateOverrides) {
  auto cfg = Load(R"(postmortems:
  template: |
    # {{title}} ({{id}})
    {{#timeline}}- {{time}} {{event}}
    {{/timeline}}
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  EXPECT_EQ(cfg->postmortems.template_text, "# {{title}} ({{id}})\n{{#timeline}}- {{time}} {{event}}\n{{/timeline}}\n");
}

TEST(PostmortemsConfig, ABadInlineTemplateSaysWhere) {
  EXPECT_EQ(Problems(R"(postmortems:
  template: |
    # {{title}}
    {{#timeline}}
    - {{time}}
)"),
            (Lines{"t.yaml:8:13: post-mortem template does not parse: unclosed section "
                   "\"timeline\" (line 2, column 1 of the template)"}));
}

TEST(PostmortemsConfig, ATemplateFileOverridesAndABadOneIsReportedInIt) {
  test::ScratchDir dir;
  dir.Write("pm/good.md", "# {{title}}\n");
  dir.Write("pm/bad.md", "# {{title}}\n\n## Timeline\n{{#timeline}}\n- x\n{{/timelines}}\n");
  std::string head = std::string(test::kSeverities);
  std::string good = dir.Write("good.yaml", head + "postmortems:\n  template_file: pm/good.md\n");
  auto cfg = LoadFile(good, test::NoEnv());
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  EXPECT_EQ(cfg->postmortems.template_text, "# {{title}}\n");

  std::string bad = dir.Write("bad.yaml", head + "postmortems:\n  template_file: pm/bad.md\n");
  EXPECT_EQ(test::Problems(LoadFile(bad, test::NoEnv())),
            (Lines{dir.path() + "/pm/bad.md:4:1: post-mortem template does not parse: unclosed "
                                "section \"timeline\""}));

  std::string missing = dir.Write("missing.yaml", head + "postmortems:\n  template_file: pm/none.md\n");
  EXPECT_EQ(test::Problems(LoadFile(missing, test::NoEnv())),
            (Lines{dir.path() + "/missing.yaml:5:18: cannot read template_file \"" + dir.path() +
                   "/pm/none.md\": no such file or directory"}));
}

TEST(PostmortemsConfig, BothTemplatesIsAnError) {
  auto p = Problems("postmortems:\n  template: x\n  template_file: y.md\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "t.yaml:9:18: set either \"template\" (inline) or \"template_file\", not both");
}

TEST(PostmortemsConfig, RemindersNameSlackOrWebhookChannels) {
  auto cfg = LoadString(std::string(test::kSeverities) + R"(notifications:
  channels:
    - {id: slack-incidents, type: slack, token: "${SLACK_BOT_TOKEN}", channel: "#incidents"}
postmortems:
  reminders: {notify: [slack-incidents], owners: true}
)", "t.yaml", test::MapEnv({{"SLACK_BOT_TOKEN", "xoxb-1"}}));
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  EXPECT_EQ(cfg->postmortems.remind_channels, Lines{"slack-incidents"});
  EXPECT_EQ(cfg->postmortems.dm_via, "slack-incidents");  // the first slack channel with a token
}

}  // namespace
}  // namespace klaxon::config
