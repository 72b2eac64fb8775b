#pragma once
// The hold/clear state machine of one probe, and what the engine must be told
// for its alert to agree with it. Pure: no clock, no I/O; the runner feeds it
// verdicts with the time they were observed.
//
//   ok ──failing──▶ pending ──failing for `for`──▶ firing ──healthy──▶ clearing
//    ▲                 │                            ▲   │                 │
//    └────healthy──────┘                            │   └──failing◀───────┤
//    └───────────────────────── healthy for `clear_for` ──────────────────┘
//
// `for` and `clear_for` are judged at observations (as Prometheus judges
// `for` at evaluations): with interval 30s and for 1m, failures observed at
// 0s, 30s and 60s fire at 60s. A zero `for` fires on the first failure; a
// zero `clear_for` resolves on the first healthy run.

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace klaxon::probe {

enum class Phase { kOk, kPending, kFiring, kClearing };
std::string_view ToString(Phase phase);  // "ok", "pending", "firing", "clearing"

// One run's judgement (evaluate.h).
struct Verdict {
  bool failing = false;
  std::string severity;         // failing by a threshold: its severity; "" = the runbook's
  std::string detail;           // what was seen, for people; never holds a secret
  std::optional<double> value;  // the measured number, when the kind measures one
};

struct Timing {
  Duration hold_for{};   // `for`
  Duration clear_for{};
};

struct State {
  Phase phase = Phase::kOk;
  bool observed = false;       // false until the first verdict
  Time since{};                // when the current phase began
  Time failing_since{};        // first failure of the current pending/firing stretch
  std::string severity;        // pending/firing/clearing: of the latest failing verdict
  std::string detail;          // of the latest verdict
  std::optional<double> value; // of the latest verdict
  bool last_failing = false;   // the latest verdict
};

// The state after observing `verdict` at `now`.
State Observe(const State& state, const Verdict& verdict, const Timing& timing, Time now);

// What the engine was last told about this probe's alert, successfully.
struct Delivered {
  enum class Alert { kUnknown, kResolved, kFiring };
  Alert alert = Alert::kUnknown;  // kUnknown: nothing since klaxon started
  std::string severity;           // kFiring: the severity sent
};

enum class Send { kNothing, kFire, kResolve };

// What to send so the engine agrees with `state`:
// - firing or clearing: fire, unless the same severity was already delivered
//   firing (a changed severity is sent again: the engine raises the incident);
// - ok: resolve, unless already delivered resolved. After a restart
//   (kUnknown) the first healthy run resolves whatever was left firing;
// - pending: resolve only an alert delivered firing (it cleared in between);
//   with kUnknown nothing, so a restart in the middle of an outage does not
//   resolve and re-open its incident.
Send Outgoing(const State& state, const Delivered& delivered);

}  // namespace klaxon::probe
