#include "escalate/policy.h"

#include <algorithm>

#include <fmt/format.h>

#include "oncall/resolve.h"

namespace klaxon::escalate {

Position Start(Time now) { return Position{0, 0, now}; }

Time Deadline(const Policy& policy, const Position& at, Duration default_timeout) {
  const Level& level = policy.levels.at(static_cast<size_t>(at.level));
  return at.since + level.timeout.value_or(default_timeout);
}

std::optional<Position> Next(const Policy& policy, const Position& at, Time now) {
  Position next = at;
  next.since = now;
  next.level += 1;
  if (next.level >= static_cast<int>(policy.levels.size())) {
    next.level = 0;
    next.pass += 1;
    if (next.pass > policy.repeat) return std::nullopt;
  }
  return next;
}

Result<Targets> Resolve(const Level& level, const std::vector<oncall::Schedule>& schedules,
                        Time t) {
  Targets out;
  auto add = [&](const std::string& person) {
    if (std::find(out.people.begin(), out.people.end(), person) == out.people.end()) {
      out.people.push_back(person);
    }
  };
  for (const auto& id : level.schedules) {
    auto it = std::find_if(schedules.begin(), schedules.end(),
                           [&](const oncall::Schedule& s) { return s.id == id; });
    if (it == schedules.end()) {
      return Fail(ErrorCode::kNotFound, fmt::format("escalation names schedule \"{}\", which does "
                                                    "not exist",
                                                    id));
    }
    auto on_call = oncall::OnCallAt(*it, t);
    if (!on_call) return Fail(on_call.error());
    if (on_call->person.empty()) {
      out.uncovered.push_back(id);
    } else {
      add(on_call->person);
    }
  }
  for (const auto& person : level.people) add(person);
  return out;
}

Result<std::vector<Step>> Plan(const Policy& policy, const std::vector<oncall::Schedule>& schedules,
                               Time start, Duration default_timeout) {
  if (auto st = Validate(policy); !st) return Fail(st.error());
  std::vector<Step> steps;
  std::optional<Position> at = Start(start);
  while (at) {
    auto targets = Resolve(policy.levels[static_cast<size_t>(at->level)], schedules, at->since);
    if (!targets) return Fail(targets.error());
    Time deadline = Deadline(policy, *at, default_timeout);
    steps.push_back(Step{*at, deadline, std::move(*targets)});
    at = Next(policy, *at, deadline);
  }
  return steps;
}

Status Validate(const Policy& policy) {
  if (policy.levels.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("escalation policy \"{}\" has no levels", policy.id));
  }
  for (size_t i = 0; i < policy.levels.size(); ++i) {
    const Level& level = policy.levels[i];
    if (level.schedules.empty() && level.people.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("escalation policy \"{}\": level {} pages nobody", policy.id, i + 1));
    }
    if (level.timeout && *level.timeout <= Duration(0)) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("escalation policy \"{}\": level {} has a timeout that is not "
                              "positive",
                              policy.id, i + 1));
    }
  }
  if (policy.repeat < 0 || policy.repeat > 10) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("escalation policy \"{}\": repeat must be from 0 to 10", policy.id));
  }
  return {};
}

}  // namespace klaxon::escalate
