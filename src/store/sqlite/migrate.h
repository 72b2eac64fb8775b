#pragma once
// Schema migrations: brings a database up to the newest schema this build
// knows (sql.h Migrations()), in one write transaction, recording each applied
// version in schema_migrations. Every known migration that is not recorded is
// applied, oldest first, so numbers need not be contiguous and a lower number
// may arrive after a higher one was applied (migrations of parallel branches
// must therefore not depend on each other). A database that records a version
// this build does not know is refused rather than written by code that does
// not understand it.

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace klaxon::store::sqlite {

// Runs on the writer connection before anything else uses it. On failure the
// transaction is rolled back and the database is left as it was.
Status Migrate(Connection& writer);

}  // namespace klaxon::store::sqlite
