// The engine's part in on-call handoff briefs: keeping each briefed
// schedule's durable timer, and firing the due ones. The decisions are pure,
// in handoffs.h.
#include <algorithm>

#include <fmt/format.h>

#include "core/log.h"
#include "engine/engine.h"
#include "engine/handoffs.h"
#include "engine/meters.h"

namespace klaxon::engine {

void Engine::PrepareHandoffs() {
  if (handoffs_prepared_) return;
  if (auto st = ScheduleHandoffs(); !st) {
    // Retried on the next call; briefs are late rather than lost.
    log::Error("engine: scheduling on-call handoff briefs failed: {}", st.error().message);
    return;
  }
  handoffs_prepared_ = true;
  next_due_stale_ = true;
}

Status Engine::ScheduleHandoffs() {
  const auto& cfg = *opt_.config;
  Time now = opt_.clock->Now();
  auto uow = opt_.store->Begin();
  if (!uow) return Fail(uow.error());
  for (const auto& schedule : cfg.schedules) {
    std::string key = HandoffTimerKey(schedule.spec.id);
    auto stored = (*uow)->GetTimer(key);
    if (!stored) return Fail(stored.error());
    bool briefed = cfg.notifications.handoff && cfg.notifications.handoff->Covers(schedule.spec.id);
    if (!briefed) {
      if (*stored) {
        if (auto st = (*uow)->DeleteTimer(key); !st) return st;
      }
      continue;
    }
    auto wanted = NextHandoffTimer(schedule, now);
    if (!wanted) return Fail(wanted.error());
    switch (ReconcileHandoffTimer(*stored, *wanted, now)) {
      case TimerAction::kKeep: break;
      case TimerAction::kPut:
        if (auto st = (*uow)->PutTimer(**wanted); !st) return st;
        log::Info("oncall: next handoff of {} at {}", schedule.spec.id,
                  FormatTimestamp((*wanted)->due_at));
        break;
      case TimerAction::kDelete:
        if (auto st = (*uow)->DeleteTimer(key); !st) return st;
        break;
    }
  }
  return (*uow)->Commit();
}

Status Engine::ProcessHandoffs() {
  const auto& cfg = *opt_.config;
  Time now = opt_.clock->Now();
  auto uow = opt_.store->Begin();
  if (!uow) return Fail(uow.error());
  auto due = (*uow)->DueTimers(now, 1000);
  if (!due) return Fail(due.error());
  std::erase_if(*due, [](const store::Timer& t) { return t.kind != kHandoffTimer; });
  if (due->empty()) return {};
  // Committed state: everything the engine (the only writer) did is committed.
  store::IncidentFilter filter;
  filter.open_only = true;
  filter.limit = 1000;
  auto open = opt_.store->ListIncidents(filter);
  if (!open) return Fail(open.error());
  struct Announced {
    std::string schedule;
    oncall::Handover handoff;
    size_t rows = 0;
  };
  std::vector<Announced> announced;
  int enqueued = 0;
  for (const auto& t : *due) {
    if (auto st = (*uow)->DeleteTimer(t.key); !st) return st;
    std::string id = ScheduleOfHandoffTimer(t.key);
    const config::Schedule* schedule = cfg.FindSchedule(id);
    if (!schedule || !cfg.notifications.handoff || !cfg.notifications.handoff->Covers(id)) {
      log::Warn("engine: dropping handoff timer {}: schedule {} is not briefed", t.key, id);
      continue;
    }
    auto plan = PlanHandoff(cfg, *schedule, t.due_at, now, *open);
    if (!plan) return Fail(plan.error());
    for (auto& row : plan->rows) {
      auto added = (*uow)->EnqueueNotification(row);
      if (!added) return Fail(added.error());
      enqueued += *added ? 1 : 0;
    }
    if (plan->next) {
      if (auto st = (*uow)->PutTimer(*plan->next); !st) return st;
    }
    if (plan->handoff) announced.push_back({id, *plan->handoff, plan->rows.size()});
  }
  if (auto st = (*uow)->Commit(); !st) {
    if (meters_->commit_failures) meters_->commit_failures->With({"handoffs"}).Inc();
    return st;
  }
  if (meters_->batches) meters_->batches->With({"handoffs"}).Inc();
  if (meters_->lateness) {
    const Time committed = opt_.clock->Now();
    for (const auto& t : *due) {
      meters_->lateness->With({t.kind}).Observe(
          std::max(0.0, std::chrono::duration<double>(committed - t.due_at).count()));
    }
  }
  for (const auto& a : announced) {
    if (meters_->handoffs) meters_->handoffs->With({a.schedule}).Inc();
    log::Info("oncall: handoff of {} at {}: {} -> {}; brief with {} open incident(s) to {} "
              "destination(s)",
              a.schedule, FormatTimestamp(a.handoff.at),
              a.handoff.from.empty() ? "nobody" : a.handoff.from,
              a.handoff.to.empty() ? "nobody" : a.handoff.to, open->size(), a.rows);
  }
  if (enqueued > 0 && opt_.notifications_enqueued) opt_.notifications_enqueued();
  return {};
}

}  // namespace klaxon::engine
