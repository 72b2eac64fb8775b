#pragma once
// What a probe is: the typed form of one entry of the `probes:` section
// (config/probes.cpp reads and validates it; docs/configuration.md documents
// it). Plain data, shared read-only once loaded.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/labels.h"
#include "core/time.h"
#include "probe/kinds.h"

namespace klaxon::probe {

// `http`: one request; healthy when the status is expected, the body matches
// and the answer came within the latency bound.
struct HttpTarget {
  std::string method = "GET";
  std::string url;                                            // may hold a secret
  std::vector<std::pair<std::string, std::string>> headers;   // may hold secrets
  std::string body;
  // Healthy statuses: exact codes (200) or classes (2 for "2xx").
  std::vector<int> expect_status{200};
  std::vector<int> expect_class;
  std::string body_match;                 // RE2, searched in the body; "" = any body
  std::optional<Duration> max_latency;    // slower counts as failing
};

// `tcp`: a connection to host:port is accepted within the timeout.
struct TcpTarget {
  std::string host;
  uint16_t port = 0;
};

// `exec`: a program run directly (no shell) in its own process group. Without
// thresholds exit status 0 is healthy; with thresholds the number it prints
// on stdout is the value compared. Its environment is PATH plus `env` only.
struct ExecTarget {
  std::vector<std::string> argv;                           // argv[0] is looked up in PATH
  std::vector<std::pair<std::string, std::string>> env;    // may hold secrets
};

// `heartbeat`: POST /api/v1/heartbeats/{id} must arrive at least every
// interval + grace. Nothing is run.
struct HeartbeatTarget {
  Duration grace{};
  std::string integration;  // "" = any integration of type heartbeat
};

// `redis`: a connection to host:port, AUTH when a password is set, then PING
// answered with PONG, all within the timeout. With `info_field`, that field
// of INFO (probe/redis_info.h) is the value thresholds compare.
struct RedisTarget {
  std::string host;
  uint16_t port = 0;
  std::string username;    // an ACL user; "" = AUTH with the password only
  std::string password;    // a secret; "" = no AUTH
  std::string info_field;  // "" = PING only
};


// `postgres`: connect with a DSN and run one read-only query (inside a READ
// ONLY transaction, with statement_timeout = the probe's timeout).
// `result: value` (the default): the first column of the first row is the
// value (a number, or a boolean as 1/0); without thresholds the probe only
// needs the query to answer. `result: rows`: the number of rows is the
// value; without thresholds any row is failing (e.g. ungranted locks).
struct PostgresTarget {
  enum class Result { kValue, kRows };
  std::string dsn;    // a secret: from ${ENV}; never shown (postgres/dsn.h)
  std::string query;  // exactly one statement
  Result result = Result::kValue;
};

// `jsonrpc`: one JSON-RPC 2.0 call (`method` with `params`, id 1) POSTed to
// the primary endpoint and, at the same time, to each backup. Failing when the
// primary does not answer within the timeout, answers a non-2xx status, a
// JSON-RPC `error` object or something that is not a JSON-RPC answer, or,
// with `max_lag`, when its result read as a block height ("0x10d4f" or a
// number) is more than max_lag below the highest height a backup reports.
// Backups never make the probe fail by themselves: the verdict says which of
// them answer, so the person failing over knows where to.
struct JsonRpcTarget {
  std::string url;                    // the primary; may hold an API key
  std::vector<std::string> backups;   // each may hold an API key
  std::string method = "eth_blockNumber";
  std::string params = "[]";          // JSON text: an array or an object
  std::optional<int64_t> max_lag;     // blocks; set only with backups
};

// `prometheus`: an instant query (POST {url}/api/v1/query, form-encoded) on
// a Prometheus server. A scalar, or a vector of exactly one sample, is the
// measured value: thresholds apply; without thresholds any sample fails (a
// query written like an alerting rule, `rate > 0.05`). An empty vector (or
// NaN) is "no data": healthy unless `on_empty: failing`. An error answer,
// several series, or another result type fails.
struct PrometheusTarget {
  std::string url;      // the server's base URL; may hold a secret
  std::string query;    // PromQL
  std::vector<std::pair<std::string, std::string>> headers;  // may hold secrets
  bool empty_fails = false;  // on_empty: failing
};

using Target = std::variant<HttpTarget, TcpTarget, ExecTarget, HeartbeatTarget, RedisTarget,
                            PostgresTarget, JsonRpcTarget, PrometheusTarget>;

// A value crossing `limit` (below or above it) makes the probe fail at
// `severity`. Ordered most severe first by the loader, so the first crossed
// threshold is the worst one.
struct Threshold {
  enum class Direction { kBelow, kAbove };
  Direction direction = Direction::kBelow;
  double limit = 0;
  std::string severity;  // a declared severity id

  bool CrossedBy(double value) const {
    return direction == Direction::kBelow ? value < limit : value > limit;
  }
};

struct Spec {
  std::string id;                 // "api-up"; also the alert's `probe` label
  std::string description;
  Duration interval{std::chrono::seconds(30)};  // between runs; heartbeat: expected cadence
  Duration timeout{std::chrono::seconds(10)};   // one run; never more than interval
  Duration hold_for{};    // `for`: failing this long before the alert fires
  Duration clear_for{};   // healthy this long before a firing alert resolves
  LabelSet labels;        // the alert's labels; `probe` and `alertname` always set
  LabelSet annotations;   // the alert's annotations (klaxon adds `detail`, `value`)
  std::vector<Threshold> thresholds;  // most severe first; empty: pass/fail only
  Target target;

  Kind kind() const { return static_cast<Kind>(target.index()); }
};

}  // namespace klaxon::probe
