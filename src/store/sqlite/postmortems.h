#pragma once
// The SQLite adapter's side of post-mortems (queries/postmortems.sql): row
// encoding and the reads SqliteStore serves from its reader pool. The
// SqliteUnitOfWork post-mortem methods are defined in postmortems.cpp too.
//
// Thread-safety: as Connection: one thread per connection at a time.

#include <optional>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

Result<std::optional<postmortem::Record>> GetPostmortemOn(Connection& conn, int64_t incident_id);
Result<std::vector<postmortem::ActionItem>> ListActionItemsOn(Connection& conn, int64_t incident_id);
Result<int64_t> CountOverduePostmortemsOn(Connection& conn);

}  // namespace klaxon::store::sqlite
