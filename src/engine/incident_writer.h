#pragma once
// Applies lifecycle outcomes inside one unit of work: appends timeline lines,
// sets and cancels timers, and keeps each touched incident in memory until
// Flush() writes it once (so a batch of 1,000 alerts for one incident costs
// one incident update, not 1,000).
//
// Consecutive "alert fired" (or "alert resolved") lines of one incident within
// one unit of work become a single timeline line ("12 alerts firing: ..."),
// so a flood of alerts leaves a readable timeline; each alert's own history
// stays on the alert. Any other line for that incident is written after the
// pending summary, so the timeline keeps its order. With AlertSummaries the
// summary line also carries over to later units of work: a burst reads as one
// line per incident, kind and minute (alert_summaries.h).

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "config/config.h"
#include "engine/alert_summaries.h"
#include "incident/lifecycle.h"
#include "rules/router.h"
#include "store/store.h"

namespace klaxon::engine {

class IncidentWriter {
 public:
  // `uow` (and `notify`, when given) must outlive the writer. With `notify`,
  // Flush() also enqueues the notifications its routes select for the lines
  // written (engine/notifications.h), in the same unit of work.
  // With `summaries` (which must outlive the writer), an incident's alert
  // summary line may be extended across transactions (alert_summaries.h).
  IncidentWriter(store::UnitOfWork& uow, incident::Policy policy,
                 const config::Config* notify = nullptr, AlertSummaries* summaries = nullptr);

  // The incident with this id, or kNotFound.
  Result<incident::Incident*> Get(int64_t id);
  // The incident a newly firing alert with this routing decision joins:
  // the open one of its group, the recently resolved one (to be re-opened by
  // the AlertFired event), or a new one (inserted, with an "opened" line).
  Result<incident::Incident*> ForGroup(const rules::Decision& decision, Time now);
  // Applies an event; on success its effects are written (incident: at Flush)
  // and `incident` holds the next state. The returned outcome is valid until
  // the next Apply; its `incident` member has been moved into `incident`.
  Result<const incident::Outcome*> Apply(incident::Incident& incident,
                                         const incident::Event& event, Time now);
  // An alert of `incident` fired or resolved. Same effect as Apply with an
  // AlertFired / AlertResolved event, but when the lifecycle says the event
  // only counts (incident::IsCountOnly: the usual case in a flood) the
  // incident is updated in place and the alert's description and fingerprint
  // are formatted only if the batch's summary line will show them.
  struct AlertEvent {
    bool fired = true;               // false: resolved
    const LabelSet* labels = nullptr;  // required
    Fingerprint fingerprint;
    std::string_view actor;          // integration id, or "klaxon" for expiries
    bool joins = true;               // fired: first time in this incident
    bool expired = false;            // resolved: by klaxon, not refreshed in time
  };
  Status ApplyAlert(incident::Incident& incident, const AlertEvent& alert, Time now);

  // Appends a line written by another module (remediation) for `incident_id`,
  // in order with the lines of this unit of work; it notifies as its kind says.
  Status AppendLine(incident::TimelineEntry& line) { return Append(line, {}, {}); }
  // Incidents opened or re-opened by this writer since the last call, in order.
  std::vector<int64_t> TakeOpened() { return std::exchange(opened_, {}); }
  // Open incidents an alert firing brought back from Monitoring to
  // Investigating since the last call, in order (the fix did not hold).
  std::vector<int64_t> TakeRefired() { return std::exchange(refired_, {}); }

  // Writes every incident changed since the last Flush, then enqueues the
  // notifications of the lines written since.
  Status Flush();
  // Notifications enqueued by Flush() so far (new rows only).
  int enqueued_notifications() const { return enqueued_; }


  static std::string TimerKey(int64_t incident_id, std::string_view kind);

  // The earliest due time of the timers this writer set, if any.
  std::optional<Time> earliest_timer() const { return earliest_timer_; }

 private:
  // Lines of one kind waiting to be summarised for one incident.
  struct Pending {
    incident::TimelineEntry first;
    int64_t count = 0;
    std::vector<std::string> alerts;        // descriptions, capped
    FingerprintList fingerprints;
  };
  // `alert` and `fingerprint` describe the alert an alert line is about.
  Status Append(incident::TimelineEntry& line, std::string_view alert, std::string_view fingerprint);
  Status FlushPending(int64_t incident_id);
  // Appends `line` to the store and keeps it if it may notify someone.
  Status Write(incident::TimelineEntry& line);
  Status EnqueueNotifications();

  store::UnitOfWork& uow_;
  std::unordered_map<int64_t, Pending> pending_;
  incident::Policy policy_;
  std::unordered_map<int64_t, incident::Incident> cache_;
  // What Flush must write of each touched incident: only the alert counters
  // (every change since it was loaded came from the flood path), or all of it.
  enum class Dirty { kClean, kCounts, kFull };
  std::unordered_map<int64_t, Dirty> dirty_;
  std::unordered_map<std::string, int64_t> group_to_id_;
  incident::Outcome last_;
  std::optional<Time> earliest_timer_;
  const config::Config* notify_;
  AlertSummaries* summaries_;
  // Lines written since the last Flush that may announce an event, per
  // incident, in order (seq assigned).
  std::unordered_map<int64_t, std::vector<incident::TimelineEntry>> notable_;
  int enqueued_ = 0;
  std::vector<int64_t> opened_;  // opened or re-opened, not yet taken
  std::vector<int64_t> refired_;  // back from Monitoring, not yet taken
};

}  // namespace klaxon::engine
