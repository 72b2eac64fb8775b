#pragma once
// The SQLite adapter's side of response reports (queries/reports.sql): the
// read SqliteStore serves from its reader pool.
//
// Thread-safety: as Connection: one thread per connection at a time.

#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "report/facts.h"
#include "store/sqlite/connection.h"

namespace klaxon::store::sqlite {

Result<std::vector<report::IncidentFacts>> ListResponseFactsOn(Connection& conn, Time since,
                                                               int limit);

}  // namespace klaxon::store::sqlite
