#include "statuspage/draft.h"

#include <gtest/gtest.h>

namespace klaxon::statuspage {
namespace {

Page ThePage() {
  Page p;
  p.components = {{"api", "API", "", "", {"api"}, {"RB-001"}},
                  {"payments", "Payments", "", "", {"payments"}, {"RB-002"}},
                  {"web", "Web app", "", "", {"web"}, {}}};
  return p;
}

TEST(Draft, TheRunbooksMessagesArePrefilled) {
  Page page = ThePage();
  DraftInput in;
  in.page = &page;
  in.runbook_id = "RB-002";
  in.severity_rank = 1;
  in.investigating = Message{"Investigating issues with payments", "We're aware of issues."};
  in.resolved = Message{"Resolved - Payment processing restored", "Back to normal."};
  auto d = MakeDraft(in);
  EXPECT_EQ(d.investigating.title, "Investigating issues with payments");
  EXPECT_EQ(d.resolved.body, "Back to normal.");
  // Without its own, the general message for that state.
  EXPECT_EQ(d.identified.title, "Identified - issues with Payments");
  EXPECT_EQ(d.impact, Impact::kMajor);
  ASSERT_EQ(d.components.size(), 1u);
  EXPECT_EQ(d.components[0], (ComponentState{"payments", ComponentStatus::kPartialOutage}));
  EXPECT_EQ(&MessageFor(d, IncidentStatus::kMonitoring), &d.monitoring);
}

TEST(Draft, ARunbookWithoutMessagesGetsTheGeneralOnes) {
  Page page = ThePage();
  DraftInput in;
  in.page = &page;
  in.runbook_id = "RB-001";
  in.service = "web";  // its service maps to another component
  in.severity_rank = 0;
  auto d = MakeDraft(in);
  EXPECT_EQ(d.impact, Impact::kCritical);
  ASSERT_EQ(d.components.size(), 2u);
  EXPECT_EQ(d.components[0].status, ComponentStatus::kMajorOutage);
  EXPECT_EQ(d.investigating.title, "Investigating issues with API and Web app");
  EXPECT_NE(d.investigating.body.find("API and Web app"), std::string::npos);
  EXPECT_EQ(d.resolved.title, "Resolved - API and Web app restored");
}

TEST(Draft, NoComponentsNamesNoneAndLowSeveritiesAreMinor) {
  Page page = ThePage();
  DraftInput in;
  in.page = &page;
  in.severity_rank = 2;
  auto d = MakeDraft(in);
  EXPECT_TRUE(d.components.empty());
  EXPECT_EQ(d.impact, Impact::kMinor);
  EXPECT_EQ(d.investigating.title, "Investigating issues with some of our services");
  EXPECT_EQ(ImpactOfRank(3), Impact::kNone);
  EXPECT_EQ(ComponentStatusFor(Impact::kNone), ComponentStatus::kDegradedPerformance);
  EXPECT_EQ(Affected(page, {"api", "payments", "web"}), "API, Payments and Web app");
}

}  // namespace
}  // namespace klaxon::statuspage
