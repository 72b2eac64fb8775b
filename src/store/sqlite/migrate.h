#pragma once
// Schema migrations: brings a database up to the newest schema this build
// knows (sql.h Migrations()), in one write transaction, recording each applied
// version in schema_migrations. An up-to-date database costs two O(1)
// statements. A database whose schema is newer than this build is refused
// rather than written by code that does not understand it.

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace klaxon::store::sqlite {

// Runs on the writer connection before anything else uses it. On failure the
// transaction is rolled back and the database is left as it was.
Status Migrate(Connection& writer);

}  // namespace klaxon::store::sqlite
