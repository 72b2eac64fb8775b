#pragma once
// Pure: what one run of a probe saw -> its verdict (healthy or failing, at
// which severity, and why). The checks (checks.h) only gather these facts;
// every decision about them is made here, so it is tested without sockets.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "probe/jsonrpc.h"
#include "probe/machine.h"
#include "probe/prometheus.h"
#include "probe/spec.h"

namespace klaxon::probe {

struct HttpObservation {
  int status = 0;
  std::string body;    // at most the check's body limit
  Duration latency{};  // request sent to answer read
};

struct TcpObservation {
  Duration latency{};  // to an accepted connection
};

struct ExecObservation {
  int exit_code = 0;    // valid when !signal
  int signal = 0;       // the signal that ended it, 0 if it exited
  std::string out;      // stdout, at most the check's output limit
  std::string err;      // the tail of stderr
};

// A heartbeat has no run: `base` is the last beat, or when klaxon began
// waiting for the first one.
struct HeartbeatObservation {
  Time base{};
  bool beaten = false;  // false: no beat ever arrived
};

struct RedisObservation {
  std::string ping;    // PING's answer: "PONG" when healthy, else the server's reply
  std::string info;    // INFO's reply when the target reads a field, else ""
  Duration latency{};  // connect to the answer of the last command
};


struct PostgresObservation {
  int64_t rows = 0;                  // rows the query returned
  std::vector<std::string> columns;  // their names
  std::vector<std::optional<std::string>> first_row;  // empty when no row; nullopt: NULL
  Duration latency{};                // connect to answer
};

using Observation =
    std::variant<HttpObservation, TcpObservation, ExecObservation, HeartbeatObservation,
                 RedisObservation, PostgresObservation, JsonRpcObservation, PrometheusObservation>;

// `observed` is the observation or why there is none (refused, timed out,
// could not start); `now` is when the run ended. A failure to observe is a
// failing verdict at the runbook's severity.
Verdict Evaluate(const Spec& spec, const Result<Observation>& observed, Time now);

// A measured value against spec's thresholds: failing at the first (the
// most severe) one it crosses, with the value in the verdict either way.
Verdict JudgeValue(const Spec& spec, double value);

// The number an exec probe printed: the last non-empty line of stdout.
std::optional<double> ParseValue(std::string_view out);

// When a heartbeat probe last seen at `base` becomes overdue.
inline Time HeartbeatDeadline(const Spec& spec, Time base) {
  return base + spec.interval + std::get<HeartbeatTarget>(spec.target).grace;
}

}  // namespace klaxon::probe
