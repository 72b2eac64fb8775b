#pragma once
// The alert-summary line each incident has open, across engine transactions.
//
// Within one transaction the incident writer folds an incident's alert lines
// into one summary line ("37 alerts firing: a, b, c (+34 more)"). Without
// memory across transactions a flood would still add one such line per
// batch: hundreds a second. AlertSummaries remembers, per incident, the
// summary line written last, and a later batch extends that line
// (UnitOfWork::UpdateTimelineText) instead of adding one, as long as
//   * it is still the incident's latest line (any other line closes it),
//   * it is of the same kind (alert_fired or alert_resolved), and
//   * it was last extended less than kWindow before.
// So a burst reads as one line per minute and kind on the timeline, while
// each alert keeps its own history on its record.
//
// Lines written outside the engine (the outbox sender's delivery lines) do
// not close a summary: a burst's line may keep counting past them.
//
// Engine thread only. After a transaction fails, Clear(): the lines it names
// may have been rolled back.

#include <cstdint>
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.h"

namespace klaxon::engine {

// The fingerprints a summary line lists in its data, kept as the JSON array's
// contents so that extending a line costs an append, not a re-serialisation.
// Fingerprints are hex (Fingerprint::ToHex): nothing to escape.
class FingerprintList {
 public:
  explicit FingerprintList(size_t cap = 0) : cap_(cap) {}
  void Add(std::string_view hex) {
    if (n_ >= cap_) return;
    if (n_++ > 0) json_ += ',';
    json_ += '"';
    json_ += hex;
    json_ += '"';
  }
  // Adds `other`'s entries, up to the cap.
  void Add(const FingerprintList& other) {
    if (n_ + other.n_ <= cap_) {  // all of it fits: one append
      if (n_ > 0 && other.n_ > 0) json_ += ',';
      json_ += other.json_;
      n_ += other.n_;
      return;
    }
    std::string_view rest = other.json_;  // "a","b",...
    for (size_t i = 0; i < other.n_ && n_ < cap_; ++i) {
      size_t end = rest.find('"', 1);
      Add(rest.substr(1, end - 1));
      rest.remove_prefix(std::min(rest.size(), end + 2));  // the closing quote and the comma
    }
  }
  bool full() const { return n_ >= cap_; }
  // The array's contents: "a","b",...
  const std::string& json() const { return json_; }

 private:
  size_t cap_;
  size_t n_ = 0;
  std::string json_;
};

struct OpenSummary {
  int64_t seq = 0;                        // the timeline line
  std::string kind;                       // alert_fired | alert_resolved
  Time last_at{};                         // when it was last written
  int64_t count = 0;                      // alerts it counts
  std::vector<std::string> alerts;        // named in its text, capped by the writer
  FingerprintList fingerprints;           // in its data
};

class AlertSummaries {
 public:
  static constexpr Duration kWindow = std::chrono::minutes(1);

  // The open summary of `incident_id` that a line of `kind` at `now` may
  // extend, or nullptr.
  OpenSummary* Find(int64_t incident_id, std::string_view kind, Time now) {
    auto it = open_.find(incident_id);
    if (it == open_.end() || it->second.kind != kind || now - it->second.last_at >= kWindow) {
      return nullptr;
    }
    return &it->second;
  }
  // `summary` is now the latest line of `incident_id`.
  void Open(int64_t incident_id, OpenSummary summary) {
    if (open_.size() >= prune_at_) {
      Prune(summary.last_at);
      // While more than kPruneAt incidents have lines younger than the
      // window (a flood opening many incidents), pruning again at the next
      // Open would find nothing to drop and scan every entry each time: wait
      // until the map has doubled, so pruning costs O(1) per Open.
      prune_at_ = std::max(kPruneAt, 2 * open_.size());
    }
    open_[incident_id] = std::move(summary);
  }
  // Another line was written for `incident_id`.
  void Close(int64_t incident_id) { open_.erase(incident_id); }
  void Clear() {
    open_.clear();
    prune_at_ = kPruneAt;
  }
  size_t size() const { return open_.size(); }

  static constexpr size_t kPruneAt = 4096;  // the least size at which Open prunes

 private:
  // Drops summaries no line could extend any more.
  void Prune(Time now) {
    std::erase_if(open_, [&](const auto& e) { return now - e.second.last_at >= kWindow; });
  }

  std::unordered_map<int64_t, OpenSummary> open_;
  size_t prune_at_ = kPruneAt;  // Open prunes when open_ reaches this size
};

}  // namespace klaxon::engine
