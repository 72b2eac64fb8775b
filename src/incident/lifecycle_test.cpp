#include "incident/lifecycle.h"

#include <map>

#include <gtest/gtest.h>
#include <fmt/format.h>

namespace klaxon::incident {
namespace {

using std::chrono::minutes;

const Time kT0 = FromUnixMillis(1'750'000'000'000);
const Policy kPolicy{minutes(5), minutes(30)};

Incident Open() {
  Incident inc = NewIncident("API Health Check Failing", "RB-001", "SEV1", "RB-001|service=api",
                             LabelSet{{"service", "api"}}, kT0);
  inc.id = 42;
  return inc;
}

Outcome Must(const Incident& inc, const Event& ev, Time now) {
  auto r = Apply(inc, ev, kPolicy, now);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r.value_or(Outcome{});
}

TEST(Lifecycle, FirstAlertCountsAndIsOnTheTimeline) {
  auto out = Must(Open(), AlertFired{"{alertname=\"ApiDown\"}", "abc", "prometheus"}, kT0);
  EXPECT_EQ(out.incident.firing_alerts, 1);
  EXPECT_EQ(out.incident.total_alerts, 1);
  EXPECT_EQ(out.incident.status, Status::kInvestigating);
  ASSERT_EQ(out.timeline.size(), 1u);
  // The same alert firing again counts as firing, not as another alert.
  auto again = Must(out.incident, AlertFired{"a", "abc", "p", false}, kT0);
  EXPECT_EQ(again.incident.total_alerts, 1);
  EXPECT_EQ(out.timeline[0].kind, kinds::kAlertFired);
  EXPECT_EQ(out.timeline[0].incident_id, 42);
  EXPECT_EQ(out.timeline[0].at, kT0);
  EXPECT_TRUE(out.timers.empty());
}

TEST(Lifecycle, LastAlertResolvedMovesToMonitoringAndSchedulesQuietTimer) {
  auto inc = Must(Open(), AlertFired{"a", "1", "p"}, kT0).incident;
  inc = Must(inc, AlertFired{"b", "2", "p"}, kT0).incident;
  auto one = Must(inc, AlertResolved{"a", "1", "p", false}, kT0 + minutes(1));
  EXPECT_EQ(one.incident.status, Status::kInvestigating);
  EXPECT_EQ(one.incident.firing_alerts, 1);
  EXPECT_TRUE(one.timers.empty());
  auto two = Must(one.incident, AlertResolved{"b", "2", "p", true}, kT0 + minutes(2));
  EXPECT_EQ(two.incident.status, Status::kMonitoring);
  ASSERT_EQ(two.timers.size(), 1u);
  EXPECT_EQ(two.timers[0].op, TimerCommand::Op::kSchedule);
  EXPECT_EQ(two.timers[0].kind, kQuietPeriodTimer);
  EXPECT_EQ(two.timers[0].due, kT0 + minutes(7));
  EXPECT_EQ(two.timeline.back().kind, kinds::kStatusChanged);
}

TEST(Lifecycle, QuietPeriodResolvesOnlyWhenStillQuiet) {
  auto inc = Must(Open(), AlertFired{"a", "1", "p"}, kT0).incident;
  inc = Must(inc, AlertResolved{"a", "1", "p", false}, kT0 + minutes(1)).incident;
  // Too early: no change.
  auto early = Must(inc, QuietPeriodElapsed{}, kT0 + minutes(3));
  EXPECT_FALSE(early.changed);
  EXPECT_EQ(early.incident.status, Status::kMonitoring);
  auto done = Must(inc, QuietPeriodElapsed{}, kT0 + minutes(6));
  EXPECT_EQ(done.incident.status, Status::kResolved);
  EXPECT_EQ(done.incident.resolved_at, kT0 + minutes(6));
  EXPECT_EQ(done.timeline.back().kind, kinds::kResolved);
}

TEST(Lifecycle, FiringAgainDuringMonitoringReturnsToInvestigatingAndCancelsTimer) {
  auto inc = Must(Open(), AlertFired{"a", "1", "p"}, kT0).incident;
  inc = Must(inc, AlertResolved{"a", "1", "p", false}, kT0 + minutes(1)).incident;
  auto out = Must(inc, AlertFired{"a", "1", "p"}, kT0 + minutes(2));
  EXPECT_EQ(out.incident.status, Status::kInvestigating);
  EXPECT_FALSE(out.incident.monitoring_since.has_value());
  ASSERT_EQ(out.timers.size(), 1u);
  EXPECT_EQ(out.timers[0].op, TimerCommand::Op::kCancel);
  // A stale quiet timer firing later is a no-op.
  auto stale = Must(out.incident, QuietPeriodElapsed{}, kT0 + minutes(10));
  EXPECT_FALSE(stale.changed);
}

TEST(Lifecycle, ResolvedIncidentReopensAndNeedsFreshAck) {
  auto inc = Must(Open(), AlertFired{"a", "1", "p"}, kT0).incident;
  inc = Must(inc, Acknowledge{"alice", "api"}, kT0).incident;
  inc = Must(inc, Resolve{"restarted", "alice", "cli"}, kT0 + minutes(3)).incident;
  ASSERT_EQ(inc.status, Status::kResolved);
  inc.firing_alerts = 0;
  auto out = Must(inc, AlertFired{"a", "1", "p"}, kT0 + minutes(10));
  EXPECT_EQ(out.incident.status, Status::kInvestigating);
  EXPECT_EQ(out.incident.reopen_count, 1);
  EXPECT_FALSE(out.incident.ack.has_value());
  EXPECT_FALSE(out.incident.resolved_at.has_value());
  EXPECT_EQ(out.timeline.front().kind, kinds::kReopened);
}

TEST(Lifecycle, ChooseIncidentHonoursReopenWindow) {
  EXPECT_EQ(ChooseIncident(nullptr, kPolicy, kT0), GroupChoice::kOpenNew);
  Incident inc = Open();
  EXPECT_EQ(ChooseIncident(&inc, kPolicy, kT0), GroupChoice::kJoin);
  inc.status = Status::kResolved;
  inc.resolved_at = kT0;
  EXPECT_EQ(ChooseIncident(&inc, kPolicy, kT0 + minutes(30)), GroupChoice::kReopen);
  EXPECT_EQ(ChooseIncident(&inc, kPolicy, kT0 + minutes(31)), GroupChoice::kOpenNew);
}

TEST(Lifecycle, AckIsIdempotentAndRecordsWhoAndHow) {
  auto out = Must(Open(), Acknowledge{"alice", "slack"}, kT0 + minutes(4));
  ASSERT_TRUE(out.incident.ack.has_value());
  EXPECT_EQ(out.incident.ack->by, "alice");
  EXPECT_EQ(out.incident.ack->via, "slack");
  EXPECT_EQ(out.incident.ack->at, kT0 + minutes(4));
  EXPECT_EQ(out.timeline.size(), 1u);
  auto again = Must(out.incident, Acknowledge{"bob", "api"}, kT0 + minutes(5));
  EXPECT_FALSE(again.changed);
  EXPECT_EQ(again.incident.ack->by, "alice");
}

TEST(Lifecycle, ResolveRecordsWhoHowAndTheRootCause) {
  auto out = Must(Open(), Resolve{"Bad deploy", "alice", "slack"}, kT0 + minutes(9));
  ASSERT_EQ(out.timeline.size(), 1u);
  EXPECT_EQ(out.timeline[0].kind, kinds::kResolved);
  EXPECT_EQ(out.timeline[0].actor, "alice");
  EXPECT_EQ(out.timeline[0].via, "slack");
  EXPECT_EQ(out.timeline[0].text, "Resolved by alice via slack: Bad deploy");
  EXPECT_EQ(Must(Open(), Resolve{"", "bob", "pagerduty"}, kT0).timeline[0].text,
            "Resolved by bob via pagerduty");
}

TEST(Lifecycle, UpdatesChangeStatusAndKeepTheHandbookFields) {
  auto out = Must(Open(),
                  PostUpdate{Status::kIdentified, "Bad deploy", "Rolling back", "10 min", "bob", "cli"},
                  kT0 + minutes(5));
  EXPECT_EQ(out.incident.status, Status::kIdentified);
  EXPECT_EQ(out.incident.summary, "Bad deploy");
  EXPECT_EQ(out.incident.next_step, "Rolling back");
  EXPECT_EQ(out.incident.eta, "10 min");
  ASSERT_EQ(out.timeline.size(), 2u);
  EXPECT_EQ(out.timeline[0].kind, kinds::kStatusChanged);
  EXPECT_EQ(out.timeline[1].kind, kinds::kUpdate);
  EXPECT_NE(out.timeline[1].data.find("\"next\":\"Rolling back\""), std::string::npos);

  auto bad = Apply(out.incident, PostUpdate{Status::kResolved, "", "", "", "bob", "cli"}, kPolicy, kT0);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST(Lifecycle, ManualMonitoringWithNoFiringAlertsStartsQuietTimer) {
  auto out = Must(Open(), PostUpdate{Status::kMonitoring, "Fix deployed", "", "", "bob", "api"}, kT0);
  ASSERT_EQ(out.timers.size(), 1u);
  EXPECT_EQ(out.timers[0].op, TimerCommand::Op::kSchedule);
  auto back = Must(out.incident, PostUpdate{Status::kFixing, "Not yet", "", "", "bob", "api"}, kT0);
  ASSERT_EQ(back.timers.size(), 1u);
  EXPECT_EQ(back.timers[0].op, TimerCommand::Op::kCancel);
}

TEST(Lifecycle, MonitoringSetWhileAnAlertFiresStartsTheQuietPeriodWithItsResolution) {
  auto inc = Must(Open(), AlertFired{"a", "1", "p"}, kT0).incident;
  auto set = Must(inc, PostUpdate{Status::kMonitoring, "Restarted", "", "", "klaxon", "remediation"},
                  kT0 + minutes(2));
  EXPECT_TRUE(set.timers.empty()) << "an alert still fires";
  EXPECT_FALSE(set.incident.monitoring_since);
  EXPECT_FALSE(IsCountOnly(set.incident, AlertResolved{"a", "1", "p", false}));
  auto cleared = Must(set.incident, AlertResolved{"a", "1", "p", false}, kT0 + minutes(3));
  EXPECT_EQ(cleared.incident.status, Status::kMonitoring);
  ASSERT_EQ(cleared.timers.size(), 1u);
  EXPECT_EQ(cleared.timers[0].kind, kQuietPeriodTimer);
  EXPECT_EQ(cleared.timers[0].due, kT0 + minutes(8));
  auto done = Must(cleared.incident, QuietPeriodElapsed{}, kT0 + minutes(8));
  EXPECT_EQ(done.incident.status, Status::kResolved);
}

TEST(Lifecycle, ResolvedIncidentRejectsAckUpdateSeverityAndSecondResolve) {
  auto inc = Must(Open(), Resolve{"fixed", "alice", "api"}, kT0).incident;
  for (const Event& ev : std::vector<Event>{Acknowledge{"a", "api"},
                                            PostUpdate{std::nullopt, "x", "", "", "a", "api"},
                                            ChangeSeverity{"SEV2", "", "a", "api"},
                                            Resolve{"again", "a", "api"}}) {
    auto r = Apply(inc, ev, kPolicy, kT0);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  }
}

TEST(Lifecycle, ResolveWhileMonitoringCancelsQuietTimer) {
  auto inc = Must(Open(), AlertFired{"a", "1", "p"}, kT0).incident;
  inc = Must(inc, AlertResolved{"a", "1", "p", false}, kT0).incident;
  auto out = Must(inc, Resolve{"done", "alice", "api"}, kT0 + minutes(1));
  EXPECT_EQ(out.incident.status, Status::kResolved);
  ASSERT_EQ(out.timers.size(), 1u);
  EXPECT_EQ(out.timers[0].op, TimerCommand::Op::kCancel);
}

TEST(Lifecycle, SeverityChangeIsRecorded) {
  auto out = Must(Open(), ChangeSeverity{"SEV2", "only EU affected", "carol", "api"}, kT0);
  EXPECT_EQ(out.incident.severity, "SEV2");
  ASSERT_EQ(out.timeline.size(), 1u);
  EXPECT_EQ(out.timeline[0].kind, kinds::kSeverityChanged);
  EXPECT_EQ(out.timeline[0].text, "Severity SEV1 -> SEV2: only EU affected");
  EXPECT_FALSE(Must(out.incident, ChangeSeverity{"SEV2", "", "carol", "api"}, kT0).changed);
}

TEST(Lifecycle, LeadAssignmentIsRecordedAndIdempotent) {
  auto out = Must(Open(), AssignLead{"maya", "sam", "api"}, kT0);
  EXPECT_EQ(out.incident.lead, "maya");
  ASSERT_EQ(out.timeline.size(), 1u);
  EXPECT_EQ(out.timeline[0].kind, kinds::kLeadAssigned);
  EXPECT_EQ(out.timeline[0].text, "Lead: maya");
  EXPECT_FALSE(Must(out.incident, AssignLead{"maya", "sam", "api"}, kT0).changed);
  auto resolved = Must(out.incident, Resolve{"x", "sam", "api"}, kT0).incident;
  EXPECT_FALSE(Apply(resolved, AssignLead{"diego", "sam", "api"}, kPolicy, kT0).has_value());
}

TEST(IncidentIds, DisplayAndParse) {
  EXPECT_EQ(DisplayId("INC", 42), "INC-42");
  EXPECT_EQ(ParseDisplayId("INC-42"), 42);
  EXPECT_EQ(ParseDisplayId("inc-7"), 7);
  EXPECT_EQ(ParseDisplayId("42"), 42);
  EXPECT_EQ(ParseDisplayId("INC-"), std::nullopt);
  EXPECT_EQ(ParseDisplayId("INC-4x"), std::nullopt);
  EXPECT_EQ(ParseDisplayId("-3"), std::nullopt);
}

}  // namespace
}  // namespace klaxon::incident

namespace klaxon::incident {
namespace {

// IsCountOnly/ApplyCount must agree with Apply on every combination of
// status, open/resolved, firing count and alert event: the engine's flood
// path relies on it.
TEST(Lifecycle, CountOnlyPathAgreesWithApplyEverywhere) {
  const Time later = kT0 + minutes(1);
  std::vector<Event> events = {
      AlertFired{"{a=\"1\"}", "fp1", "prom", true},
      AlertFired{"{a=\"1\"}", "fp1", "prom", false},
      AlertResolved{"{a=\"1\"}", "fp1", "prom", false},
      AlertResolved{"{a=\"1\"}", "fp1", "klaxon", true},
  };
  int count_only = 0, full = 0;
  for (Status status : {Status::kInvestigating, Status::kIdentified, Status::kFixing,
                        Status::kMonitoring, Status::kResolved}) {
    for (int64_t firing : {0, 1, 2, 7}) {
      for (const Event& ev : events) {
        Incident inc = Open();
        inc.status = status;
        inc.firing_alerts = firing;
        inc.total_alerts = 9;
        if (status == Status::kMonitoring) inc.monitoring_since = kT0;
        if (status == Status::kResolved) inc.resolved_at = kT0;
        SCOPED_TRACE(fmt::format("status={} firing={} event={}", ToString(status), firing,
                                 ev.index()));
        auto applied = Apply(inc, ev, kPolicy, later);
        ASSERT_TRUE(applied.has_value());
        if (!IsCountOnly(inc, ev)) {
          ++full;
          // The full path does more than count: a status change, a timer or another line.
          EXPECT_TRUE(applied->incident.status != inc.status || !applied->timers.empty() ||
                      applied->timeline.size() > 1);
          continue;
        }
        ++count_only;
        Incident counted = inc;
        ApplyCount(counted, ev, later);
        EXPECT_EQ(counted.firing_alerts, applied->incident.firing_alerts);
        EXPECT_EQ(counted.total_alerts, applied->incident.total_alerts);
        EXPECT_EQ(counted.updated_at, applied->incident.updated_at);
        EXPECT_EQ(counted.status, applied->incident.status);
        EXPECT_EQ(counted.monitoring_since, applied->incident.monitoring_since);
        EXPECT_EQ(counted.resolved_at, applied->incident.resolved_at);
        EXPECT_EQ(counted.reopen_count, applied->incident.reopen_count);
        EXPECT_TRUE(applied->timers.empty());
        ASSERT_EQ(applied->timeline.size(), 1u);
        TimelineEntry line = AlertLine(inc, ev, later);
        EXPECT_EQ(line.kind, applied->timeline[0].kind);
        EXPECT_EQ(line.text, applied->timeline[0].text);
        EXPECT_EQ(line.data, applied->timeline[0].data);
        EXPECT_EQ(line.actor, applied->timeline[0].actor);
        EXPECT_EQ(line.via, applied->timeline[0].via);
        EXPECT_EQ(line.at, applied->timeline[0].at);
        EXPECT_EQ(line.incident_id, applied->timeline[0].incident_id);
      }
    }
  }
  // Both paths are exercised.
  EXPECT_GT(count_only, 20);
  EXPECT_GT(full, 10);
}

TEST(Lifecycle, UpdateCadenceTimerFollowsUpdatesAndStopsWhenResolved) {
  const std::map<std::string, Duration, std::less<>> every{{"SEV1", minutes(15)}};
  Policy policy = kPolicy;
  policy.update_every = &every;
  auto apply = [&](const Incident& inc, const Event& ev, Time now) {
    auto r = Apply(inc, ev, policy, now);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r.value_or(Outcome{});
  };
  auto started = apply(Open(), CadenceStarted{}, kT0);
  ASSERT_EQ(started.timers.size(), 1u);
  EXPECT_EQ(started.timers[0].kind, kUpdateDueTimer);
  EXPECT_EQ(started.timers[0].due, kT0 + minutes(15));

  auto due = apply(started.incident, UpdateDue{kT0 + minutes(15)}, kT0 + minutes(15));
  ASSERT_EQ(due.timeline.size(), 1u);
  EXPECT_EQ(due.timeline[0].kind, kinds::kUpdateMissed);
  ASSERT_EQ(due.timers.size(), 1u);
  EXPECT_EQ(due.timers[0].due, kT0 + minutes(30));  // again one interval later
  // Fired late (after a stop): the next is the next instant of the grid.
  auto late = apply(started.incident, UpdateDue{kT0 + minutes(15)}, kT0 + minutes(47));
  ASSERT_EQ(late.timers.size(), 1u);
  EXPECT_EQ(late.timers[0].due, kT0 + minutes(60));

  auto updated = apply(due.incident, PostUpdate{Status::kIdentified, "s", "n", "e", "a", "api"},
                       kT0 + minutes(20));
  ASSERT_EQ(updated.timers.size(), 1u);
  EXPECT_EQ(updated.timers[0].op, TimerCommand::Op::kSchedule);
  EXPECT_EQ(updated.timers[0].due, kT0 + minutes(35));

  auto resolved = apply(updated.incident, Resolve{"fixed", "a", "api"}, kT0 + minutes(21));
  ASSERT_EQ(resolved.timers.size(), 1u);
  EXPECT_EQ(resolved.timers[0].op, TimerCommand::Op::kCancel);
  EXPECT_EQ(resolved.timers[0].kind, kUpdateDueTimer);
  // A stale timer on a resolved incident reminds nobody.
  auto stale = apply(resolved.incident, UpdateDue{kT0 + minutes(35)}, kT0 + minutes(35));
  EXPECT_FALSE(stale.changed);
  EXPECT_TRUE(stale.timeline.empty());

  // No cadence configured: no timers at all.
  EXPECT_TRUE(Must(Open(), CadenceStarted{}, kT0).timers.empty());
}

TEST(Lifecycle, ResumedUpdateDueCountsFromTheLatestLineThatStartedTheCadence) {
  const std::map<std::string, Duration, std::less<>> every{{"SEV1", minutes(15)}};
  Policy policy = kPolicy;
  policy.update_every = &every;
  Incident inc = Open();  // SEV1, opened at kT0
  auto line = [&](std::string_view kind, Duration after) {
    TimelineEntry e;
    e.kind = std::string(kind);
    e.at = kT0 + after;
    return e;
  };
  // No line at all: from opened_at.
  EXPECT_EQ(ResumedUpdateDue(inc, {}, policy), kT0 + minutes(15));
  std::vector<TimelineEntry> timeline{line(kinds::kOpened, minutes(0)),
                                      line(kinds::kUpdate, minutes(40)),
                                      line(kinds::kAcknowledged, minutes(50)),
                                      line(kinds::kAlertFired, minutes(55))};
  EXPECT_EQ(ResumedUpdateDue(inc, timeline, policy), kT0 + minutes(55));  // the update's 40 + 15
  timeline.push_back(line(kinds::kUpdateMissed, minutes(70)));
  EXPECT_EQ(ResumedUpdateDue(inc, timeline, policy), kT0 + minutes(85));
  timeline.push_back(line(kinds::kSeverityChanged, minutes(72)));
  timeline.push_back(line(kinds::kReopened, minutes(71)));  // out of order: the latest wins
  EXPECT_EQ(ResumedUpdateDue(inc, timeline, policy), kT0 + minutes(87));

  Incident sev3 = inc;
  sev3.severity = "SEV3";  // no cadence
  EXPECT_EQ(ResumedUpdateDue(sev3, timeline, policy), std::nullopt);
  Incident resolved = inc;
  resolved.status = Status::kResolved;
  EXPECT_EQ(ResumedUpdateDue(resolved, timeline, policy), std::nullopt);
  EXPECT_EQ(ResumedUpdateDue(inc, timeline, kPolicy), std::nullopt);  // no cadence at all
}

}  // namespace
}  // namespace klaxon::incident
