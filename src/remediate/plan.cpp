#include "remediate/plan.h"

#include <fmt/format.h>

namespace klaxon::remediate {

Decision Decide(std::span<const config::Action> actions, size_t index,
                const std::set<size_t>& approved) {
  if (index >= actions.size()) return {Next::kFinished, index};
  const config::Action& a = actions[index];
  const KindInfo* kind = FindKind(a.type);
  if (!kind || !kind->runnable) return {Next::kUnsupported, index};
  if (kind->external) {
    if (a.requires_approval && !approved.contains(index)) return {Next::kAwaitApproval, index};
    return {Next::kRun, index};
  }
  switch (kind->kind) {
    case Kind::kWaitAndRecheck: return {Next::kWait, index};
    case Kind::kEscalate: return {Next::kEscalate, index};
    case Kind::kNotify: return {Next::kNotify, index};
    case Kind::kSetStatus: return {Next::kSetStatus, index};
    default: return {Next::kUnsupported, index};
  }
}

AfterRecheck Recheck(const config::Action& step, bool still_failing) {
  if (!still_failing) return AfterRecheck::kRecovered;
  return step.on_failure == "continue" ? AfterRecheck::kContinue : AfterRecheck::kEscalate;
}

bool WithinBudget(const config::RemediationBudget& budget, int64_t started_in_window) {
  return budget.runs <= 0 || started_in_window < budget.runs;
}

Time BudgetWindowStart(const config::RemediationBudget& budget, Time now) {
  return now - budget.per;
}

std::string TargetKey(std::string_view runbook_id, const std::vector<std::string>& target_labels,
                      const LabelSet& labels) {
  std::string key(runbook_id);
  char sep = '/';
  for (const std::string& name : target_labels) {
    key += fmt::format("{}{}={}", sep, name, labels.GetOr(name));
    sep = ',';
  }
  return key;
}

std::string StepName(const config::Action& step, size_t index) {
  if (!step.name.empty() && step.name != step.type && step.name != "shell") return step.name;
  return fmt::format("step {} ({})", index + 1, step.type);
}

}  // namespace klaxon::remediate
