#pragma once
// Runs one external step (exec, http or sql) and says what happened: the
// worker side of remediation and diagnostics. Blocking; call on a worker
// thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/time.h"

namespace klaxon::remediate {

// Everything a worker needs, copied out of the engine's state.
struct Job {
  int64_t step_row = 0;     // store::RemediationStepRecord::id
  int64_t incident_id = 0;
  config::Action action;    // exec, http or sql
  std::vector<std::string> env;  // exec: the environment (environment.h)
  size_t output_limit = 4096;
  // sql: the values of the action's `params` labels, bound as $1, $2, ...
  // (nullopt: the label is absent, bound as NULL).
  std::vector<std::optional<std::string>> params;
};

struct StepResult {
  int64_t step_row = 0;
  int64_t incident_id = 0;
  bool ok = false;                 // exit 0, an HTTP 2xx, or a statement that ran
  std::optional<int> exit_code;    // exec
  std::optional<int> signal;       // exec killed by a signal
  std::optional<int> http_status;  // http
  std::optional<int64_t> rows;     // sql: rows returned or affected
  std::string command_tag;         // sql: "DELETE 3", "SELECT 1"
  std::string sql_state;           // sql: the server's SQLSTATE when it refused
  bool timed_out = false;
  Duration duration{};
  std::string head, tail;          // output / response body, bounded
  std::string error;               // could not run at all ("" otherwise); never a secret
};

// The exact command, as JSON, for the audit row: {"argv": [...]} for exec
// (a shell step is {"/bin/sh", "-c", script}), {"method","url"} for http
// (the URL without its query; headers never: they may hold secrets),
// {"sql", "params"} for sql (the statement and the label names bound; never
// the DSN).
std::string DescribeCommand(const config::Action& action);
// The argv an exec step runs.
std::vector<std::string> ArgvOf(const config::Action& action);

StepResult RunStep(const Job& job);

// "exit 0 in 1.2s", "HTTP 503 in 80ms", "DELETE 3 in 12ms", "timed out
// after 30s", "SQL error 42501 after 5ms: ...", "could not run: ...": for
// timeline lines.
std::string Summarize(const StepResult& r);
// The result as JSON for the audit row and the timeline line's data.
std::string ResultJson(const StepResult& r);

}  // namespace klaxon::remediate
