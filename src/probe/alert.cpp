#include "probe/alert.h"

#include <fmt/format.h>

namespace klaxon::probe {
namespace {

ingest::Alert Base(const Spec& spec, const State& state) {
  ingest::Alert a;
  a.labels = spec.labels;
  a.annotations = spec.annotations;
  if (!state.detail.empty()) a.annotations.Set("detail", state.detail);
  if (state.value) a.annotations.Set("value", fmt::format("{}", *state.value));
  a.source = std::string(kSource);
  a.integration = spec.id;
  a.fingerprint = FingerprintOf(a.labels);
  a.starts_at = state.failing_since;
  return a;
}

}  // namespace

ingest::Alert FiringAlert(const Spec& spec, const State& state) {
  ingest::Alert a = Base(spec, state);
  a.action = ingest::AlertAction::kFire;
  a.severity = state.severity;
  if (!state.severity.empty()) a.severity_reason = fmt::format("{}: {}", spec.id, state.detail);
  return a;
}

ingest::Alert ResolvedAlert(const Spec& spec, const State& state, Time now) {
  ingest::Alert a = Base(spec, state);
  a.action = ingest::AlertAction::kResolve;
  a.ends_at = now;
  return a;
}

}  // namespace klaxon::probe
