#pragma once
// The SQLite adapter's side of the notification outbox (queries/outbox.sql):
// row encoding, and the reads SqliteStore serves from its reader pool. The
// SqliteUnitOfWork outbox methods are defined in outbox.cpp too.
//
// Thread-safety: as Connection: one thread per connection at a time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

// Reads an outbox row selected in the column order outbox.sql documents.
Result<OutboxEntry> ReadOutboxEntry(const Statement& stmt);
// Checks, at Open(), that the row-returning outbox queries select exactly
// those columns.
Status CheckOutboxRowShapes(Connection& conn);

// Store reads, each on a reader connection `conn` (see store.h for contracts).
Result<std::vector<OutboxEntry>> ListNotificationsOn(Connection& conn, int64_t incident_id);
Result<std::string> FirstReceiptOn(Connection& conn, int64_t incident_id,
                                   std::string_view channel);
Result<std::optional<Time>> NextNotificationDueOn(Connection& conn, std::string_view channel);
Result<int64_t> CountFailedNotificationsOn(Connection& conn);

}  // namespace klaxon::store::sqlite
