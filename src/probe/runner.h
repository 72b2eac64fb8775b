#pragma once
// The probe runner: the thin shell around the pure core. A scheduler thread
// asks the Schedule (schedule.h) which probes are due on the injected clock,
// a small pool of worker threads runs their checks (checks.h), and each
// result goes through Evaluate and the state machine (machine.h); whatever
// the engine must hear (Outgoing) is handed to the AlertSink as a canonical
// alert (alert.h). Heartbeats arrive through Beat(), are stored durably
// (store::UnitOfWork::RecordHeartbeat) before they are answered, and their
// deadlines are evaluated by the scheduler like any due probe.
//
// Threading: every public method is thread-safe. The runner's state is owned
// by one shared block under one mutex (`mu`); checks run outside it. Sink
// and store callbacks may come from any thread, even after Stop() (they hold
// the shared block alive, and do nothing once stopped).
//
// Time: due times and alert times come from the Clock; a run's duration is
// measured on the steady clock (it is a physical latency). With a
// ManualClock call Wake() after moving it (serve wires ManualClock's
// OnAdvance to it), and the scheduler looks at once.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "ingest/alert.h"
#include "metrics/metrics.h"
#include "probe/machine.h"
#include "probe/spec.h"
#include "store/store.h"

namespace klaxon::probe {

// Hands one alert to the engine. Returns false when it cannot take it now
// (queue full; nothing is called then). Otherwise `done` is called exactly
// once, from any thread, with the id of the incident the alert belongs to
// (0 if none) once the alert is durable, or with the failure.
using AlertSink =
    std::function<bool(ingest::Alert alert, std::function<void(Result<int64_t>)> done)>;

struct RunnerOptions {
  std::vector<Spec> probes;
  const Clock* clock = nullptr;  // required; must outlive the runner
  AlertSink sink;                // required
  // Required when any probe is a heartbeat; must outlive the runner.
  store::Store* store = nullptr;
  metrics::Registry* metrics = nullptr;  // optional; must outlive the runner
  int workers = 4;                       // threads running checks
  bool spread = true;                    // offset first runs by id (schedule.h)
  std::chrono::milliseconds idle_poll{1000};  // longest sleep between looks at the clock
};

// What a probe looks like now (GET /api/v1/probes, /metrics).
struct ProbeStatus {
  std::string id;
  Kind kind = Kind::kHttp;
  State state;                       // phase, since, severity, detail, value
  Delivered delivered;               // what the engine was last told
  int64_t incident_id = 0;           // the incident of its alert, once told
  uint64_t runs = 0;                 // checks completed (heartbeats: evaluations)
  uint64_t failures = 0;             // of which failing
  std::optional<Time> last_started;  // when the last check started (clock time)
  std::optional<Time> last_run;      // when the last check ended
  Duration last_duration{};          // how long it took (steady clock)
  std::optional<Time> next_run;      // when it is next due; nullopt: not scheduled
  std::optional<Time> last_beat;     // heartbeat: the latest beat
  std::optional<Time> deadline;      // heartbeat: overdue after this
};

class Runner {
 public:
  explicit Runner(RunnerOptions options);
  ~Runner();  // Stop()s
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Loads the heartbeats' last beats from the store (registering those never
  // seen, durably, at the clock's now), then starts the threads. Fails when
  // the store cannot be read or written; nothing is started then.
  Status Start();
  // Stops the threads; a check in progress is waited for (at most its timeout).
  void Stop();

  // A heartbeat of probe `id` arrived now. `done` is called once, from any
  // thread: with the probe's status after the beat is durable, or kNotFound
  // (no heartbeat probe of that id), kUnavailable (the store failed or the
  // runner is stopped).
  void Beat(const std::string& id, std::function<void(Result<ProbeStatus>)> done);

  // Every probe, in configuration order.
  std::vector<ProbeStatus> Snapshot() const;
  // The probes whose alert belongs to incident `incident_id` (as the engine
  // answered the last hand-over: ProbeStatus::incident_id), as they are now.
  // Answers from memory: it takes the runner's mutex, which is only ever held
  // for in-memory updates, never during a check, a store write or a hand-over
  // to the sink, so the engine thread may call it (remediation re-checks).
  std::vector<ProbeStatus> Covering(int64_t incident_id) const;
  const Spec* Find(std::string_view id) const;

  // Look at the clock now (a ManualClock moved).
  void Wake();

  // Waits until `ready(Snapshot())` holds or `timeout` (real time) passes;
  // returns whether it held. Checked after every change of any probe.
  bool WaitUntil(const std::function<bool(const std::vector<ProbeStatus>&)>& ready,
                 std::chrono::milliseconds timeout) const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

}  // namespace klaxon::probe
