#pragma once
// Runs one program for a remediation or diagnostic step: no shell unless the
// argv itself names one (a configured `shell:` step is {"/bin/sh", "-c",
// script}), the given environment only, stdin from /dev/null, stdout and
// stderr merged into one captured stream (head and tail kept).
//
// The process runs in its own process group. On timeout the whole group is
// killed (SIGKILL), children and grandchildren included; when the program
// exits, whatever it left running in its group is killed too, so a step's
// processes never outlive the step.
//
// Blocking: call it on a worker thread, never on the engine thread.
// Thread-safe: spawns with posix_spawn, so concurrent calls from several
// threads do not leak descriptors into each other's children.

#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace klaxon::remediate {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is looked up in the PATH of `env`
  std::vector<std::string> env;   // "NAME=value"
  Duration timeout{std::chrono::seconds(30)};
  size_t output_limit = 4096;     // bytes kept at each end
};

struct ProcessResult {
  int exit_code = -1;      // -1 when killed by a signal
  int signal = 0;          // the signal that ended it, 0 if it exited
  bool timed_out = false;  // killed because the timeout passed
  Duration elapsed{};
  std::string head, tail;  // captured output
  size_t output_bytes = 0;
};

// Where `program` (argv[0]) is found, as RunProcess looks it up: a name
// with a '/' is itself, if executable; any other name is searched in the PATH
// of `env` ("NAME=value" strings; /usr/local/bin:/usr/bin:/bin without one),
// never in klaxon's own. "" when it is not found or not executable. Used by
// RunProcess and by `klaxon drill --check`, so both answer alike.
std::string FindProgram(const std::string& program, const std::vector<std::string>& env);

// An error only when the program could not be started (not found, not
// executable, out of resources); any exit, signal or timeout is a result.
Result<ProcessResult> RunProcess(const ProcessSpec& spec);

}  // namespace klaxon::remediate
