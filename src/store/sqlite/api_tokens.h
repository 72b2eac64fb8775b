#pragma once
// The SQLite adapter's side of API tokens (queries/api_tokens.sql): the
// reads SqliteStore serves from its reader pool. The SqliteUnitOfWork token
// methods are defined in api_tokens.cpp too.

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"
#include "store/api_tokens.h"

namespace klaxon::store::sqlite {

Result<std::vector<ApiTokenRecord>> ListApiTokensOn(Connection& conn);
Result<std::optional<ApiTokenRecord>> FindApiTokenOn(Connection& conn, std::string_view digest);

}  // namespace klaxon::store::sqlite
