#pragma once
// `klaxon drill`: one runbook's whole response, on simulated time, with every
// outbound action captured instead of sent.
//
// The drill drives the real engine (engine/engine.h) on a ManualClock with a
// fresh SQLite store in a temporary directory (removed afterwards), so it
// shows what klaxon would actually do and cannot drift from it:
//   - the runbook's alert (scenario.h) fires at Options::at and keeps firing
//     (nobody fixes it) and nobody acknowledges;
//   - external remediation and diagnostic steps reach the engine's run_step,
//     which records them (the exact argv, and where argv[0] is found) and
//     runs nothing; each is answered as the runner would answer when it
//     succeeds (exit 0, HTTP 200, a statement that ran), except a program
//     that is not found, which fails as it would ("not found in PATH");
//   - notifications go through the real outbox sender into capturing
//     channels (capture.h): rendered, never sent;
//   - the clock jumps from one due timer to the next (re-checks, escalation
//     deadlines, update reminders, handoffs) until the escalation policy is
//     exhausted, or Options::horizon has passed.
// Problems (report.h): a page that reaches nobody (a schedule gap, named with
// its extent), a missing command (checks.h), and, as warnings, a level with
// one uncovered schedule among others, an incident nobody is ever paged for.
//
// Blocking; uses no network and starts no process. Thread-compatible: one
// drill per call.

#include <optional>
#include <string>

#include "config/config.h"
#include "core/labels.h"
#include "core/result.h"
#include "drill/checks.h"
#include "drill/report.h"

namespace klaxon::drill {

struct Options {
  std::string runbook;   // a runbook id
  std::string severity;  // "" for the runbook's own
  Time at{};             // when the alert fires
  Duration horizon{std::chrono::days(7)};  // simulate at most this long
  LabelSet labels;       // extra alert labels (--label)
  InheritEnv inherit_env;  // klaxon's environment (PATH for the steps); optional
  std::string temp_dir;  // where the drill's store lives; "" for $TMPDIR or /tmp
};

// kNotFound for an unknown runbook; kInvalidArgument when no alert can be
// made for it (scenario.h); other errors when the store or engine fail.
Result<Report> Run(const config::Config& config, const Options& options);

}  // namespace klaxon::drill
