#pragma once
// Domain values <-> statement parameters and result rows.
//
// Readers take columns by position, in the order each queries/*.sql file
// documents; CheckRowShapes() verifies at Open() that every row-returning
// query still selects exactly those columns, so a drift between SQL and C++
// fails at start-up rather than as garbled records.
//
// Bind* functions bind text without copying: the bound values, and the string
// buffers that receive encoded label sets, must outlive the statement's use.
// Read* failures name the row by id only, never by content.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "incident/incident.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

// Text BindIncident encodes: values are bound without copying, so `buffers`
// must outlive the statement's next Step().
struct IncidentBuffers {
  std::string group_labels;
  std::string escalation;
};
// Binds every column but id and version (the queries decide those).
void BindIncident(Statement& stmt, const incident::Incident& incident, IncidentBuffers& buffers);
Result<incident::Incident> ReadIncident(const Statement& stmt);

void BindTimelineEntry(Statement& stmt, const incident::TimelineEntry& entry);
Result<incident::TimelineEntry> ReadTimelineEntry(const Statement& stmt);

void BindTimer(Statement& stmt, const Timer& timer);
Result<Timer> ReadTimer(const Statement& stmt);

// The strings of a JSON array column (["a","b"]); non-strings are skipped,
// and text that is not an array gives none.
std::vector<std::string> StringsFromJson(std::string_view text);
// The JSON array column StringsFromJson reads.
std::string StringsToJson(const std::vector<std::string>& strings);

// Steps `stmt` to the end, reading each row with `read` (one of the Read*
// functions above).
template <class T>
Result<std::vector<T>> CollectRows(Statement& stmt, Result<T> (*read)(const Statement&)) {
  std::vector<T> out;
  while (true) {
    auto row = stmt.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    auto value = read(stmt);
    if (!value) return Fail(value.error());
    out.push_back(std::move(*value));
  }
}

// Steps `stmt` once: the row read with `read`, or nullopt when there is none
// (for queries returning at most one row).
template <class T>
Result<std::optional<T>> OptionalRow(Statement& stmt, Result<T> (*read)(const Statement&)) {
  auto row = stmt.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<T>();
  auto value = read(stmt);
  if (!value) return Fail(value.error());
  return std::optional<T>(std::move(*value));
}

// Prepares every row-returning query on `conn` and checks its column names.
Status CheckRowShapes(Connection& conn);

}  // namespace klaxon::store::sqlite
