#include "store/sqlite/api_tokens.h"

#include <fmt/format.h>

#include "store/sqlite/guard.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/unit_of_work.h"

namespace klaxon::store::sqlite {
namespace {

Result<ApiTokenRecord> ReadToken(const Statement& s) {
  ApiTokenRecord t;
  t.name = s.Text(0);
  t.digest = s.Text(1);
  t.role = s.Text(2);
  t.person = s.Text(3);
  t.created_at = s.TimeAt(4);
  t.created_by = s.Text(5);
  t.expires_at = s.OptionalTime(6);
  t.revoked_at = s.OptionalTime(7);
  t.revoked_by = s.Text(8);
  return t;
}

}  // namespace

Status SqliteUnitOfWork::InsertApiToken(const ApiTokenRecord& token) {
  auto r = Guard("insert_api_token", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("insert_api_token");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":name", token.name);
    stmt->BindText(":digest", token.digest);
    stmt->BindText(":role", token.role);
    stmt->BindText(":person", token.person);
    stmt->BindTime(":created_at", token.created_at);
    stmt->BindText(":created_by", token.created_by);
    stmt->BindOptionalTime(":expires_at", token.expires_at);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("a token named \"{}\" exists; revoke it first", token.name));
    }
    return {};
  });
  // A taken name leaves the unit of work usable: nothing was written.
  if (!r && r.error().code != ErrorCode::kConflict) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::RevokeApiToken(std::string_view name, std::string_view by, Time at) {
  auto r = Guard("revoke_api_token", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("revoke_api_token");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":name", name);
    stmt->BindText(":by", by);
    stmt->BindTime(":at", at);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("no live token named \"{}\"", name));
    return {};
  });
  if (!r && r.error().code != ErrorCode::kNotFound) NoteFailure(r.error());
  return r;
}

Result<std::vector<ApiTokenRecord>> ListApiTokensOn(Connection& conn) {
  auto stmt = conn.Query("list_api_tokens");
  if (!stmt) return Fail(stmt.error());
  return CollectRows(*stmt, &ReadToken);
}

Result<std::optional<ApiTokenRecord>> FindApiTokenOn(Connection& conn, std::string_view digest) {
  auto stmt = conn.Query("find_api_token");
  if (!stmt) return Fail(stmt.error());
  stmt->BindText(":digest", digest);
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<ApiTokenRecord>();
  auto t = ReadToken(*stmt);
  if (!t) return Fail(t.error());
  return std::optional<ApiTokenRecord>(std::move(*t));
}

}  // namespace klaxon::store::sqlite
