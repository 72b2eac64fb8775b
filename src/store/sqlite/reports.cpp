#include "store/sqlite/reports.h"

#include <fmt/format.h>

#include "store/sqlite/rows.h"

namespace klaxon::store::sqlite {
namespace {

Result<report::IncidentFacts> ReadFacts(const Statement& s) {
  report::IncidentFacts f;
  f.id = s.Int(0);
  f.severity = s.Text(1);
  f.runbook_id = s.Text(2);
  auto status = incident::ParseStatus(s.Text(3));
  if (!status) {
    return Fail(ErrorCode::kInternal, fmt::format("incident {} has an unknown status", f.id));
  }
  f.status = *status;
  f.opened_at = s.TimeAt(4);
  f.resolved_at = s.OptionalTime(5);
  f.first_ack_at = s.OptionalTime(6);
  f.escalated = s.Int(7) != 0;
  f.notified_channels = StringsFromJson(s.Text(8));
  f.remediation_runs = static_cast<int>(s.Int(9));
  f.remediation_outcome = s.Text(10);
  return f;
}

}  // namespace

Result<std::vector<report::IncidentFacts>> ListResponseFactsOn(Connection& conn, Time since,
                                                               int limit) {
  if (limit <= 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("sqlite store: response_facts: limit must be positive, got {}", limit));
  }
  auto stmt = conn.Query("response_facts");
  if (!stmt) return Fail(stmt.error());
  stmt->BindTime(":since", since);
  stmt->BindInt(":limit", limit);
  return CollectRows(*stmt, &ReadFacts);
}

}  // namespace klaxon::store::sqlite
