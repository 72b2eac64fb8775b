#include "probe/runner.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "core/log.h"
#include "core/thread_name.h"
#include "probe/alert.h"
#include "probe/checks.h"
#include "probe/evaluate.h"
#include "probe/schedule.h"

namespace klaxon::probe {
namespace {

using Steady = std::chrono::steady_clock;

// One alert on its way to the engine.
struct Outbound {
  size_t probe = 0;
  ingest::Alert alert;
  Delivered as;  // what the engine knows once it is durable
  Steady::time_point judged{};  // when the verdict it carries was recorded
};

}  // namespace

struct Runner::Shared : std::enable_shared_from_this<Shared> {
  struct Slot {
    State state;
    Delivered delivered;
    bool in_flight = false;  // an alert of this probe is with the sink
    int64_t incident_id = 0;
    uint64_t runs = 0;
    uint64_t failures = 0;
    std::optional<Time> last_started;
    std::optional<Time> last_run;
    Duration last_duration{};
    Steady::time_point judged{};  // when the latest verdict was recorded
    // Heartbeats: the time the deadline counts from, and whether it was a beat.
    Time base{};
    bool beaten = false;
  };

  explicit Shared(RunnerOptions o) : opt(std::move(o)), slots(opt.probes.size()) {}

  RunnerOptions opt;  // opt.probes never changes after construction

  mutable std::mutex mu;
  mutable std::condition_variable changed;  // any slot changed (WaitUntil)
  std::condition_variable wake;             // the scheduler should look at the clock
  std::condition_variable work_ready;       // workers
  std::optional<Schedule> schedule;         // guarded by mu; set by Start
  std::vector<Slot> slots;                  // guarded by mu
  std::deque<std::function<void()>> work;   // guarded by mu
  bool started = false;                     // guarded by mu
  bool stopped = false;                     // guarded by mu
  bool wake_requested = false;              // guarded by mu
  std::thread scheduler;
  std::vector<std::thread> workers;
  metrics::Family<metrics::Counter>* runs_total = nullptr;
  metrics::Family<metrics::Histogram>* to_incident = nullptr;

  bool Passive(size_t i) const { return Info(opt.probes[i].kind()).passive; }

  ProbeStatus StatusOf(size_t i) const {
    const Spec& spec = opt.probes[i];
    const Slot& s = slots[i];
    ProbeStatus st;
    st.id = spec.id;
    st.kind = spec.kind();
    st.state = s.state;
    st.delivered = s.delivered;
    st.incident_id = s.incident_id;
    st.runs = s.runs;
    st.failures = s.failures;
    st.last_started = s.last_started;
    st.last_run = s.last_run;
    st.last_duration = s.last_duration;
    if (schedule) st.next_run = schedule->NextOf(i);
    if (Passive(i)) {
      if (s.beaten) st.last_beat = s.base;
      st.deadline = HeartbeatDeadline(spec, s.base);
    }
    return st;
  }

  std::vector<ProbeStatus> SnapshotLocked() const {
    std::vector<ProbeStatus> out;
    out.reserve(slots.size());
    for (size_t i = 0; i < slots.size(); ++i) out.push_back(StatusOf(i));
    return out;
  }

  // Under mu: a verdict observed at `now` (`ended` on the steady clock), of a
  // check started at `started`.
  void Record(size_t i, const Verdict& v, Time started, Time now, Duration took,
              Steady::time_point ended) {
    const Spec& spec = opt.probes[i];
    Slot& s = slots[i];
    s.state = Observe(s.state, v, Timing{spec.hold_for, spec.clear_for}, now);
    s.runs++;
    if (v.failing) s.failures++;
    s.last_started = started;
    s.last_run = now;
    s.last_duration = took;
    s.judged = ended;
    if (runs_total) {
      runs_total->With({std::string(ToString(spec.kind())), v.failing ? "failing" : "ok"}).Inc();
    }
  }

  // Under mu: a heartbeat probe judged at `now`; schedules its next look.
  void EvaluatePassive(size_t i, Time now) {
    const Spec& spec = opt.probes[i];
    Slot& s = slots[i];
    Verdict v = Evaluate(spec, Result<Observation>(HeartbeatObservation{s.base, s.beaten}), now);
    Record(i, v, now, now, Duration(0), Steady::now());
    schedule->Finished(i, now);
    // Overdue: nothing to look at until the next beat. Otherwise look again
    // the instant the deadline passes.
    schedule->SetNext(i, v.failing ? std::nullopt
                                   : std::optional<Time>(HeartbeatDeadline(spec, s.base) +
                                                         Duration(1)));
  }

  // Under mu: what probe `i` must send now, marked in flight.
  std::optional<Outbound> Collect(size_t i, Time now) {
    Slot& s = slots[i];
    if (s.in_flight) return std::nullopt;
    Send send = Outgoing(s.state, s.delivered);
    if (send == Send::kNothing) return std::nullopt;
    const Spec& spec = opt.probes[i];
    Outbound out{i, {}, {}, s.judged};
    if (send == Send::kFire) {
      out.alert = FiringAlert(spec, s.state);
      out.as = Delivered{Delivered::Alert::kFiring, s.state.severity};
    } else {
      out.alert = ResolvedAlert(spec, s.state, now);
      out.as = Delivered{Delivered::Alert::kResolved, ""};
    }
    s.in_flight = true;
    return out;
  }

  std::vector<Outbound> CollectAll(Time now) {
    std::vector<Outbound> out;
    for (size_t i = 0; i < slots.size(); ++i) {
      if (auto o = Collect(i, now)) out.push_back(std::move(*o));
    }
    return out;
  }

  // Not under mu: hands alerts to the sink.
  void Deliver(std::vector<Outbound> outbound) {
    for (auto& o : outbound) {
      size_t i = o.probe;
      Delivered as = o.as;
      Steady::time_point judged = o.judged;
      auto self = shared_from_this();
      bool taken = opt.sink(std::move(o.alert), [self, i, as, judged](Result<int64_t> r) {
        self->Delivered_(i, as, judged, r);
      });
      if (!taken) {
        std::lock_guard lock(mu);
        slots[i].in_flight = false;  // the scheduler retries at its next look
      }
    }
  }

  void Delivered_(size_t i, const Delivered& as, Steady::time_point judged,
                  const Result<int64_t>& r) {
    if (r && *r != 0 && as.alert == Delivered::Alert::kFiring && to_incident) {
      to_incident->With({std::string(ToString(opt.probes[i].kind()))})
          .Observe(std::chrono::duration<double>(Steady::now() - judged).count());
    }
    std::vector<Outbound> next;
    {
      std::lock_guard lock(mu);
      Slot& s = slots[i];
      s.in_flight = false;
      if (r) {
        s.delivered = as;
        if (*r != 0) s.incident_id = *r;
      } else {
        log::Warn("probe {}: the engine did not take its alert: {}", opt.probes[i].id,
                  r.error().message);
      }
      if (stopped) return;
      if (r) {
        if (auto o = Collect(i, opt.clock->Now())) next.push_back(std::move(*o));
      }
      changed.notify_all();
    }
    Deliver(std::move(next));
  }

  void RunOne(size_t i) {
    const Spec& spec = opt.probes[i];
    Time started_at = opt.clock->Now();
    auto started = Steady::now();
    Result<Observation> observed = RunCheck(spec);
    auto ended = Steady::now();
    Duration took = std::chrono::duration_cast<Duration>(ended - started);
    std::vector<Outbound> out;
    {
      std::lock_guard lock(mu);
      if (stopped) return;
      Time now = opt.clock->Now();
      Record(i, Evaluate(spec, observed, now), started_at, now, took, ended);
      schedule->Finished(i, now);
      if (auto o = Collect(i, now)) out.push_back(std::move(*o));
      changed.notify_all();
      wake.notify_one();  // its next run may be the earliest now
    }
    Deliver(std::move(out));
  }

  void RecordBeat(size_t i, Time at, std::function<void(Result<ProbeStatus>)> done) {
    const std::string& id = opt.probes[i].id;
    auto uow = opt.store->Begin();
    if (!uow) return done(Fail(uow.error()));
    if (auto st = (*uow)->RecordHeartbeat(id, at); !st) return done(Fail(st.error()));
    if (auto st = (*uow)->Commit(); !st) return done(Fail(st.error()));
    uow->reset();
    auto self = shared_from_this();
    opt.store->WhenDurable([self, i, at, done = std::move(done)](Status st) {
      if (!st) return done(Fail(st.error()));
      std::vector<Outbound> out;
      ProbeStatus status;
      {
        std::lock_guard lock(self->mu);
        Slot& s = self->slots[i];
        if (!s.beaten || at > s.base) s.base = at;
        s.beaten = true;
        if (!self->stopped) {
          Time now = self->opt.clock->Now();
          self->EvaluatePassive(i, now);
          if (auto o = self->Collect(i, now)) out.push_back(std::move(*o));
          self->changed.notify_all();
          self->wake.notify_one();
        }
        status = self->StatusOf(i);
      }
      self->Deliver(std::move(out));
      done(std::move(status));
    });
  }

  void SchedulerLoop() {
    NameThisThread("klaxon-probes");
    std::unique_lock lock(mu);
    while (!stopped) {
      Time now = opt.clock->Now();
      for (size_t i : schedule->TakeDue(now)) {
        if (Passive(i)) {
          EvaluatePassive(i, now);
          changed.notify_all();
        } else {
          work.push_back([this, i] { RunOne(i); });
          work_ready.notify_one();
        }
      }
      // Alerts the sink refused or failed to take, and passive changes.
      std::vector<Outbound> out = CollectAll(now);
      if (!out.empty()) {
        lock.unlock();
        Deliver(std::move(out));
        lock.lock();
        continue;
      }
      Duration wait = opt.idle_poll;
      if (auto next = schedule->NextDue()) {
        wait = std::clamp(std::chrono::duration_cast<Duration>(*next - now), Duration(0),
                          Duration(opt.idle_poll));
      }
      if (wait.count() > 0) {
        wake.wait_for(lock, wait, [&] { return stopped || wake_requested; });
      }
      wake_requested = false;
    }
  }

  void WorkerLoop(int n) {
    NameThisThread(fmt::format("klaxon-probe-{}", n));
    std::unique_lock lock(mu);
    while (true) {
      work_ready.wait(lock, [&] { return stopped || !work.empty(); });
      if (stopped) return;
      auto job = std::move(work.front());
      work.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }
};

Runner::Runner(RunnerOptions options) : shared_(std::make_shared<Shared>(std::move(options))) {
  auto& opt = shared_->opt;
  if (!opt.metrics) return;
  shared_->runs_total = &opt.metrics->AddCounter(
      "klaxon_probe_runs_total", "Probe checks completed, by kind and result (ok, failing).",
      {"kind", "result"});
  shared_->to_incident = &opt.metrics->AddHistogram(
      "klaxon_probe_to_incident_seconds",
      "From the verdict that made a probe fire (the end of its check) to its firing alert "
      "being durable in an incident, by kind.",
      {0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25,
       0.5, 1, 2.5, 5, 10},
      {"kind"});
  std::weak_ptr<Shared> weak = shared_;
  auto gauge = [weak](auto value) {
    return [weak, value]() {
      std::vector<std::pair<std::vector<std::string>, double>> out;
      auto s = weak.lock();
      if (!s) return out;
      std::lock_guard lock(s->mu);
      for (size_t i = 0; i < s->slots.size(); ++i) {
        if (auto v = value(*s, i)) out.push_back({{s->opt.probes[i].id}, *v});
      }
      return out;
    };
  };
  opt.metrics->AddCollector(
      "klaxon_probe_up", "1 when the probe's last check was healthy, 0 when it failed.",
      {"probe"}, gauge([](const Shared& s, size_t i) -> std::optional<double> {
        if (!s.slots[i].state.observed) return std::nullopt;
        return s.slots[i].state.last_failing ? 0.0 : 1.0;
      }));
  opt.metrics->AddCollector(
      "klaxon_probe_firing", "1 while the probe's alert fires (firing or clearing).", {"probe"},
      gauge([](const Shared& s, size_t i) -> std::optional<double> {
        Phase p = s.slots[i].state.phase;
        return p == Phase::kFiring || p == Phase::kClearing ? 1.0 : 0.0;
      }));
  opt.metrics->AddCollector(
      "klaxon_probe_duration_seconds", "How long the probe's last check took.", {"probe"},
      gauge([](const Shared& s, size_t i) -> std::optional<double> {
        if (!s.slots[i].last_run || s.Passive(i)) return std::nullopt;
        return std::chrono::duration<double>(s.slots[i].last_duration).count();
      }));
}

Runner::~Runner() { Stop(); }

Status Runner::Start() {
  auto& s = *shared_;
  const auto& probes = s.opt.probes;
  Time now = s.opt.clock->Now();
  std::map<std::string, store::HeartbeatRecord> known;
  std::vector<std::string> unknown;
  bool any_passive = std::any_of(probes.begin(), probes.end(),
                                 [](const Spec& p) { return Info(p.kind()).passive; });
  if (any_passive) {
    if (!s.opt.store) return Fail(ErrorCode::kInternal, "heartbeat probes need a store");
    auto list = s.opt.store->ListHeartbeats();
    if (!list) return Fail(list.error());
    for (auto& rec : *list) known.emplace(rec.name, rec);
    for (const auto& p : probes) {
      if (Info(p.kind()).passive && !known.contains(p.id)) unknown.push_back(p.id);
    }
  }
  if (!unknown.empty()) {
    auto uow = s.opt.store->Begin();
    if (!uow) return Fail(uow.error());
    for (const auto& id : unknown) {
      if (auto st = (*uow)->RegisterHeartbeat(id, now); !st) return st;
      known.emplace(id, store::HeartbeatRecord{id, now, std::nullopt});
    }
    if (auto st = (*uow)->Commit(); !st) return st;
    uow->reset();
    std::promise<Status> durable;
    auto f = durable.get_future();
    s.opt.store->WhenDurable([&durable](Status st) { durable.set_value(st); });
    if (auto st = f.get(); !st) return st;
  }

  std::lock_guard lock(s.mu);
  if (s.started) return Fail(ErrorCode::kConflict, "the probe runner is already started");
  s.schedule.emplace(probes, now, s.opt.spread);
  for (size_t i = 0; i < probes.size(); ++i) {
    if (!Info(probes[i].kind()).passive) continue;
    const auto& rec = known.at(probes[i].id);
    s.slots[i].base = rec.last_seen_at.value_or(rec.registered_at);
    s.slots[i].beaten = rec.last_seen_at.has_value();
    s.schedule->SetNext(i, HeartbeatDeadline(probes[i], s.slots[i].base) + Duration(1));
  }
  s.started = true;
  int workers = std::max(1, s.opt.workers);
  for (int n = 0; n < workers; ++n) s.workers.emplace_back([sp = &s, n] { sp->WorkerLoop(n); });
  s.scheduler = std::thread([sp = &s] { sp->SchedulerLoop(); });
  return {};
}

void Runner::Stop() {
  auto& s = *shared_;
  {
    std::lock_guard lock(s.mu);
    if (s.stopped) return;
    s.stopped = true;
    s.work.clear();
  }
  s.wake.notify_all();
  s.work_ready.notify_all();
  s.changed.notify_all();
  if (s.scheduler.joinable()) s.scheduler.join();
  for (auto& t : s.workers) {
    if (t.joinable()) t.join();
  }
}

void Runner::Beat(const std::string& id, std::function<void(Result<ProbeStatus>)> done) {
  auto& s = *shared_;
  const auto& probes = s.opt.probes;
  auto it = std::find_if(probes.begin(), probes.end(), [&](const Spec& p) {
    return p.id == id && Info(p.kind()).passive;
  });
  if (it == probes.end()) {
    return done(Fail(ErrorCode::kNotFound, fmt::format("no heartbeat probe \"{}\"", id)));
  }
  size_t i = static_cast<size_t>(it - probes.begin());
  Time at = s.opt.clock->Now();
  std::lock_guard lock(s.mu);
  if (!s.started || s.stopped) {
    return done(Fail(ErrorCode::kUnavailable, "probes are not running", true));
  }
  // Before any check waiting: a beat is a quick write and someone waits for it.
  auto self = shared_;
  s.work.push_front([self, i, at, done = std::move(done)]() mutable {
    self->RecordBeat(i, at, std::move(done));
  });
  s.work_ready.notify_one();
}

std::vector<ProbeStatus> Runner::Snapshot() const {
  std::lock_guard lock(shared_->mu);
  return shared_->SnapshotLocked();
}

std::vector<ProbeStatus> Runner::Covering(int64_t incident_id) const {
  std::vector<ProbeStatus> out;
  if (incident_id == 0) return out;
  std::lock_guard lock(shared_->mu);
  for (size_t i = 0; i < shared_->slots.size(); ++i) {
    if (shared_->slots[i].incident_id == incident_id) out.push_back(shared_->StatusOf(i));
  }
  return out;
}

const Spec* Runner::Find(std::string_view id) const {
  for (const auto& p : shared_->opt.probes) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

void Runner::Wake() {
  {
    std::lock_guard lock(shared_->mu);
    shared_->wake_requested = true;
  }
  shared_->wake.notify_all();
}

bool Runner::WaitUntil(const std::function<bool(const std::vector<ProbeStatus>&)>& ready,
                       std::chrono::milliseconds timeout) const {
  std::unique_lock lock(shared_->mu);
  return shared_->changed.wait_for(lock, timeout,
                                   [&] { return ready(shared_->SnapshotLocked()); });
}

}  // namespace klaxon::probe
