#include "store/sqlite/legacy_alerts.h"

#include <memory>
#include <sqlite3.h>

#include <fmt/format.h>

#include "store/sqlite/label_json.h"
#include "store/sqlite/record_codec.h"

namespace klaxon::store::sqlite {
namespace {

// The 0001 columns, in the order read below.
constexpr const char* kSelect =
    "SELECT id, fingerprint, labels, annotations, firing, starts_at, ends_at, "
    "last_received_at, expires_at, incident_id, source, integration, generator_url, "
    "external_key FROM alerts ORDER BY id";
constexpr size_t kMaxRowBytes = size_t{1} << 20;

struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

std::string_view Column(sqlite3_stmt* s, int col) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(s, col)))
              : std::string_view();
}

std::optional<Time> OptionalTime(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return std::nullopt;
  return FromUnixMillis(sqlite3_column_int64(s, col));
}

class RowWriter {
 public:
  explicit RowWriter(Connection& conn) : conn_(conn) {}
  Status Add(std::string record) {
    if (!records_.empty() && bytes_ + RowRecordSize(record) > kMaxRowBytes) {
      if (auto st = Flush(); !st) return st;
    }
    bytes_ += RowRecordSize(record);
    records_.push_back(std::move(record));
    return {};
  }
  Status Flush() {
    if (records_.empty()) return {};
    std::string blob;
    BeginRow(records_.size(), blob);
    for (const auto& r : records_) AppendRowRecord(r, blob);
    auto stmt = conn_.Query("append_alert_log");
    if (!stmt) return Fail(stmt.error());
    stmt->BindIntAt(1, ++seq_);
    stmt->BindIntAt(2, static_cast<int64_t>(records_.size()));
    stmt->BindBlobAt(3, blob);
    if (auto st = stmt->Run(); !st) return st;
    records_.clear();
    bytes_ = 0;
    return {};
  }

 private:
  Connection& conn_;
  std::vector<std::string> records_;
  size_t bytes_ = 0;
  int64_t seq_ = 0;
};

}  // namespace

Status ConvertLegacyAlerts(Connection& conn) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(conn.handle(), kSelect, -1, &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, Finalize> stmt(raw);
  if (rc != SQLITE_OK) return Fail(conn.LastError(rc, "convert alerts"));
  RowWriter writer(conn);
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(raw, 0);
    AlertRecord a;
    a.fingerprint = Fingerprint{static_cast<uint64_t>(sqlite3_column_int64(raw, 1))};
    auto labels = LabelsFromJson(Column(raw, 2));
    auto annotations = LabelsFromJson(Column(raw, 3));
    if (!labels || !annotations) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: alerts row {}: labels or annotations are not a "
                              "JSON object of strings",
                              id));
    }
    a.labels = std::move(*labels);
    a.annotations = std::move(*annotations);
    a.firing = sqlite3_column_int64(raw, 4) != 0;
    a.starts_at = FromUnixMillis(sqlite3_column_int64(raw, 5));
    a.ends_at = OptionalTime(raw, 6);
    a.last_received_at = FromUnixMillis(sqlite3_column_int64(raw, 7));
    a.expires_at = OptionalTime(raw, 8);
    a.incident_id = sqlite3_column_int64(raw, 9);  // NULL reads as 0: none
    a.source = Column(raw, 10);
    a.integration = Column(raw, 11);
    a.generator_url = Column(raw, 12);
    a.external_key = Column(raw, 13);
    std::string record;
    EncodeRecord(a, record);
    if (auto st = writer.Add(std::move(record)); !st) return st;
  }
  if (rc != SQLITE_DONE) return Fail(conn.LastError(rc, "convert alerts"));
  return writer.Flush();
}

}  // namespace klaxon::store::sqlite
