#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "statuspage/page.h"
#include "statuspage/public_json.h"

namespace klaxon::statuspage {
namespace {

namespace json = boost::json;
using std::chrono::hours;
using std::chrono::minutes;

const Time kNow = Time(std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}) + hours(6);

Page ThePage() {
  Page p;
  p.id = "cocopay";
  p.name = "CocoPay Status";
  p.url = "https://klaxon.example/status";
  p.components = {{"api", "API", "Public REST API", "Core", {}, {}},
                  {"payments", "Payments", "", "Core", {}, {}},
                  {"web", "Web app", "", "", {}, {}}};
  return p;
}

Incident AnIncident(int64_t id, IncidentStatus status, ComponentStatus cs) {
  Incident i;
  i.id = id;
  i.source_incident = 4242;
  i.name = "Payment processing delays";
  i.status = status;
  i.impact = Impact::kMajor;
  i.components = {{"payments", cs}};
  i.created_at = kNow - hours(1);
  i.updated_at = kNow - minutes(10);
  i.created_by = "maya-the-lead";
  Update u;
  u.id = id * 10;
  u.incident_id = id;
  u.status = status;
  u.body = "We're on it.";
  u.components = i.components;
  u.created_at = i.updated_at;
  u.actor = "maya-the-lead";
  i.updates.push_back(u);
  if (status == IncidentStatus::kResolved) i.resolved_at = i.updated_at;
  if (status == IncidentStatus::kMonitoring) i.monitoring_at = i.updated_at;
  return i;
}

std::string Everything(const Snapshot& s) {
  std::string out = json::serialize(SummaryJson(s)) + json::serialize(StatusJson(s)) +
                    json::serialize(ComponentsJson(s)) + json::serialize(IncidentsJson(s, false)) +
                    json::serialize(IncidentsJson(s, true)) +
                    json::serialize(MaintenancesJson(s, MaintenanceFilter::kAll));
  return out + Html(s) + Atom(s);
}

TEST(Views, EveryIncidentStateAndComponentStatusShowsInJsonAndHtml) {
  Page page = ThePage();
  const std::vector<std::pair<IncidentStatus, ComponentStatus>> cases = {
      {IncidentStatus::kInvestigating, ComponentStatus::kMajorOutage},
      {IncidentStatus::kIdentified, ComponentStatus::kPartialOutage},
      {IncidentStatus::kMonitoring, ComponentStatus::kDegradedPerformance},
      {IncidentStatus::kResolved, ComponentStatus::kOperational},
      {IncidentStatus::kInvestigating, ComponentStatus::kUnderMaintenance},
      {IncidentStatus::kInvestigating, ComponentStatus::kOperational}};
  for (const auto& [state, cs] : cases) {
    SCOPED_TRACE(std::string(ToString(state)) + " " + std::string(ToString(cs)));
    Records r;
    r.incidents.push_back(AnIncident(7, state, cs));
    auto s = Build(page, r, kNow);
    auto summary = SummaryJson(s);
    auto incidents = IncidentsJson(s, false);
    const auto& inc = incidents.at("incidents").as_array().at(0).as_object();
    EXPECT_EQ(inc.at("id").as_string(), "7");
    EXPECT_EQ(inc.at("status").as_string(), ToString(state));
    EXPECT_EQ(inc.at("impact").as_string(), "major");
    EXPECT_EQ(inc.at("page_id").as_string(), "cocopay");
    EXPECT_EQ(inc.at("created_at").as_string(), "2026-11-27T05:00:00.000Z");
    EXPECT_EQ(inc.at("incident_updates").as_array().at(0).at("status").as_string(), ToString(state));
    EXPECT_EQ(inc.at("resolved_at").is_null(), state != IncidentStatus::kResolved);
    EXPECT_EQ(inc.at("monitoring_at").is_null(), state != IncidentStatus::kMonitoring);
    // The component shows the incident's status while it is unresolved.
    const auto& payments = summary.at("components").as_array().at(1).as_object();
    EXPECT_EQ(payments.at("id").as_string(), "payments");
    ComponentStatus shown = state == IncidentStatus::kResolved ? ComponentStatus::kOperational : cs;
    EXPECT_EQ(payments.at("status").as_string(), ToString(shown));
    EXPECT_EQ(summary.at("incidents").as_array().size(), state == IncidentStatus::kResolved ? 0u : 1u);
    std::string html = Html(s);
    EXPECT_NE(html.find(std::string(Label(state))), std::string::npos);
    EXPECT_NE(html.find("s-" + std::string(ToString(shown)) + "\">" + std::string(Label(shown))),
              std::string::npos);
    EXPECT_NE(html.find(state == IncidentStatus::kResolved ? "Past incidents" : "Active incidents"),
              std::string::npos);
  }
}

TEST(Views, TheSummaryHasTheStatuspageShape) {
  Page page = ThePage();
  Records r;
  r.incidents.push_back(AnIncident(1, IncidentStatus::kIdentified, ComponentStatus::kPartialOutage));
  Maintenance m;
  m.id = 3;
  m.name = "Database upgrade";
  m.body = "Payments may be slow.";
  m.components = {"payments"};
  m.created_at = kNow - hours(2);
  m.scheduled_for = kNow + hours(1);
  m.scheduled_until = kNow + hours(2);
  r.maintenances.push_back(m);
  auto s = Build(page, r, kNow);
  auto v = SummaryJson(s);
  const auto& p = v.at("page").as_object();
  EXPECT_EQ(p.at("id").as_string(), "cocopay");
  EXPECT_EQ(p.at("name").as_string(), "CocoPay Status");
  EXPECT_EQ(p.at("url").as_string(), "https://klaxon.example/status");
  EXPECT_EQ(p.at("time_zone").as_string(), "Etc/UTC");
  EXPECT_EQ(p.at("updated_at").as_string(), "2026-11-27T05:50:00.000Z");
  EXPECT_EQ(v.at("status").at("indicator").as_string(), "major");
  EXPECT_EQ(v.at("status").at("description").as_string(), "Partial System Outage");
  const auto& comps = v.at("components").as_array();
  ASSERT_EQ(comps.size(), 4u);  // three components and the group "Core"
  EXPECT_EQ(comps[0].at("description").as_string(), "Public REST API");
  EXPECT_TRUE(comps[1].at("description").is_null());
  EXPECT_EQ(comps[0].at("group_id").as_string(), "group-core");
  EXPECT_TRUE(comps[2].at("group_id").is_null());
  EXPECT_EQ(comps[3].at("id").as_string(), "group-core");
  EXPECT_TRUE(comps[3].at("group").as_bool());
  EXPECT_EQ(comps[3].at("status").as_string(), "partial_outage");
  EXPECT_EQ(comps[0].at("position").as_int64(), 1);
  const auto& windows = v.at("scheduled_maintenances").as_array();
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0].at("status").as_string(), "scheduled");
  EXPECT_EQ(windows[0].at("impact").as_string(), "maintenance");
  EXPECT_EQ(windows[0].at("scheduled_for").as_string(), "2026-11-27T07:00:00.000Z");
  EXPECT_EQ(MaintenancesJson(s, MaintenanceFilter::kUpcoming).at("scheduled_maintenances").as_array().size(), 1u);
  EXPECT_EQ(MaintenancesJson(s, MaintenanceFilter::kActive).at("scheduled_maintenances").as_array().size(), 0u);
  auto later = Build(page, r, kNow + hours(1) + minutes(30));
  auto active = MaintenancesJson(later, MaintenanceFilter::kActive).at("scheduled_maintenances").as_array();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].at("status").as_string(), "in_progress");
  EXPECT_EQ(active[0].at("components").at(0).at("status").as_string(), "under_maintenance");
  EXPECT_NE(Html(later).find("In progress"), std::string::npos);
  // A group's row shows its name only, not the page's state.
  EXPECT_NE(Html(s).find("<li class=\"group\"><span>Core</span>"), std::string::npos) << Html(s);
  auto done = Build(page, r, kNow + hours(3));
  EXPECT_EQ(MaintenancesJson(done, MaintenanceFilter::kAll).at("scheduled_maintenances").at(0).at("status").as_string(),
            "completed");
  EXPECT_EQ(SummaryJson(done).at("scheduled_maintenances").as_array().size(), 0u);
  EXPECT_EQ(StatusJson(s).size(), 2u);
}

TEST(Views, WhoWroteItAndTheInternalIncidentNeverShow) {
  Page page = ThePage();
  Records r;
  r.incidents.push_back(AnIncident(1, IncidentStatus::kMonitoring, ComponentStatus::kDegradedPerformance));
  r.incidents.push_back(AnIncident(2, IncidentStatus::kResolved, ComponentStatus::kOperational));
  Maintenance m;
  m.id = 3;
  m.name = "Upgrade";
  m.created_by = "maya-the-lead";
  m.scheduled_for = kNow;
  m.scheduled_until = kNow + hours(1);
  r.maintenances.push_back(m);
  std::string all = Everything(Build(page, r, kNow));
  EXPECT_EQ(all.find("maya-the-lead"), std::string::npos);
  EXPECT_EQ(all.find("4242"), std::string::npos);
}

TEST(Views, TextIsEscapedInTheHtmlAndTheFeed) {
  Page page = ThePage();
  page.name = "Coco & <Pay>";
  Records r;
  Incident i = AnIncident(1, IncidentStatus::kInvestigating, ComponentStatus::kMajorOutage);
  i.name = "<script>alert('x')</script> & \"quotes\"";
  i.updates[0].body = "line one <b>bold</b>\nline two\x01 & more";
  r.incidents.push_back(i);
  auto s = Build(page, r, kNow);
  std::string html = Html(s);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;quotes&quot;"), std::string::npos);
  EXPECT_NE(html.find("<p>line one &lt;b&gt;bold&lt;/b&gt;</p><p>line two &amp; more</p>"), std::string::npos);
  EXPECT_NE(html.find("<title>Coco &amp; &lt;Pay&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("name=\"viewport\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // no JavaScript at all

  std::string atom = Atom(s);
  EXPECT_EQ(atom.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u);
  EXPECT_EQ(atom.find("<script>"), std::string::npos);
  EXPECT_EQ(atom.find('\x01'), std::string::npos);
  EXPECT_NE(atom.find("<title>Investigating: &lt;script&gt;"), std::string::npos);
  EXPECT_NE(atom.find("<content type=\"text\">line one &lt;b&gt;bold&lt;/b&gt;\nline two &amp; more</content>"),
            std::string::npos);
  EXPECT_NE(atom.find("<id>https://klaxon.example/status#incident-1-update-10</id>"), std::string::npos);
  EXPECT_NE(atom.find("<updated>2026-11-27T05:50:00.000Z</updated>"), std::string::npos);
  // Balanced: every entry opened is closed.
  size_t opened = 0, closed = 0;
  for (size_t p = 0; (p = atom.find("<entry>", p)) != std::string::npos; ++p) ++opened;
  for (size_t p = 0; (p = atom.find("</entry>", p)) != std::string::npos; ++p) ++closed;
  EXPECT_EQ(opened, 1u);
  EXPECT_EQ(closed, 1u);
}

TEST(Views, TheFeedListsUpdatesNewestFirstAndAnEmptyPageSaysSo) {
  Page page = ThePage();
  Records r;
  Incident i = AnIncident(1, IncidentStatus::kResolved, ComponentStatus::kOperational);
  Update first = i.updates[0];
  first.id = 9;
  first.status = IncidentStatus::kInvestigating;
  first.body = "First.";
  first.created_at = kNow - hours(1);
  i.updates.push_back(first);
  r.incidents.push_back(i);
  std::string atom = Atom(Build(page, r, kNow));
  EXPECT_LT(atom.find("Resolved: "), atom.find("Investigating: "));
  std::string empty = Html(Build(page, Records{}, kNow));
  EXPECT_NE(empty.find("All Systems Operational"), std::string::npos);
  EXPECT_NE(empty.find("No incidents reported."), std::string::npos);
  EXPECT_EQ(empty.find("Active incidents"), std::string::npos);
}

}  // namespace
}  // namespace klaxon::statuspage
