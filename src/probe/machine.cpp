#include "probe/machine.h"

namespace klaxon::probe {

std::string_view ToString(Phase phase) {
  switch (phase) {
    case Phase::kOk: return "ok";
    case Phase::kPending: return "pending";
    case Phase::kFiring: return "firing";
    case Phase::kClearing: return "clearing";
  }
  return "ok";
}

State Observe(const State& state, const Verdict& verdict, const Timing& timing, Time now) {
  State next = state;
  next.observed = true;
  next.detail = verdict.detail;
  next.value = verdict.value;
  next.last_failing = verdict.failing;
  auto enter = [&](Phase phase) {
    next.phase = phase;
    next.since = now;
  };
  if (verdict.failing) {
    next.severity = verdict.severity;
    switch (state.phase) {
      case Phase::kOk:
        next.failing_since = now;
        enter(timing.hold_for.count() <= 0 ? Phase::kFiring : Phase::kPending);
        break;
      case Phase::kPending:
        if (now - state.since >= timing.hold_for) enter(Phase::kFiring);
        break;
      case Phase::kFiring:
        break;
      case Phase::kClearing:
        enter(Phase::kFiring);
        break;
    }
    return next;
  }
  switch (state.phase) {
    case Phase::kOk:
      if (!state.observed) next.since = now;
      break;
    case Phase::kPending:
      enter(Phase::kOk);
      break;
    case Phase::kFiring:
      if (timing.clear_for.count() <= 0) {
        enter(Phase::kOk);
      } else {
        enter(Phase::kClearing);
      }
      break;
    case Phase::kClearing:
      if (now - state.since >= timing.clear_for) enter(Phase::kOk);
      break;
  }
  if (next.phase == Phase::kOk) next.severity.clear();
  return next;
}

Send Outgoing(const State& state, const Delivered& delivered) {
  using A = Delivered::Alert;
  switch (state.phase) {
    case Phase::kFiring:
    case Phase::kClearing:
      if (delivered.alert == A::kFiring && delivered.severity == state.severity) {
        return Send::kNothing;
      }
      return Send::kFire;
    case Phase::kOk:
      if (!state.observed || delivered.alert == A::kResolved) return Send::kNothing;
      return Send::kResolve;
    case Phase::kPending:
      return delivered.alert == A::kFiring ? Send::kResolve : Send::kNothing;
  }
  return Send::kNothing;
}

}  // namespace klaxon::probe
