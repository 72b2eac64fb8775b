#pragma once
// The SQLite adapter's side of heartbeats (queries/heartbeats.sql): the read
// SqliteStore serves from its reader pool. The SqliteUnitOfWork heartbeat
// methods are defined in heartbeats.cpp too.

#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

Result<std::vector<HeartbeatRecord>> ListHeartbeatsOn(Connection& conn);

}  // namespace klaxon::store::sqlite
