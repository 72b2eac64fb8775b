#pragma once
// What a drill found: the timeline of everything klaxon would do for one
// runbook's incident if nobody fixed it and nobody acknowledged it, and the
// problems `klaxon drill --check` fails on. Plain values; built by Run
// (drill.h), printed by render.h.

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace klaxon::drill {

// A person a page reaches: who, how klaxon reaches them, and why (the
// schedule that put them on call, or "" when the level names them).
struct Paged {
  std::string id;
  std::string name;
  std::string contact;   // "slack U04MAYA0001, phone +1 415 555 0101"; "" when none
  std::string schedule;  // schedule id, or "" for a person the level names
};

// A stretch of a schedule with nobody on call, around the instant a level
// paged it. nullopt ends: the schedule has nobody before its first shift
// (from) or ever again (to).
struct Gap {
  std::string schedule;
  std::optional<Time> from;
  std::optional<Time> to;
};

struct Entry {
  enum class Kind {
    kAlert,   // the simulated alert fires
    kRun,     // an automated action or diagnostic would run (captured, not run)
    kNotify,  // a notification would be sent (captured, not sent)
    kPage,    // an escalation level pages its people
    kEngine,  // another line klaxon writes on the incident's timeline
  };
  Kind kind = Kind::kEngine;
  Time at{};
  std::string text;     // one line, as printed after the time
  // kNotify: the channel id ("slack-incidents"); kRun: "remediation" or "diagnostic".
  std::string channel;
  // kRun
  std::string step_kind;             // exec | http | sql
  int step = 0;                      // 1-based position in the runbook
  std::vector<std::string> argv;     // exec: exactly what would run
  std::optional<std::string> found;  // exec: where argv[0] is found; nullopt: nowhere
  // kPage
  int level = 0;  // 1-based
  int pass = 0;   // 1-based
  std::string policy;
  std::optional<Time> deadline;  // when the next level is paged unacknowledged
  std::vector<Paged> people;
  std::vector<Gap> gaps;
};

struct Problem {
  bool error = true;  // false: a warning, printed but not failing --check
  std::string message;
};

struct Report {
  std::string runbook;  // "RB-001"
  std::string title;
  std::string severity;
  std::string incident;  // "INC-1" in the drill's own store
  Time start{};          // when the alert fires
  Time end{};            // when the drill stopped
  bool exhausted = false;  // the escalation policy ran out (nobody acknowledged)
  std::vector<Entry> entries;  // in order
  std::vector<Problem> problems;

  bool ok() const;  // no problem is an error
};

}  // namespace klaxon::drill
