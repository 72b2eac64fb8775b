#include "postmortem/draft.h"

#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "templates/template.h"

namespace klaxon::postmortem {
namespace {

using std::chrono::minutes;

// The handbook's template ("Post-Mortem Template"), verbatim.
constexpr std::string_view kHandbook = R"(# Incident Post-Mortem: [Title]

**Date:** YYYY-MM-DD
**Duration:** X hours Y minutes
**Severity:** SEV[X]
**Author:** [Name]

## Summary
[2-3 sentence summary]

## Timeline
- HH:MM - [Event]
- HH:MM - [Event]
- ...

## Impact
- Users affected: [number]
- Payments affected: [number/volume]
- Revenue impact: [if known]

## Root Cause
[Technical explanation]

## Resolution
[What fixed it]

## Lessons Learned
### What went well
- [Item]

### What went poorly
- [Item]

## Action Items
| Action | Owner | Due Date | Status |
|--------|-------|----------|--------|
| [Action] | [Name] | [Date] | [ ] |

## Prevention
[How we prevent this from happening again]
)";

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Sections by heading ("# ...", "## ...", "### ..."), in order, each with
// its body lines (blank lines dropped).
std::vector<std::pair<std::string, std::vector<std::string>>> Sections(std::string_view text) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& line : Lines(text)) {
    if (line.starts_with("#")) {
      out.push_back({line, {}});
    } else if (!line.empty() && !out.empty()) {
      out.back().second.push_back(line);
    }
  }
  return out;
}

std::string Heading(const std::string& h) {  // "# Incident Post-Mortem: X" -> "# Incident Post-Mortem:"
  auto colon = h.find(':');
  return colon == std::string::npos ? h : h.substr(0, colon + 1);
}

Time At(int hh, int mm) {
  using namespace std::chrono;
  return Time(sys_days{year{2026} / November / 27} + hours(hh) + minutes(mm));
}

incident::TimelineEntry Line(Time at, std::string kind, std::string text, std::string data = "{}") {
  incident::TimelineEntry e;
  e.at = at;
  e.kind = std::move(kind);
  e.text = std::move(text);
  e.data = std::move(data);
  e.incident_id = 42;
  return e;
}

DraftInput Sample() {
  DraftInput in;
  auto& inc = in.incident;
  inc.id = 42;
  inc.title = "API Health Check Failing";
  inc.runbook_id = "RB-001";
  inc.severity = "SEV1";
  inc.status = incident::Status::kResolved;
  inc.opened_at = At(9, 14);
  inc.updated_at = At(10, 19);
  inc.resolved_at = At(10, 19);
  inc.ack = incident::Acknowledgement{"maya", "slack", At(9, 18)};
  inc.total_alerts = 2;
  inc.root_cause = "Connection pool exhausted by a leaking job";
  in.runbook_title = "API Health Check Failing";
  in.author = "maya";
  in.timeline = {
      Line(At(9, 14), "opened", "Opened: API Health Check Failing (SEV1, runbook RB-001)"),
      Line(At(9, 14), "alert_fired", "Alert firing: {alertname=\"ApiDown\"}"),
      Line(At(9, 15), "remediation", "Step 1 restart: exit 0"),
      Line(At(9, 15), "notification", "Slack #incidents: delivered"),
      Line(At(9, 17), "escalated", "Paged level 1: maya (primary)"),
      Line(At(9, 18), "acknowledged", "Acknowledged by maya via slack"),
      Line(At(9, 40), "update", "Update by maya: Identified\nleak in job"),
      Line(At(10, 19), "resolved", "Resolved by maya via api: Connection pool exhausted",
           R"({"root_cause":"Connection pool exhausted","resolution":"Restarted api and disabled the job",
               "impact":{"users":"about 1,200","payments":"38 delayed, none lost"}})"),
      Line(At(10, 19), "postmortem", "Post-mortem required: SEV1"),
  };
  ActionItem a;
  a.id = 7;
  a.action = "Cap the job's pool | add alert";
  a.owner = "diego";
  a.due = At(0, 0) + std::chrono::days(7);
  ActionItem b;
  b.id = 8;
  b.action = "Runbook: document the job";
  b.owner = "maya";
  b.status = ItemStatus::kDone;
  in.action_items = {a, b};
  return in;
}

TEST(PostmortemDraft, FollowsTheHandbookTemplateSectionBySection) {
  auto md = Draft(Sample());
  ASSERT_TRUE(md) << md.error().message;
  auto got = Sections(*md);
  auto want = Sections(kHandbook);
  ASSERT_EQ(got.size(), want.size()) << *md;
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(Heading(got[i].first), Heading(want[i].first));
  std::map<std::string, std::vector<std::string>> s;
  for (auto& [h, body] : got) s[Heading(h)] = body;

  EXPECT_EQ(got[0].first, "# Incident Post-Mortem: API Health Check Failing");
  EXPECT_EQ(s["# Incident Post-Mortem:"],
            (std::vector<std::string>{"**Date:** 2026-11-27", "**Duration:** 1 hour 5 minutes",
                                      "**Severity:** SEV1", "**Author:** maya"}));
  ASSERT_EQ(s["## Summary"].size(), 1u);
  EXPECT_EQ(s["## Summary"][0],
            "INC-42 API Health Check Failing (SEV1) lasted 1 hour 5 minutes, from 09:14 to 10:19 "
            "UTC on 2026-11-27, handled by runbook RB-001 (API Health Check Failing), with 2 "
            "alerts. It was acknowledged by maya via slack after 0 hours 4 minutes.");
  // Every line of the incident's own timeline but the post-mortem's, one line each.
  EXPECT_EQ(s["## Timeline"],
            (std::vector<std::string>{
                "- 09:14 - Opened: API Health Check Failing (SEV1, runbook RB-001)",
                "- 09:14 - Alert firing: {alertname=\"ApiDown\"}",
                "- 09:15 - Step 1 restart: exit 0",
                "- 09:15 - Slack #incidents: delivered",
                "- 09:17 - Paged level 1: maya (primary)",
                "- 09:18 - Acknowledged by maya via slack",
                "- 09:40 - Update by maya: Identified leak in job",
                "- 10:19 - Resolved by maya via api: Connection pool exhausted"}));
  EXPECT_EQ(s["## Impact"],
            (std::vector<std::string>{"- Users affected: about 1,200",
                                      "- Payments affected: 38 delayed, none lost",
                                      "- Revenue impact: [if known]"}));
  EXPECT_EQ(s["## Root Cause"], std::vector<std::string>{"Connection pool exhausted by a leaking job"});
  EXPECT_EQ(s["## Resolution"], std::vector<std::string>{"Restarted api and disabled the job"});
  EXPECT_TRUE(s["## Lessons Learned"].empty());
  EXPECT_EQ(s["### What went well"], std::vector<std::string>{"- [Item]"});
  EXPECT_EQ(s["### What went poorly"], std::vector<std::string>{"- [Item]"});
  EXPECT_EQ(s["## Action Items"],
            (std::vector<std::string>{"| Action | Owner | Due Date | Status |",
                                      "|--------|-------|----------|--------|",
                                      "| Cap the job's pool \\| add alert | diego | 2026-12-04 | [ ] |",
                                      "| Runbook: document the job | maya |  | [x] |"}));
  EXPECT_EQ(s["## Prevention"], want.back().second);
}

// Headings and blank lines in order: the template's layout, whatever the content.
std::vector<std::string> Layout(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& line : Lines(text)) {
    if (line.empty() || line.starts_with("#")) out.push_back(Heading(line));
  }
  return out;
}

TEST(PostmortemDraft, KeepsTheTemplatesLayout) {
  auto md = Draft(Sample());
  ASSERT_TRUE(md);
  EXPECT_EQ(Layout(*md), Layout(kHandbook)) << *md;
  EXPECT_TRUE(md->ends_with("[How we prevent this from happening again]\n"));
}

TEST(PostmortemDraft, WithoutNotesKeepsTheTemplatesPlaceholders) {
  DraftInput in = Sample();
  in.author.clear();
  in.action_items.clear();
  in.incident.root_cause.clear();
  in.timeline.pop_back();
  in.timeline.back() = Line(At(10, 19), "resolved", "Resolved automatically after 5m without alerts");
  auto md = Draft(in);
  ASSERT_TRUE(md) << md.error().message;
  std::map<std::string, std::vector<std::string>> s, want;
  for (auto& [h, body] : Sections(*md)) s[Heading(h)] = body;
  for (auto& [h, body] : Sections(kHandbook)) want[Heading(h)] = body;
  EXPECT_EQ(s["# Incident Post-Mortem:"][3], "**Author:** [Name]");
  EXPECT_EQ(s["## Impact"], want["## Impact"]);
  EXPECT_EQ(s["## Root Cause"], want["## Root Cause"]);
  // Without a resolution note, what the resolve line says.
  EXPECT_EQ(s["## Resolution"], std::vector<std::string>{"Resolved automatically after 5m without alerts"});
  EXPECT_EQ(s["## Action Items"], want["## Action Items"]);
  EXPECT_EQ(Layout(*md), Layout(kHandbook)) << *md;
  in.timeline.clear();
  md = Draft(in);
  ASSERT_TRUE(md);
  EXPECT_EQ(Layout(*md), Layout(kHandbook)) << *md;
}

TEST(PostmortemDraft, LinesOnALaterDayCarryTheirDate) {
  DraftInput in = Sample();
  in.timeline.back().at = At(0, 30) + std::chrono::days(1);
  in.timeline.back().kind = "update";
  in.timeline.back().text = "next day";
  auto md = Draft(in);
  ASSERT_TRUE(md);
  EXPECT_NE(md->find("- 2026-11-28 00:30 - next day\n"), std::string::npos) << *md;
}

TEST(PostmortemDraft, HandbookTemplateIsEmbeddedAndParses) {
  EXPECT_TRUE(HandbookTemplate().starts_with("# Incident Post-Mortem: {{title}}"));
  EXPECT_FALSE(templates::CheckSyntax(HandbookTemplate()));
}

TEST(PostmortemDraft, AnOverrideRendersTheSameData) {
  auto md = Draft(Sample(), "{{id}} {{severity}} {{#action_items}}[{{owner}}]{{/action_items}} {{reasons}}");
  ASSERT_TRUE(md);
  EXPECT_EQ(*md, "INC-42 SEV1 [diego][maya] ");
}

TEST(PostmortemDraft, ValuesAreNotHtmlEscaped) {
  DraftInput in = Sample();
  in.incident.title = "Payments <5% & \"slow\"";
  auto md = Draft(in);
  ASSERT_TRUE(md);
  EXPECT_TRUE(md->starts_with("# Incident Post-Mortem: Payments <5% & \"slow\"\n")) << *md;
}

TEST(PostmortemDraft, ABadTemplateSaysWhere) {
  // Where exactly is templates::CheckSyntax's (templates/template_test.cpp).
  auto d = Draft(Sample(), "{{#x}}");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "post-mortem template does not parse: 1:1: unclosed section \"x\"");
}

TEST(PostmortemDraft, HoursAndMinutes) {
  EXPECT_EQ(HoursAndMinutes(minutes(5)), "0 hours 5 minutes");
  EXPECT_EQ(HoursAndMinutes(minutes(61)), "1 hour 1 minute");
  EXPECT_EQ(HoursAndMinutes(minutes(150)), "2 hours 30 minutes");
}

}  // namespace
}  // namespace klaxon::postmortem
