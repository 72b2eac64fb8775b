// The engine's part in the update cadence at start-up: open incidents that
// have no update_due timer (opened before klaxon kept them) get one, so an
// upgrade does not leave them without reminders until their next update.
// When it is due is pure (incident::ResumedUpdateDue).
#include <fmt/format.h>

#include "core/log.h"
#include "engine/engine.h"
#include "engine/incident_writer.h"

namespace klaxon::engine {

void Engine::PrepareCadence() {
  if (cadence_prepared_) return;
  if (auto st = ResumeCadence(); !st) {
    // Retried on the next call; reminders are late rather than lost.
    log::Error("engine: resuming update reminders failed: {}", st.error().message);
    return;
  }
  cadence_prepared_ = true;
  next_due_stale_ = true;
}

Status Engine::ResumeCadence() {
  if (update_every_.empty()) return {};
  const incident::Policy policy = Policy();
  auto uow = opt_.store->Begin();
  if (!uow) return Fail(uow.error());
  store::IncidentFilter filter;
  filter.open_only = true;
  filter.limit = 500;
  int resumed = 0;
  while (true) {
    // Committed state: the engine (the only writer) has not started work yet.
    auto open = opt_.store->ListIncidents(filter);
    if (!open) return Fail(open.error());
    for (const auto& inc : *open) {
      std::string key = IncidentWriter::TimerKey(inc.id, incident::kUpdateDueTimer);
      auto stored = (*uow)->GetTimer(key);
      if (!stored) return Fail(stored.error());
      if (*stored || !policy.UpdateEvery(inc.severity)) continue;
      auto detail = opt_.store->GetIncidentDetail(inc.id);
      if (!detail) return Fail(detail.error());
      if (!*detail) continue;
      auto due = incident::ResumedUpdateDue(inc, (*detail)->timeline, policy);
      if (!due) continue;
      store::Timer t{key, std::string(incident::kUpdateDueTimer), inc.id, *due, "{}"};
      if (auto st = (*uow)->PutTimer(t); !st) return st;
      ++resumed;
    }
    if (open->size() < static_cast<size_t>(filter.limit)) break;
    filter.before_id = open->back().id;
  }
  if (resumed == 0) return {};
  if (auto st = (*uow)->Commit(); !st) return st;
  log::Info("engine: update reminders resumed for {} open incident{}", resumed,
            resumed == 1 ? "" : "s");
  return {};
}

}  // namespace klaxon::engine
