#pragma once
// The SQLite adapter's side of the status page (queries/status_page.sql):
// row encoding and the reads SqliteStore serves from its reader pool. The
// SqliteUnitOfWork status page methods are defined in status_page.cpp too.
//
// Thread-safety: as Connection: one thread per connection at a time.

#include <optional>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

Result<statuspage::Records> ReadStatusPageOn(Connection& conn, Time since);
Result<std::optional<statuspage::Incident>> LatestStatusIncidentOn(Connection& conn, int64_t incident_id);
Result<std::optional<statuspage::Incident>> GetStatusIncidentOn(Connection& conn, int64_t id);

}  // namespace klaxon::store::sqlite
