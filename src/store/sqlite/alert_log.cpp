#include "store/sqlite/alert_log.h"

#include <algorithm>
#include <mutex>

#include <fmt/format.h>

#include "store/sqlite/record_codec.h"

namespace klaxon::store::sqlite {

const std::string* PendingAlerts::Find(Fingerprint fp) const {
  if (records_.empty()) return nullptr;
  int64_t n = table_.Find(fp.value);
  return n == 0 ? nullptr : &records_[static_cast<size_t>(n - 1)];
}

void PendingAlerts::Put(const AlertRecord& alert) {
  scratch_.clear();
  EncodeRecord(alert, scratch_);
  int64_t n = records_.empty() ? 0 : table_.Find(alert.fingerprint.value);
  if (n != 0) {
    records_[static_cast<size_t>(n - 1)] = std::string(scratch_);
    return;
  }
  records_.emplace_back(scratch_);
  table_.Insert(alert.fingerprint.value, static_cast<int64_t>(records_.size()));
}

void PendingAlerts::Clear() {
  if (records_.empty()) return;
  records_.clear();
  table_.Clear();
}

void AlertLog::Plan::Clear() {
  pending_seq.clear();
  moved.clear();
  appended.clear();
  deleted.clear();
  last_seq = 0;
  compacted = 0;
}

Status AlertLog::Load(Connection& conn) {
  auto stmt = conn.Query("alert_log_after");
  if (!stmt) return Fail(stmt.error());
  stmt->BindInt(":after_seq", last_seq_);
  bool whole = rows_.empty() && index_.size() == 0;
  std::unique_lock lock(mu_);
  if (whole) index_.BeginDeferred();
  while (true) {
    auto step = stmt->Step();
    if (!step) return Fail(step.error());
    if (!*step) break;
    int64_t seq = stmt->Int(0);
    LogRowReader reader(seq, stmt->BlobView(2));
    auto count = reader.Begin();
    if (!count) return Fail(count.error());
    if (static_cast<int64_t>(*count) != stmt->Int(1)) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("sqlite store: alert log row {} is damaged: it holds {} records, "
                              "its count column says {}",
                              seq, *count, stmt->Int(1)));
    }
    rows_[seq] = Row{*count, *count};
    total_records_ += *count;
    for (size_t i = 0; i < *count; ++i) {
      auto record = reader.Next();
      if (!record) return Fail(record.error());
      int64_t prev = index_.Put(std::string(*record), seq);
      if (auto it = rows_.find(prev); prev != 0 && it != rows_.end()) --it->second.live;
    }
    if (auto st = reader.End(); !st) return st;
    last_seq_ = std::max(last_seq_, seq);
  }
  if (options_.order_indexes) index_.EndDeferred();
  return {};
}

Status AlertLog::CatchUp(Connection& conn) {
  if (!uncertain_) return {};
  int64_t newest = 0;
  {
    auto stmt = conn.Query("max_alert_log_seq");
    if (!stmt) return Fail(stmt.error());
    auto step = stmt->Step();
    if (!step) return Fail(step.error());
    if (*step) newest = stmt->Int(0);
  }
  if (newest > last_seq_) {
    if (auto st = Load(conn); !st) return st;
  }
  uncertain_ = false;
  return {};
}

bool AlertLog::CompactionDue() const {
  size_t dead = total_records_ - std::min(total_records_, index_.size());
  return dead > options_.compact_min_dead && dead * 2 > total_records_;
}

Status AlertLog::PlanCompaction(Connection& conn, std::vector<std::string_view>& carried) {
  size_t budget = std::max(options_.compact_records_per_commit, 2 * pending_.size());
  size_t read = 0;
  for (auto it = rows_.begin(); it != rows_.end() && read < budget; ++it) {
    auto [seq, row] = *it;
    plan_.deleted.push_back(seq);
    read += row.total;
    if (row.live == 0) continue;  // nothing to carry over: just delete it
    auto stmt = conn.Query("alert_log_row");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":seq", seq);
    auto step = stmt->Step();
    if (!step) return Fail(step.error());
    if (!*step) continue;  // already gone (a commit that reported failure landed)
    // Validated when it was loaded or written; only its framing is re-checked.
    LogRowReader reader(seq, stmt->BlobView(0), /*validate=*/false);
    auto count = reader.Begin();
    if (!count) return Fail(count.error());
    for (size_t i = 0; i < *count; ++i) {
      auto record = reader.Next();
      if (!record) return Fail(record.error());
      Fingerprint fp = PeekRecord(*record).fingerprint;
      const AlertIndex::Slot* slot = index_.Find(fp);
      if (slot == nullptr || slot->seq != seq || pending_.Find(fp) != nullptr) continue;
      plan_.moved.emplace_back(fp, 0);
      carried.push_back(slot->record);  // stable until Apply()
    }
  }
  plan_.compacted = read;
  return {};
}

Status AlertLog::AppendRows(Connection& conn, const std::vector<std::string_view>& records) {
  int64_t seq = last_seq_;
  size_t begin = 0;
  while (begin < records.size()) {
    // As many records as fit in max_row_bytes, at least one.
    size_t end = begin;
    size_t bytes = 0;
    while (end < records.size()) {
      size_t more = RowRecordSize(records[end]);
      if (end > begin && bytes + more > options_.max_row_bytes) break;
      bytes += more;
      ++end;
    }
    ++seq;
    blob_.clear();
    blob_.reserve(bytes + 16);
    BeginRow(end - begin, blob_);
    for (size_t i = begin; i < end; ++i) {
      AppendRowRecord(records[i], blob_);
      if (i < plan_.pending_seq.size()) {
        plan_.pending_seq[i] = seq;
      } else {
        plan_.moved[i - plan_.pending_seq.size()].second = seq;
      }
    }
    auto stmt = conn.Query("append_alert_log");
    if (!stmt) return Fail(stmt.error());
    stmt->BindIntAt(1, seq);
    stmt->BindIntAt(2, static_cast<int64_t>(end - begin));
    stmt->BindBlobAt(3, blob_);
    if (auto st = stmt->Run(); !st) return st;
    plan_.appended.emplace_back(seq, end - begin);
    begin = end;
  }
  plan_.last_seq = seq;
  return {};
}

Status AlertLog::Write(Connection& conn) {
  plan_.Clear();
  plan_.last_seq = last_seq_;
  bool compact = CompactionDue();
  if (pending_.size() == 0 && !compact) return {};
  std::vector<std::string_view>& records = write_records_;
  records.clear();
  for (const std::string& r : pending_.records()) records.push_back(r);
  plan_.pending_seq.resize(pending_.size());
  if (compact) {
    if (auto st = PlanCompaction(conn, records); !st) return st;
  }
  if (auto st = AppendRows(conn, records); !st) return st;
  for (int64_t seq : plan_.deleted) {
    auto stmt = conn.Query("delete_alert_log_row");
    if (!stmt) return Fail(stmt.error());
    stmt->BindInt(":seq", seq);
    if (auto st = stmt->Run(); !st) return st;
  }
  return {};
}

void AlertLog::Apply() {
  for (int64_t seq : plan_.deleted) {
    auto it = rows_.find(seq);
    if (it == rows_.end()) continue;
    total_records_ -= it->second.total;
    rows_.erase(it);
  }
  for (auto [seq, count] : plan_.appended) {
    rows_[seq] = Row{count, count};
    total_records_ += count;
  }
  {
    std::unique_lock lock(mu_);
    for (auto [fp, seq] : plan_.moved) index_.Move(fp, seq);
    auto& records = pending_.records();
    // Each Put looks its fingerprint up in a table far larger than the
    // caches; asking for the slot a few records ahead hides that wait.
    constexpr size_t kAhead = 8;
    for (size_t i = 0; i < records.size() && i < kAhead; ++i) {
      index_.Prefetch(PeekRecord(records[i]).fingerprint);
    }
    for (size_t i = 0; i < records.size(); ++i) {
      if (i + kAhead < records.size()) index_.Prefetch(PeekRecord(records[i + kAhead]).fingerprint);
      int64_t prev = index_.Put(std::move(records[i]), plan_.pending_seq[i]);
      if (auto it = rows_.find(prev); prev != 0 && it != rows_.end()) --it->second.live;
    }
  }
  last_seq_ = plan_.last_seq;
  last_compacted_ = plan_.compacted;
  pending_.Clear();
  plan_.Clear();
  write_records_.clear();
}

void AlertLog::Drop() {
  pending_.Clear();
  plan_.Clear();
  write_records_.clear();
}

AlertLog::Stats AlertLog::stats() const {
  return Stats{.rows = rows_.size(),
               .records = total_records_,
               .live = index_.size(),
               .last_compacted = last_compacted_};
}

std::vector<std::string> AlertLog::IncidentRecords(int64_t incident_id, size_t limit) const {
  std::vector<std::string> out;
  std::shared_lock lock(mu_);
  index_.IncidentRecords(incident_id, limit, out);
  return out;
}

std::optional<int64_t> AlertLog::NextExpiry() const {
  std::shared_lock lock(mu_);
  return index_.NextExpiry();
}

AlertLog::Counts AlertLog::counts() const {
  std::shared_lock lock(mu_);
  return Counts{static_cast<int64_t>(index_.size()), static_cast<int64_t>(index_.firing())};
}

}  // namespace klaxon::store::sqlite
