#include "store/sqlite/postmortems.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "store/sqlite/guard.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/unit_of_work.h"

namespace klaxon::store::sqlite {
namespace {

namespace json = boost::json;

Result<postmortem::Record> ReadRecord(const Statement& s) {
  postmortem::Record r;
  r.incident_id = s.Int(0);
  auto state = postmortem::ParseState(s.Text(1));
  if (!state) {
    return Fail(ErrorCode::kInternal,
                fmt::format("post-mortem of incident {} has an unknown state", r.incident_id));
  }
  r.state = *state;
  r.reasons = StringsFromJson(s.Text(2));
  r.decided_at = s.TimeAt(3);
  r.due = s.OptionalTime(4);
  r.overdue = s.Int(5) != 0;
  r.written_at = s.OptionalTime(6);
  r.written_by = s.Text(7);
  r.url = s.Text(8);
  return r;
}

Result<postmortem::ActionItem> ReadItem(const Statement& s) {
  postmortem::ActionItem a;
  a.id = s.Int(0);
  a.incident_id = s.Int(1);
  a.action = s.Text(2);
  a.owner = s.Text(3);
  a.due = s.OptionalTime(4);
  a.status = postmortem::ParseItemStatus(s.Text(5)).value_or(postmortem::ItemStatus::kOpen);
  a.reminded_at = s.OptionalTime(6);
  a.created_at = s.TimeAt(7);
  a.created_by = s.Text(8);
  return a;
}

void BindItem(Statement& stmt, const postmortem::ActionItem& item) {
  stmt.BindText(":action", item.action);
  stmt.BindText(":owner", item.owner);
  stmt.BindOptionalTime(":due_at", item.due);
  stmt.BindText(":status", postmortem::ToString(item.status));
  stmt.BindOptionalTime(":reminded_at", item.reminded_at);
}

}  // namespace

Status SqliteUnitOfWork::PutPostmortem(const postmortem::Record& rec) {
  auto r = Guard("put_postmortem", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("put_postmortem");
    if (!stmt) return Fail(stmt.error());
    const std::string reasons = StringsToJson(rec.reasons);  // outlives the statement's step
    stmt->BindInt(":incident_id", rec.incident_id);
    stmt->BindText(":state", postmortem::ToString(rec.state));
    stmt->BindText(":reasons", reasons);
    stmt->BindTime(":decided_at", rec.decided_at);
    stmt->BindOptionalTime(":due_at", rec.due);
    stmt->BindInt(":overdue", rec.overdue ? 1 : 0);
    stmt->BindOptionalTime(":written_at", rec.written_at);
    stmt->BindText(":written_by", rec.written_by);
    stmt->BindText(":url", rec.url);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::optional<postmortem::Record>> SqliteUnitOfWork::GetPostmortem(int64_t incident_id) {
  auto r = Guard("get_postmortem", [&]() -> Result<std::optional<postmortem::Record>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("get_postmortem");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":incident_id", incident_id);
    return OptionalRow(*stmt, &ReadRecord);
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::InsertActionItem(postmortem::ActionItem& item) {
  auto r = Guard("insert_action_item", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("insert_action_item");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":incident_id", item.incident_id);
    BindItem(*stmt, item);
    stmt->BindTime(":created_at", item.created_at);
    stmt->BindText(":created_by", item.created_by);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    item.id = stmt->Int(0);
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::UpdateActionItem(const postmortem::ActionItem& item) {
  auto r = Guard("update_action_item", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("update_action_item");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", item.id);
    BindItem(*stmt, item);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("action item {} does not exist", item.id));
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::optional<postmortem::ActionItem>> SqliteUnitOfWork::GetActionItem(int64_t id) {
  auto r = Guard("get_action_item", [&]() -> Result<std::optional<postmortem::ActionItem>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("get_action_item");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", id);
    return OptionalRow(*stmt, &ReadItem);
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::optional<postmortem::Record>> GetPostmortemOn(Connection& conn, int64_t incident_id) {
  auto stmt = conn.Query("get_postmortem");
  if (!stmt) return Fail(stmt.error());
  stmt->BindInt(":incident_id", incident_id);
  return OptionalRow(*stmt, &ReadRecord);
}

Result<std::vector<postmortem::ActionItem>> ListActionItemsOn(Connection& conn, int64_t incident_id) {
  auto stmt = conn.Query("incident_action_items");
  if (!stmt) return Fail(stmt.error());
  stmt->BindInt(":incident_id", incident_id);
  return CollectRows(*stmt, &ReadItem);
}

Result<int64_t> CountOverduePostmortemsOn(Connection& conn) {
  auto stmt = conn.Query("count_overdue_postmortems");
  if (!stmt) return Fail(stmt.error());
  auto row = stmt->Step();
  if (!row) return Fail(row.error());
  return *row ? stmt->Int(0) : 0;
}

}  // namespace klaxon::store::sqlite
