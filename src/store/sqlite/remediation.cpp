#include "store/sqlite/remediation.h"

#include <fmt/format.h>

#include "store/sqlite/guard.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/unit_of_work.h"

namespace klaxon::store::sqlite {
namespace {

Result<RemediationRun> ReadRun(const Statement& s) {
  RemediationRun r;
  r.id = s.Int(0);
  r.incident_id = s.Int(1);
  r.runbook_id = s.Text(2);
  r.target_key = s.Text(3);
  r.active = s.Int(4) != 0;
  r.started_at = s.TimeAt(5);
  r.finished_at = s.OptionalTime(6);
  r.outcome = s.Text(7);
  r.progress = s.Text(8);
  return r;
}

Result<RemediationStepRecord> ReadStep(const Statement& s) {
  RemediationStepRecord r;
  r.id = s.Int(0);
  r.run_id = s.Int(1);
  r.incident_id = s.Int(2);
  r.step = static_cast<int>(s.Int(3));
  r.kind = s.Text(4);
  r.name = s.Text(5);
  r.actor = s.Text(6);
  r.via = s.Text(7);
  r.command = s.Text(8);
  r.state = s.Text(9);
  r.started_at = s.TimeAt(10);
  r.finished_at = s.OptionalTime(11);
  r.result = s.Text(12);
  return r;
}

}  // namespace

Status SqliteUnitOfWork::InsertRemediationRun(RemediationRun& run) {
  auto r = Guard("insert_remediation_run", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("insert_remediation_run");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":incident_id", run.incident_id);
    stmt->BindText(":runbook_id", run.runbook_id);
    stmt->BindText(":target_key", run.target_key);
    stmt->BindInt(":active", run.active ? 1 : 0);
    stmt->BindTime(":started_at", run.started_at);
    stmt->BindOptionalTime(":finished_at", run.finished_at);
    stmt->BindText(":outcome", run.outcome);
    stmt->BindText(":progress", run.progress);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    run.id = stmt->Int(0);
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::UpdateRemediationRun(const RemediationRun& run) {
  auto r = Guard("update_remediation_run", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("update_remediation_run");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", run.id);
    stmt->BindInt(":active", run.active ? 1 : 0);
    stmt->BindOptionalTime(":finished_at", run.finished_at);
    stmt->BindText(":outcome", run.outcome);
    stmt->BindText(":progress", run.progress);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(ErrorCode::kNotFound, fmt::format("remediation run {} does not exist", run.id));
    }
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::optional<RemediationRun>> SqliteUnitOfWork::GetRemediationRun(int64_t id) {
  auto r = Guard("get_remediation_run", [&]() -> Result<std::optional<RemediationRun>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("get_remediation_run");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", id);
    return OptionalRow(*stmt, &ReadRun);
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::optional<RemediationRun>> SqliteUnitOfWork::ActiveRemediationRun(
    std::string_view target_key) {
  auto r = Guard("active_remediation_run", [&]() -> Result<std::optional<RemediationRun>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("active_remediation_run");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":target_key", target_key);
    return OptionalRow(*stmt, &ReadRun);
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::optional<RemediationRun>> SqliteUnitOfWork::ActiveRemediationRunOf(
    int64_t incident_id) {
  auto r = Guard("incident_active_remediation_run",
                 [&]() -> Result<std::optional<RemediationRun>> {
                   if (auto st = Usable(); !st) return Fail(st.error());
                   auto stmt = writer_.Query("incident_active_remediation_run");
                   if (!stmt) return Fail(stmt.error());
                   stmt->BindInt(":incident_id", incident_id);
                   return OptionalRow(*stmt, &ReadRun);
                 });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<int64_t> SqliteUnitOfWork::CountRemediationRuns(std::string_view runbook_id, Time since) {
  auto r = Guard("count_remediation_runs", [&]() -> Result<int64_t> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("count_remediation_runs");
    if (!stmt) return Fail(stmt.error());
    stmt->BindText(":runbook_id", runbook_id);
    stmt->BindTime(":since", since);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    return *row ? stmt->Int(0) : 0;
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::InsertRemediationStep(RemediationStepRecord& step) {
  auto r = Guard("insert_remediation_step", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("insert_remediation_step");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":run_id", step.run_id);
    stmt->BindInt(":incident_id", step.incident_id);
    stmt->BindInt(":step", step.step);
    stmt->BindText(":kind", step.kind);
    stmt->BindText(":name", step.name);
    stmt->BindText(":actor", step.actor);
    stmt->BindText(":via", step.via);
    stmt->BindText(":command", step.command);
    stmt->BindText(":state", step.state);
    stmt->BindTime(":started_at", step.started_at);
    stmt->BindOptionalTime(":finished_at", step.finished_at);
    stmt->BindText(":result", step.result);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    step.id = stmt->Int(0);
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Status SqliteUnitOfWork::FinishRemediationStep(const RemediationStepRecord& step) {
  auto r = Guard("finish_remediation_step", [&]() -> Status {
    if (auto st = Usable(); !st) return st;
    auto stmt = writer_.Query("finish_remediation_step");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", step.id);
    stmt->BindText(":state", step.state);
    stmt->BindOptionalTime(":finished_at", step.finished_at);
    stmt->BindText(":result", step.result);
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("remediation step {} is not running any more", step.id));
    }
    return {};
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::optional<RemediationStepRecord>> SqliteUnitOfWork::GetRemediationStep(int64_t id) {
  auto r = Guard("get_remediation_step", [&]() -> Result<std::optional<RemediationStepRecord>> {
    if (auto st = Usable(); !st) return Fail(st.error());
    auto stmt = writer_.Query("get_remediation_step");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":id", id);
    return OptionalRow(*stmt, &ReadStep);
  });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::vector<RemediationStepRecord>> SqliteUnitOfWork::UnfinishedRemediationSteps() {
  auto r = Guard("unfinished_remediation_steps",
                 [&]() -> Result<std::vector<RemediationStepRecord>> {
                   if (auto st = Usable(); !st) return Fail(st.error());
                   auto stmt = writer_.Query("unfinished_remediation_steps");
                   if (!stmt) return Fail(stmt.error());
                   return CollectRows(*stmt, &ReadStep);
                 });
  if (!r) NoteFailure(r.error());
  return r;
}

Result<std::vector<RemediationRun>> ListRemediationRunsOn(Connection& conn, int64_t incident_id) {
  auto stmt = conn.Query("incident_remediation_runs");
  if (!stmt) return Fail(stmt.error());
  stmt->BindInt(":incident_id", incident_id);
  return CollectRows(*stmt, &ReadRun);
}

Result<std::vector<RemediationStepRecord>> ListRemediationStepsOn(Connection& conn,
                                                                 int64_t incident_id) {
  auto stmt = conn.Query("incident_remediation_steps");
  if (!stmt) return Fail(stmt.error());
  stmt->BindInt(":incident_id", incident_id);
  return CollectRows(*stmt, &ReadStep);
}

}  // namespace klaxon::store::sqlite
