#include "engine/engine.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/log.h"
#include "core/thread_name.h"
#include "engine/escalation_rules.h"
#include "engine/handoffs.h"
#include "engine/incident_writer.h"
#include "engine/meters.h"

namespace klaxon::engine {
namespace {

// Forgets the open alert summaries unless the transaction committed: the
// lines they name may have been rolled back.
class SummariesGuard {
 public:
  explicit SummariesGuard(AlertSummaries& summaries) : summaries_(summaries) {}
  ~SummariesGuard() {
    if (!committed_) summaries_.Clear();
  }
  void Committed() { committed_ = true; }

 private:
  AlertSummaries& summaries_;
  bool committed_ = false;
};

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// An alert that carries its own severity raises its open incident to it when
// that is more severe (never lowers it): a probe crossing its worse threshold.
Status RaiseSeverity(const config::Config& cfg, IncidentWriter& writer, incident::Incident& inc,
                     const std::string& severity, const std::string& reason,
                     const ingest::Alert& alert, Time now) {
  if (severity.empty() || !inc.IsOpen() || severity == inc.severity) return {};
  const config::Severity* want = cfg.FindSeverity(severity);
  const config::Severity* have = cfg.FindSeverity(inc.severity);
  if (!want || (have && have->rank <= want->rank)) return {};
  auto applied = writer.Apply(
      inc, incident::ChangeSeverity{severity, reason, alert.integration, alert.source}, now);
  if (!applied) return Fail(applied.error());
  return {};
}

}  // namespace

// How late a due timer fired: fine steps up to a second (the target is a p99
// under 100 ms), coarse beyond.
const std::vector<double> kLatenessBounds = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.125,
    0.15,  0.2,   0.25,  0.3,  0.4,  0.5,  0.6,  0.7,  0.8,  0.9,  1,    2.5,  5,   10,   30, 60};

Engine::Engine(Options options)
    : opt_(options),
      router_(options.config->Routes(), options.config->FallbackRoute()),
      escalation_(EscalationRulesFrom(*options.config)),
      meters_(std::make_unique<Meters>()),
      remediation_(RemediationOptions{options.config, options.run_step, options.recheck,
                                      options.inherit_env}) {
  for (const auto& sev : options.config->severities) {
    if (sev.update_every > Duration::zero()) update_every_[sev.id] = sev.update_every;
  }
  if (remediation_.enabled()) {
    for (const auto& rb : options.config->runbooks) {
      if (rb.auto_remediate && !rb.actions.empty()) escalation_.remediate_first.insert(rb.id);
    }
  }
  if (opt_.metrics) {
    meters_->alerts = &opt_.metrics->AddCounter(
        "klaxon_alerts_processed_total",
        "Alerts processed by the engine, by source and outcome.", {"source", "outcome"});
    meters_->commit = &opt_.metrics->AddHistogram(
        "klaxon_store_commit_seconds", "Time to commit one engine transaction.",
        {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1});
    meters_->batches = &opt_.metrics->AddCounter(
        "klaxon_engine_transactions_total", "Engine transactions, by kind.", {"kind"});
    meters_->commit_failures = &opt_.metrics->AddCounter(
        "klaxon_store_commit_failures_total", "Engine transactions that failed.", {"kind"});
    meters_->durable = &opt_.metrics
                            ->AddHistogram("klaxon_store_durable_seconds",
                                           "From a commit to its confirmation that it is durable "
                                           "(the group fsync).",
                                           {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                            0.025, 0.05, 0.1})
                            .With({});
    meters_->lateness = &opt_.metrics->AddHistogram(
        "klaxon_timer_lateness_seconds",
        "How long after its due time a timer fired (its effects committed), by kind.",
        kLatenessBounds, {"kind"});
    meters_->handoffs = &opt_.metrics->AddCounter(
        "klaxon_oncall_handoffs_total",
        "On-call handoffs announced with a brief, by schedule.", {"schedule"});
  }
}

Engine::~Engine() { Stop(); }

incident::Policy Engine::Policy() const {
  const auto& c = *opt_.config;
  return incident::Policy{c.incidents.quiet_period, c.incidents.reopen_window, &escalation_,
                          &update_every_};
}

bool Engine::SubmitAlerts(std::vector<ingest::Alert> alerts, IngestDone done) {
  {
    std::lock_guard lock(mu_);
    if (queued_alerts_ > 0 && queued_alerts_ + alerts.size() > opt_.max_queued_alerts) {
      return false;
    }
    queued_alerts_ += alerts.size();
    queue_.push_back(IngestWork{std::move(alerts), std::move(done), opt_.clock->Now()});
  }
  cv_.notify_one();
  return true;
}

void Engine::SubmitCommand(Command command, CommandDone done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(CommandWork{std::move(command), std::move(done)});
  }
  cv_.notify_one();
}

void Engine::SubmitStepResult(remediate::StepResult result) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(StepResultWork{std::move(result)});
  }
  cv_.notify_one();
}

void Engine::SubmitStepCommand(StepCommand command, CommandDone done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(StepCommandWork{std::move(command), std::move(done)});
  }
  cv_.notify_one();
}

void Engine::SubmitPostmortemCommand(PostmortemCommand command, PostmortemDone done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(PostmortemWork{std::move(command), std::move(done)});
  }
  cv_.notify_one();
}

void Engine::SubmitStatusPageCommand(StatusPageCommand command, StatusPageDone done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(StatusPageWork{std::move(command), std::move(done)});
  }
  cv_.notify_one();
}

void Engine::SubmitTick(std::function<void(Status)> done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(TickWork{std::move(done)});
  }
  cv_.notify_one();
}

void Engine::Start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  stop_ = false;
  running_ = true;
  thread_ = std::thread([this] {
    NameThisThread("klaxon-engine");
    Loop();
  });
}

void Engine::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::deque<Work> left;
  {
    std::lock_guard lock(mu_);
    running_ = false;
    left.swap(queue_);
    queued_alerts_ = 0;
  }
  for (auto& w : left) {
    Error e{ErrorCode::kUnavailable, "klaxon is shutting down", true};
    if (auto* i = std::get_if<IngestWork>(&w)) i->done(Fail(e));
    if (auto* c = std::get_if<CommandWork>(&w)) c->done(Fail(e));
    if (auto* t = std::get_if<TickWork>(&w)) t->done(Fail(e));
    if (auto* s = std::get_if<StepCommandWork>(&w)) s->done(Fail(e));
    if (auto* p = std::get_if<PostmortemWork>(&w)) p->done(Fail(e));
    if (auto* p = std::get_if<StatusPageWork>(&w)) p->done(Fail(e));
    // A StepResultWork dropped here leaves its step `started`: the next start
    // records it as interrupted.
  }
}

bool Engine::running() const {
  std::lock_guard lock(mu_);
  return running_;
}

void Engine::Loop() {
  RecoverRemediation();
  PrepareCadence();
  PrepareHandoffs();
  RefreshNextDue();
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (stop_) return;
      if (queue_.empty()) {
        Duration wait = opt_.idle_poll;
        if (next_due_) {
          Duration until = std::chrono::duration_cast<Duration>(*next_due_ - opt_.clock->Now());
          wait = std::clamp(until, Duration(0), opt_.idle_poll);
        }
        if (wait > Duration(0)) cv_.wait_for(lock, wait);
        if (stop_) return;
      }
    }
    bool worked = DrainOnce();
    if (next_due_ && *next_due_ <= opt_.clock->Now()) {
      if (auto st = ProcessDue(); !st) {
        log::Error("engine: processing due timers failed: {}", st.error().message);
        next_due_stale_ = true;
      }
      worked = true;
    } else if (!worked) {
      // Periodic re-check, e.g. after another writer changed timers.
      PrepareCadence();
      PrepareHandoffs();
      RefreshNextDue();
    }
    if (worked && next_due_stale_) RefreshNextDue();
  }
}

Status Engine::RunPending() {
  RecoverRemediation();
  PrepareCadence();
  PrepareHandoffs();
  while (DrainOnce()) {
  }
  RefreshNextDue();
  return ProcessDue();
}

bool Engine::DrainOnce() {
  std::vector<IngestWork> ingest;
  std::vector<CommandWork> commands;
  std::vector<TickWork> ticks;
  std::vector<StepResultWork> results;
  std::vector<StepCommandWork> step_commands;
  std::vector<PostmortemWork> postmortems;
  std::vector<StatusPageWork> status_page;
  {
    std::lock_guard lock(mu_);
    size_t taken = 0;
    while (!queue_.empty()) {
      auto& front = queue_.front();
      if (auto* i = std::get_if<IngestWork>(&front)) {
        if (taken > 0 && taken + i->alerts.size() > opt_.max_batch_alerts) break;
        taken += i->alerts.size();
        queued_alerts_ -= i->alerts.size();
        ingest.push_back(std::move(*i));
      } else if (auto* c = std::get_if<CommandWork>(&front)) {
        commands.push_back(std::move(*c));
      } else if (auto* r = std::get_if<StepResultWork>(&front)) {
        results.push_back(std::move(*r));
      } else if (auto* s = std::get_if<StepCommandWork>(&front)) {
        step_commands.push_back(std::move(*s));
      } else if (auto* p = std::get_if<PostmortemWork>(&front)) {
        postmortems.push_back(std::move(*p));
      } else if (auto* sp = std::get_if<StatusPageWork>(&front)) {
        status_page.push_back(std::move(*sp));
      } else {
        ticks.push_back(std::move(std::get<TickWork>(front)));
      }
      queue_.pop_front();
    }
  }
  if (ingest.empty() && commands.empty() && ticks.empty() && results.empty() &&
      step_commands.empty() && postmortems.empty() && status_page.empty()) {
    return false;
  }
  if (!commands.empty() || !ticks.empty() || !results.empty() || !step_commands.empty() ||
      !postmortems.empty()) {
    next_due_stale_ = true;
  }
  if (!ingest.empty()) {
    if (auto st = ProcessIngest(ingest); !st) {
      next_due_stale_ = true;
      log::Error("engine: ingest transaction failed: {}", st.error().message);
      for (auto& w : ingest) w.done(Fail(st.error()));
    }
  }
  for (auto& c : commands) ProcessCommand(c);
  for (auto& r : results) ProcessStepResult(r);
  for (auto& s : step_commands) ProcessStepCommand(s);
  for (auto& p : postmortems) ProcessPostmortem(p);
  for (auto& sp : status_page) ProcessStatusPage(sp);
  if (!ticks.empty()) {
    Status st = ProcessDue();
    if (!st) {
      for (auto& t : ticks) t.done(st);
    } else {
      auto waiting = std::make_shared<std::vector<TickWork>>(std::move(ticks));
      WhenDurable([waiting](Status durable) {
        for (auto& t : *waiting) t.done(durable);
      });
    }
  }
  return true;
}

Status Engine::ProcessIngest(std::vector<IngestWork>& batch) {
  const auto& cfg = *opt_.config;
  Time now = opt_.clock->Now();
  auto uow = opt_.store->Begin();
  if (!uow) return Fail(uow.error());
  SummariesGuard summaries(summaries_);
  IncidentWriter writer(**uow, Policy(), &cfg, &summaries_);
  std::vector<IngestResult> results(batch.size());
  // Outcome counts for the metrics, added once per batch (sources are few).
  struct Count {
    std::string_view source;
    AlertChange change;
    double n;
  };
  std::vector<Count> counts;
  std::optional<Time> earliest;  // of the expiries and timers this batch sets
  // The batch's alert records once stored: freed after the answers, on the
  // thread that answers (the store's sync thread under group sync), so the
  // single writer does not spend its time returning memory that the HTTP
  // threads allocated.
  auto spent = std::make_shared<std::vector<store::AlertRecord>>();
  // Incidents this batch opened or re-opened, with the labels of the alert
  // that did it: their remediation and diagnostics start in this transaction.
  std::vector<std::pair<int64_t, LabelSet>> openings;
  // Open incidents an alert brought back from Monitoring: remediated again.
  std::vector<std::pair<int64_t, LabelSet>> refirings;
  remediation_.TakeJobs();  // nothing left from a failed transaction

  for (size_t b = 0; b < batch.size(); ++b) {
    auto& alerts = batch[b].alerts;
    results[b].alerts.reserve(alerts.size());
    // Lookups of a large alert table miss the CPU cache: ask for the alert a
    // few places ahead while this one is reconciled.
    constexpr size_t kAhead = 8;
    for (size_t k = 0; k < std::min(kAhead, alerts.size()); ++k) (*uow)->WillFindAlert(alerts[k].fingerprint);
    for (size_t a = 0; a < alerts.size(); ++a) {
      auto& alert = alerts[a];
      if (a + kAhead < alerts.size()) (*uow)->WillFindAlert(alerts[a + kAhead].fingerprint);
      auto existing = (*uow)->FindAlert(alert.fingerprint);
      if (!existing) return Fail(existing.error());
      // A severity the sender decided (a probe's threshold); taken before the
      // alert is moved from.
      std::string own_severity = std::move(alert.severity);
      std::string own_reason = std::move(alert.severity_reason);
      // Moves the alert's labels and annotations into the record: below, read
      // them from r.record (the same labels: same fingerprint).
      Reconciled r = Reconcile(std::move(*existing), std::move(alert), now,
                               cfg.incidents.resolve_timeout);
      AlertOutcome outcome{r.change, r.record.incident_id};
      switch (r.change) {
        case AlertChange::kNew:
        case AlertChange::kRefired: {
          rules::Decision decision = router_.Route(r.record.labels);
          if (!own_severity.empty()) decision.severity = own_severity;
          auto inc = writer.ForGroup(decision, now);
          if (!inc) return Fail(inc.error());
          bool joins = r.record.incident_id != (*inc)->id;
          if (auto st = writer.ApplyAlert(**inc,
                                          {.fired = true,
                                           .labels = &r.record.labels,
                                           .fingerprint = alert.fingerprint,
                                           .actor = alert.integration,
                                           .joins = joins},
                                          now);
              !st) {
            return st;
          }
          if (auto st = RaiseSeverity(cfg, writer, **inc, own_severity, own_reason, alert, now);
              !st) {
            return st;
          }
          r.record.incident_id = (*inc)->id;
          outcome.incident_id = (*inc)->id;
          if (remediation_.enabled()) {
            for (int64_t id : writer.TakeOpened()) openings.emplace_back(id, r.record.labels);
            for (int64_t id : writer.TakeRefired()) refirings.emplace_back(id, r.record.labels);
          }
          break;
        }
        case AlertChange::kRepeat: {
          // Only alerts carrying their own severity can change an incident by
          // repeating (a probe crossing a worse threshold); others only count.
          if (own_severity.empty() || r.record.incident_id == 0) break;
          auto inc = writer.Get(r.record.incident_id);
          if (!inc) return Fail(inc.error());
          if (auto st = RaiseSeverity(cfg, writer, **inc, own_severity, own_reason, alert, now);
              !st) {
            return st;
          }
          break;
        }
        case AlertChange::kResolved: {
          auto inc = writer.Get(r.record.incident_id);
          if (!inc) return Fail(inc.error());
          if (auto st = writer.ApplyAlert(**inc,
                                          {.fired = false,
                                           .labels = &r.record.labels,
                                           .fingerprint = alert.fingerprint,
                                           .actor = alert.integration},
                                          now);
              !st) {
            return st;
          }
          break;
        }
        case AlertChange::kAcknowledge: {
          auto inc = writer.Get(r.record.incident_id);
          if (!inc) return Fail(inc.error());
          if ((*inc)->IsOpen()) {
            auto applied =
                writer.Apply(**inc, incident::Acknowledge{alert.integration, alert.source}, now);
            if (!applied) return Fail(applied.error());
          }
          break;
        }
        case AlertChange::kIgnored:
          break;
      }
      if (r.write) {
        if (auto st = (*uow)->PutAlert(r.record); !st) return st;
        if (r.record.firing && r.record.expires_at &&
            (!earliest || *r.record.expires_at < *earliest)) {
          earliest = r.record.expires_at;
        }
      }
      results[b].alerts.push_back(outcome);
      spent->push_back(std::move(r.record));
      auto c = std::find_if(counts.begin(), counts.end(), [&](const Count& x) {
        return x.change == r.change && x.source == alert.source;
      });
      if (c == counts.end()) {
        counts.push_back({alert.source, r.change, 1});
      } else {
        c->n += 1;
      }
    }
  }
  for (auto& [id, labels] : openings) {
    auto inc = writer.Get(id);
    if (!inc) return Fail(inc.error());
    if (auto st = remediation_.Opened(**uow, writer, **inc, labels, now); !st) return st;
  }
  for (auto& [id, labels] : refirings) {
    auto inc = writer.Get(id);
    if (!inc) return Fail(inc.error());
    if (auto st = remediation_.Refired(**uow, writer, **inc, labels, now); !st) return st;
  }
  if (auto st = writer.Flush(); !st) return st;
  auto started = std::chrono::steady_clock::now();
  if (auto st = (*uow)->Commit(); !st) {
    if (meters_->commit_failures) meters_->commit_failures->With({"ingest"}).Inc();
    return st;
  }
  summaries.Committed();
  NotifyEnqueued(writer);
  DispatchJobs();
  if (remediation_.TakeTimerSet()) next_due_stale_ = true;
  // Ingest only adds due times (expiries, quiet-period timers) or moves them
  // later; keeping the earliest in memory spares a store query per batch. A
  // due time that moved later only causes one early, empty pass.
  if (auto t = writer.earliest_timer(); t && (!earliest || *t < *earliest)) earliest = t;
  if (earliest && (!next_due_ || *earliest < *next_due_)) next_due_ = earliest;
  if (meters_->commit) meters_->commit->With({}).Observe(Seconds(std::chrono::steady_clock::now() - started));
  if (meters_->batches) meters_->batches->With({"ingest"}).Inc();
  if (meters_->alerts) {
    for (const auto& c : counts) {
      meters_->alerts->With({std::string(c.source), std::string(ToString(c.change))}).Inc(c.n);
    }
  }
  // Answer once the batch is durable, off this thread when the store syncs
  // in the background: the next batch is built meanwhile.
  auto answers = std::make_shared<std::vector<std::pair<IngestDone, IngestResult>>>();
  answers->reserve(batch.size());
  for (size_t b = 0; b < batch.size(); ++b) {
    answers->emplace_back(std::move(batch[b].done), std::move(results[b]));
  }
  WhenDurable([answers, spent = std::move(spent)](Status st) mutable {
    for (auto& [done, result] : *answers) {
      if (st) {
        done(std::move(result));
      } else {
        done(Fail(st.error()));
      }
    }
    spent.reset();
  });
  return {};
}

void Engine::NotifyEnqueued(const IncidentWriter& writer) const {
  if (writer.enqueued_notifications() > 0 && opt_.notifications_enqueued) {
    opt_.notifications_enqueued();
  }
}

void Engine::WhenDurable(std::function<void(Status)> then) {
  auto committed = std::chrono::steady_clock::now();
  opt_.store->WhenDurable([then = std::move(then), committed, durable = meters_->durable](Status st) {
    if (durable && st) durable->Observe(Seconds(std::chrono::steady_clock::now() - committed));
    then(st);
  });
}

void Engine::ProcessCommand(CommandWork& work) {
  auto run = [&]() -> Result<incident::Incident> {
    Time now = opt_.clock->Now();
    auto uow = opt_.store->Begin();
    if (!uow) return Fail(uow.error());
    SummariesGuard summaries(summaries_);
    IncidentWriter writer(**uow, Policy(), opt_.config, &summaries_);
    auto inc = writer.Get(work.command.incident_id);
    if (!inc) return Fail(inc.error());
    auto applied = writer.Apply(**inc, work.command.event, now);
    if (!applied) return Fail(applied.error());
    if (auto st = writer.Flush(); !st) return Fail(st.error());
    if (auto st = (*uow)->Commit(); !st) return Fail(st.error());
    summaries.Committed();
    NotifyEnqueued(writer);
    if (meters_->batches) meters_->batches->With({"command"}).Inc();
    return **inc;
  };
  auto result = run();
  if (!result) return work.done(std::move(result));
  WhenDurable([done = std::move(work.done), changed = std::move(*result)](Status st) mutable {
    if (st) {
      done(std::move(changed));
    } else {
      done(Fail(st.error()));
    }
  });
}

Status Engine::ProcessDue() {
  bool handoff_due = false;
  // Bounded rounds so a flood of due work cannot starve ingest for long.
  for (int round = 0; round < 16; ++round) {
    Time now = opt_.clock->Now();
    auto uow = opt_.store->Begin();
    if (!uow) return Fail(uow.error());
    SummariesGuard summaries(summaries_);
    IncidentWriter writer(**uow, Policy(), opt_.config, &summaries_);
    remediation_.TakeJobs();
    auto expired = (*uow)->ExpiredAlerts(now, 1000);
    if (!expired) return Fail(expired.error());
    for (auto& rec : *expired) {
      rec.firing = false;
      rec.ends_at = rec.expires_at;
      rec.expires_at.reset();
      if (rec.incident_id != 0) {
        auto inc = writer.Get(rec.incident_id);
        if (!inc) return Fail(inc.error());
        if (auto st = writer.ApplyAlert(**inc,
                                        {.fired = false,
                                         .labels = &rec.labels,
                                         .fingerprint = rec.fingerprint,
                                         .actor = "klaxon",
                                         .expired = true},
                                        now);
            !st) {
          return st;
        }
      }
      if (auto st = (*uow)->PutAlert(rec); !st) return st;
      if (meters_->alerts) meters_->alerts->With({rec.source, "expired"}).Inc();
    }
    auto timers = (*uow)->DueTimers(now, 1000);
    if (!timers) return Fail(timers.error());
    int reminders = 0;  // outbox rows the post-mortem timers added
    for (const auto& t : *timers) {
      if (t.kind == kHandoffTimer) {  // ProcessHandoffs, after the incidents' due work
        handoff_due = true;
        continue;
      }
      if (auto st = (*uow)->DeleteTimer(t.key); !st) return st;
      if (t.kind == incident::kQuietPeriodTimer) {
        auto inc = writer.Get(t.incident_id);
        if (!inc) {
          if (inc.error().code == ErrorCode::kNotFound) continue;
          return Fail(inc.error());
        }
        auto applied = writer.Apply(**inc, incident::QuietPeriodElapsed{}, now);
        if (!applied) return Fail(applied.error());
      } else if (t.kind == incident::kEscalationTimer) {
        auto inc = writer.Get(t.incident_id);
        if (!inc) {
          if (inc.error().code == ErrorCode::kNotFound) continue;
          return Fail(inc.error());
        }
        auto applied = writer.Apply(**inc, incident::EscalationDeadlinePassed{}, now);
        if (!applied) return Fail(applied.error());
      } else if (t.kind == incident::kUpdateDueTimer) {
        auto inc = writer.Get(t.incident_id);
        if (!inc) {
          if (inc.error().code == ErrorCode::kNotFound) continue;
          return Fail(inc.error());
        }
        auto applied = writer.Apply(**inc, incident::UpdateDue{t.due_at}, now);
        if (!applied) return Fail(applied.error());
      } else if (t.kind == kRemediationTimer) {
        if (auto st = remediation_.TimerDue(**uow, writer, t, now); !st) return st;
      } else if (t.kind == kPostmortemDueTimer || t.kind == kActionItemDueTimer) {
        if (auto st = PostmortemTimerDue(**uow, writer, *opt_.config, t, now, reminders); !st) {
          return st;
        }
      } else {
        log::Warn("engine: dropping timer {} of unknown kind {}", t.key, t.kind);
      }
    }
    if (auto st = writer.Flush(); !st) return st;
    if (auto st = (*uow)->Commit(); !st) return st;
    summaries.Committed();
    NotifyEnqueued(writer);
    if (reminders > 0 && writer.enqueued_notifications() == 0 && opt_.notifications_enqueued) {
      opt_.notifications_enqueued();
    }
    if (!timers->empty()) ObserveLateness(*timers);
    DispatchJobs();
    remediation_.TakeTimerSet();  // RefreshNextDue below reads every timer
    if (meters_->batches) meters_->batches->With({"timers"}).Inc();
    if (expired->size() < 1000 && timers->size() < 1000) break;
  }
  if (handoff_due) {
    if (auto st = ProcessHandoffs(); !st) return st;
  }
  RefreshNextDue();
  return {};
}

void Engine::ObserveLateness(const std::vector<store::Timer>& fired) const {
  // Timers of an unknown kind were dropped, not fired: they are not observed;
  // handoff timers are observed when ProcessHandoffs fires them.
  if (!meters_->lateness) return;
  // One reading after the commit: a timer has fired when its effects are
  // committed, so the time spent processing the round counts as lateness.
  const Time now = opt_.clock->Now();
  metrics::Histogram* by_kind[4] = {nullptr, nullptr, nullptr, nullptr};
  for (const auto& t : fired) {
    const int k = t.kind == incident::kQuietPeriodTimer  ? 0
                  : t.kind == incident::kEscalationTimer ? 1
                  : t.kind == kRemediationTimer          ? 2
                  : t.kind == incident::kUpdateDueTimer  ? 3
                                                         : -1;
    if (k < 0) continue;
    if (by_kind[k] == nullptr) by_kind[k] = &meters_->lateness->With({t.kind});
    by_kind[k]->Observe(std::max(0.0, std::chrono::duration<double>(now - t.due_at).count()));
  }
}

void Engine::DispatchJobs() {
  auto jobs = remediation_.TakeJobs();
  if (jobs.empty() || !opt_.run_step) return;
  // The step rows are `started` in what was just committed: run nothing
  // before that is durable, or a crash could forget a step that ran.
  WhenDurable([jobs = std::move(jobs), run = opt_.run_step](Status st) mutable {
    if (!st) {
      log::Error("remediation: steps not started, their commit failed: {}", st.error().message);
      return;
    }
    for (auto& job : jobs) run(std::move(job));
  });
}

// One transaction around a remediation call; the incident it touched, if any.
template <class Fn>
static Result<std::optional<incident::Incident>> InRemediationTx(
    store::Store& store, const incident::Policy& policy, const config::Config* config,
    AlertSummaries& summaries_state, Remediation& remediation, Fn fn, int64_t* incident_id,
    const std::function<void()>& notifications_enqueued) {
  auto uow = store.Begin();
  if (!uow) return Fail(uow.error());
  SummariesGuard summaries(summaries_state);
  IncidentWriter writer(**uow, policy, config, &summaries_state);
  remediation.TakeJobs();
  if (auto st = fn(**uow, writer); !st) return Fail(st.error());
  if (auto st = writer.Flush(); !st) return Fail(st.error());
  if (auto st = (*uow)->Commit(); !st) return Fail(st.error());
  summaries.Committed();
  if (writer.enqueued_notifications() > 0 && notifications_enqueued) notifications_enqueued();
  std::optional<incident::Incident> touched;
  if (incident_id && *incident_id != 0) {
    if (auto inc = writer.Get(*incident_id)) touched = **inc;
  }
  return touched;
}

void Engine::RecoverRemediation() {
  if (recovered_) return;
  recovered_ = true;
  if (!remediation_.enabled()) return;
  auto done = InRemediationTx(
      *opt_.store, Policy(), opt_.config, summaries_, remediation_,
      [&](store::UnitOfWork& uow, IncidentWriter& writer) {
        return remediation_.Recover(uow, writer, opt_.clock->Now());
      },
      nullptr, opt_.notifications_enqueued);
  if (!done) log::Error("remediation: recovering interrupted steps failed: {}", done.error().message);
  next_due_stale_ = true;
}

void Engine::ProcessStepResult(StepResultWork& work) {
  int64_t id = work.result.incident_id;
  auto done = InRemediationTx(
      *opt_.store, Policy(), opt_.config, summaries_, remediation_,
      [&](store::UnitOfWork& uow, IncidentWriter& writer) {
        return remediation_.StepFinished(uow, writer, work.result, opt_.clock->Now());
      },
      &id, opt_.notifications_enqueued);
  if (!done) {
    log::Error("remediation: recording the result of step row {} failed: {}",
               work.result.step_row, done.error().message);
    return;
  }
  DispatchJobs();
}

void Engine::ProcessStepCommand(StepCommandWork& work) {
  const StepCommand& cmd = work.command;
  int64_t id = cmd.incident_id;
  auto done = InRemediationTx(
      *opt_.store, Policy(), opt_.config, summaries_, remediation_,
      [&](store::UnitOfWork& uow, IncidentWriter& writer) -> Status {
        auto inc = writer.Get(cmd.incident_id);
        if (!inc) return Fail(inc.error());
        Time now = opt_.clock->Now();
        return cmd.op == StepCommand::Op::kApprove
                   ? remediation_.Approve(uow, writer, **inc, cmd.step, cmd.who, now)
                   : remediation_.RunByHand(uow, writer, **inc, cmd.step, cmd.who, now);
      },
      &id, opt_.notifications_enqueued);
  if (!done) return work.done(Fail(done.error()));
  DispatchJobs();
  incident::Incident changed = done->value_or(incident::Incident{});
  WhenDurable([done = std::move(work.done), changed = std::move(changed)](Status st) mutable {
    if (st) {
      done(std::move(changed));
    } else {
      done(Fail(st.error()));
    }
  });
}

void Engine::ProcessPostmortem(PostmortemWork& work) {
  bool timers_changed = false;
  auto run = [&]() -> Result<PostmortemState> {
    auto uow = opt_.store->Begin();
    if (!uow) return Fail(uow.error());
    SummariesGuard summaries(summaries_);
    IncidentWriter writer(**uow, Policy(), opt_.config, &summaries_);
    auto state = ApplyPostmortemCommand(**uow, writer, work.command, opt_.clock->Now(),
                                        timers_changed);
    if (!state) return state;
    if (auto st = writer.Flush(); !st) return Fail(st.error());
    if (auto st = (*uow)->Commit(); !st) return Fail(st.error());
    summaries.Committed();
    NotifyEnqueued(writer);
    if (meters_->batches) meters_->batches->With({"postmortem"}).Inc();
    return state;
  };
  auto result = run();
  if (timers_changed) next_due_stale_ = true;
  if (!result) return work.done(std::move(result));
  WhenDurable([done = std::move(work.done), state = std::move(*result)](Status st) mutable {
    if (st) {
      done(std::move(state));
    } else {
      done(Fail(st.error()));
    }
  });
}

void Engine::ProcessStatusPage(StatusPageWork& work) {
  auto run = [&]() -> Result<StatusPageResult> {
    auto uow = opt_.store->Begin();
    if (!uow) return Fail(uow.error());
    SummariesGuard summaries(summaries_);
    IncidentWriter writer(**uow, Policy(), opt_.config, &summaries_);
    auto result = ApplyStatusPageCommand(**uow, writer, work.command, opt_.clock->Now());
    if (!result) return result;
    if (auto st = writer.Flush(); !st) return Fail(st.error());
    if (auto st = (*uow)->Commit(); !st) return Fail(st.error());
    summaries.Committed();
    NotifyEnqueued(writer);
    if (meters_->batches) meters_->batches->With({"status_page"}).Inc();
    return result;
  };
  auto result = run();
  if (!result) return work.done(std::move(result));
  WhenDurable([done = std::move(work.done), r = std::move(*result)](Status st) mutable {
    if (st) {
      done(std::move(r));
    } else {
      done(Fail(st.error()));
    }
  });
}

void Engine::RefreshNextDue() {
  next_due_stale_ = false;
  auto next = opt_.store->NextDue();
  if (!next) {
    log::Warn("engine: reading next due time failed: {}", next.error().message);
    next_due_ = opt_.clock->Now() + opt_.idle_poll;
    return;
  }
  next_due_ = *next;
}

}  // namespace klaxon::engine
