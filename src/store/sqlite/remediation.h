#pragma once
// The SQLite adapter's side of remediation (queries/remediation.sql): row
// encoding and the reads SqliteStore serves from its reader pool. The
// SqliteUnitOfWork remediation methods are defined in remediation.cpp too.
//
// Thread-safety: as Connection: one thread per connection at a time.

#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

Result<std::vector<RemediationRun>> ListRemediationRunsOn(Connection& conn, int64_t incident_id);
Result<std::vector<RemediationStepRecord>> ListRemediationStepsOn(Connection& conn,
                                                                 int64_t incident_id);

}  // namespace klaxon::store::sqlite
