#pragma once
// Escalation policies, as pure functions: who is paged, when, and what
// happens when nobody acknowledges. No clock, no I/O: the engine (and
// `klaxon drill`) pass the time and the schedules.
//
// A policy is an ordered list of levels; each level pages its targets (the
// people on call in some schedules, and named people) and waits its timeout
// for an acknowledgement before the next level is paged. After the last
// level the policy starts over from the first, `repeat` more times; then it
// is exhausted (the incident stays unacknowledged and that is itself an SLA
// breach the caller records). An acknowledgement stops escalation; a manual
// "escalate" moves to the next level at once.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "oncall/schedule.h"

namespace klaxon::escalate {

struct Level {
  std::vector<std::string> schedules;  // schedule ids: whoever is on call there
  std::vector<std::string> people;     // person ids
  // How long this level waits for an acknowledgement. nullopt: the
  // incident's severity response time (the handbook's SEV1 15 min ...).
  std::optional<Duration> timeout;
};

struct Policy {
  std::string id;
  std::string name;
  std::vector<Level> levels;  // at least one
  int repeat = 0;             // extra passes over all levels after the first
};

// Where an incident's escalation stands.
struct Position {
  int level = 0;       // index into Policy::levels
  int pass = 0;        // 0 on the first pass, up to Policy::repeat
  Time since{};        // when this level was paged

  friend bool operator==(const Position&, const Position&) = default;
};

// The first level, paged at `now`.
Position Start(Time now);

// When the level at `at` stops waiting: since + its timeout, or
// `default_timeout` when the level has none. Requires a valid position.
Time Deadline(const Policy& policy, const Position& at, Duration default_timeout);

// The next level, paged at `now` (on timeout or a manual escalate); nullopt
// when the policy is exhausted (the last level of the last pass).
std::optional<Position> Next(const Policy& policy, const Position& at, Time now);


// The people a level pages at `t`, in order, each once: the on-call person
// of each schedule, then the named people. Schedules in which nobody is on
// call at `t` are listed in `uncovered`, so a caller can say so (a gap in a
// SEV1 escalation is a configuration error worth failing a drill).
struct Targets {
  std::vector<std::string> people;
  std::vector<std::string> uncovered;  // schedule ids with nobody on call
};
Result<Targets> Resolve(const Level& level, const std::vector<oncall::Schedule>& schedules,
                        Time t);

// The whole escalation if nobody ever acknowledges, from `start`: one step per
// level paged, in order, until the policy is exhausted. What drills print and
// check. Fails when a schedule is missing or invalid.
struct Step {
  Position at;
  Time deadline{};
  Targets targets;
};
Result<std::vector<Step>> Plan(const Policy& policy, const std::vector<oncall::Schedule>& schedules,
                               Time start, Duration default_timeout);

// Structural checks the configuration loader also makes: at least one level,
// each with at least one target, positive timeouts, repeat in [0, 10].
Status Validate(const Policy& policy);

}  // namespace klaxon::escalate
