#pragma once
// The worker side of a `sql` step (remediation or diagnostic).

#include "remediate/step_runner.h"

namespace klaxon::remediate {

// Connects with the action's DSN, sets statement_timeout to what is left of
// the action's timeout and runs its statement, once, as one statement with
// job.params bound as $1, $2, ... A statement still running at the timeout
// is also cancelled from the client. A read_only action (diagnostics) runs
// inside a READ ONLY transaction that is rolled back. The output is the
// rows as tab-separated text (a header line, one line per row, NULL as
// "NULL"), then the command tag; bounded by job.output_limit as head and
// tail. Errors name the server (host:port/dbname), never the DSN's user or
// password. Blocking; call on a worker thread.
StepResult RunSql(const Job& job);

}  // namespace klaxon::remediate
