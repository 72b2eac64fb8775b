#pragma once
// Conversion of the `alerts` table of schema 0001 (one row per alert) into
// alert_log rows, run by Migrate() right after 0002_alert_log.sql inside the
// migration transaction. Its query is frozen with the 0001 schema, so it is
// not one of the named queries that Open() prepares against the newest one.

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace klaxon::store::sqlite {

// Appends every row of `alerts`, in id order, to alert_log as rows of at
// most 1 MiB. A row that cannot be read (bad label JSON) fails with
// kInternal naming its id; the migration then rolls back.
Status ConvertLegacyAlerts(Connection& conn);

}  // namespace klaxon::store::sqlite
