#pragma once
// The shell's side of a probe run: reach out to the world and report what
// was seen (evaluate.h judges it). Blocking; each returns within about the
// timeout it is given. Thread-safe: nothing is shared between calls.
// Errors (refused, timed out, could not start) are values whose message is
// safe to show: never a URL path, query, header or environment value.

#include "core/result.h"
#include "probe/evaluate.h"
#include "probe/spec.h"

namespace klaxon::probe {

// Runs `spec`'s check: the one dispatch over the active kinds. A passive kind
// (heartbeat) has nothing to run and yields kInvalidArgument.
Result<Observation> RunCheck(const Spec& spec);

Result<Observation> CheckHttp(const HttpTarget& target, Duration timeout);
Result<Observation> CheckTcp(const TcpTarget& target, Duration timeout);
// Spawns argv[0] (looked up in PATH) with argv, stdin from /dev/null, no
// inherited descriptors, an empty signal mask and default dispositions, in a
// new process group, with PATH and the target's env as its environment.
// After the timeout the whole group is killed (SIGKILL); when the program
// exits, whatever it left running in its group is killed too.
Result<Observation> CheckExec(const ExecTarget& target, Duration timeout);
// One connection: AUTH (when a password is set), PING, and INFO (when a
// field is measured). An AUTH refusal is an error quoting the server's
// reply, never the password; any other reply to PING is observed.
Result<Observation> CheckRedis(const RedisTarget& target, Duration timeout);
// Connects with the DSN and runs the query inside a READ ONLY transaction
// whose statement_timeout is what is left of `timeout`; a query still
// running at the timeout is cancelled on the server. Refused connections,
// timeouts and SQL errors are errors (failing verdicts) that name the server
// (host:port/dbname), never the DSN's user or password.
Result<Observation> CheckPostgres(const PostgresTarget& target, Duration timeout);
// POSTs the call to the primary and every backup concurrently, each within
// the timeout; an endpoint that does not answer is part of the observation
// (RpcAnswer::error), so this never fails.
Result<Observation> CheckJsonRpc(const JsonRpcTarget& target, Duration timeout);
// POST {url}/api/v1/query. A transport failure is an error; any HTTP answer
// is an observation (Prometheus explains its 400/422/503 in the body).
Result<Observation> CheckPrometheus(const PrometheusTarget& target, Duration timeout);

}  // namespace klaxon::probe
