// The message templates: the handbook's defaults are embedded and use only
// known names; overrides are chosen runbook first; plain-text rendering.

#include "notify/message_templates.h"

#include <gtest/gtest.h>

#include "notify/test_support.h"

namespace klaxon::notify {
namespace {

TEST(MessageTemplates, TheDefaultsAreTheHandbooksAndUseOnlyKnownNames) {
  EXPECT_TRUE(DefaultTemplate(MessageKind::kIncident).starts_with("🔴 INCIDENT: {{title}}\n"));
  EXPECT_TRUE(DefaultTemplate(MessageKind::kUpdate).starts_with("🟡 UPDATE: {{title}}\n"));
  EXPECT_TRUE(DefaultTemplate(MessageKind::kResolved).starts_with("🟢 RESOLVED: {{title}}\n"));
  for (MessageKind kind : kMessageKinds) {
    std::string_view text = DefaultTemplate(kind);
    EXPECT_FALSE(text.empty()) << ToString(kind);
    EXPECT_FALSE(templates::CheckSyntax(text)) << ToString(kind);
    EXPECT_TRUE(templates::CheckNames(text, MessageVariables(kind)).empty()) << ToString(kind);
    EXPECT_EQ(ParseMessageKind(ToString(kind)), kind);
  }
  EXPECT_FALSE(ParseMessageKind("incidents"));
}

TEST(MessageTemplates, ARunbooksOwnTemplateWinsOverTheGlobalOneAndTheDefault) {
  MessageTemplates wording({{MessageKind::kUpdate, "global update"}},
                           {{"RB-002", {{MessageKind::kIncident, "payments incident"},
                                        {MessageKind::kUpdate, "payments update"}}}});
  EXPECT_EQ(wording.For(MessageKind::kIncident, "RB-002"), "payments incident");
  EXPECT_EQ(wording.For(MessageKind::kUpdate, "RB-002"), "payments update");
  EXPECT_EQ(wording.For(MessageKind::kUpdate, "RB-001"), "global update");
  EXPECT_EQ(wording.For(MessageKind::kIncident, "RB-001"), DefaultTemplate(MessageKind::kIncident));
  EXPECT_EQ(wording.For(MessageKind::kResolved, ""), DefaultTemplate(MessageKind::kResolved));
  EXPECT_EQ(DefaultMessageTemplates().For(MessageKind::kUpdate, "RB-002"),
            DefaultTemplate(MessageKind::kUpdate));
}

TEST(MessageTemplates, PlainTextGoesInAsWrittenWithoutTrailingLineBreaks) {
  Notification n = testing::Sample();
  n.incident.title = "Payments <5% & slow";
  auto data = MessageData(MessageKind::kPageSummary, n);
  EXPECT_EQ(RenderMessage(MessageKind::kPageSummary, DefaultTemplate(MessageKind::kPageSummary),
                          data, templates::NoEscape),
            "[SEV1] INC-42: Payments <5% & slow");
  EXPECT_EQ(RenderMessage(MessageKind::kPageSummary, "{{service}} {{runbook}} {{link}}\n\n", data,
                          templates::NoEscape),
            "api RB-001 https://klaxon.example/incidents/42");
}

TEST(MessageTemplates, AResolvedMessageSeesTheResolutionAndTheIncidentsRootCause) {
  Notification n = testing::Sample();
  n.incident.status = incident::Status::kResolved;
  n.incident.resolved_at = n.incident.opened_at + std::chrono::minutes(47);
  n.incident.root_cause = "Pool exhausted";
  auto data = MessageData(MessageKind::kResolved, n);
  EXPECT_EQ(RenderMessage(MessageKind::kResolved,
                          "{{duration}}|{{root_cause}}|{{impact}}{{^impact}}n/a{{/impact}}", data,
                          templates::NoEscape),
            "47m|Pool exhausted|n/a");
}

}  // namespace
}  // namespace klaxon::notify
