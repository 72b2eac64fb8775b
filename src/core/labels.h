#pragma once
// Label sets: the identity of an alert. Kept as a vector sorted by name, unique
// names, which is compact (no per-node allocation) and gives a canonical order
// for fingerprints and for stable JSON output.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace klaxon {

class LabelSet {
 public:
  using Pair = std::pair<std::string, std::string>;

  LabelSet() = default;
  // Sorts; a later duplicate name overwrites an earlier one.
  LabelSet(std::initializer_list<Pair> pairs);
  static LabelSet FromPairs(std::vector<Pair> pairs);

  // Inserts or overwrites.
  void Set(std::string name, std::string value);
  // nullopt when absent.
  std::optional<std::string_view> Get(std::string_view name) const;
  // "" when absent (Prometheus semantics: a missing label equals the empty string).
  std::string_view GetOr(std::string_view name, std::string_view fallback = {}) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  void Erase(std::string_view name);

  const std::vector<Pair>& pairs() const { return pairs_; }
  size_t size() const { return pairs_.size(); }
  bool empty() const { return pairs_.empty(); }
  auto begin() const { return pairs_.begin(); }
  auto end() const { return pairs_.end(); }

  bool operator==(const LabelSet&) const = default;

  // {alertname="X", service="api"} as Prometheus prints label sets.
  std::string ToString() const;

 private:
  std::vector<Pair> pairs_;  // sorted by name, names unique
};

// 64-bit FNV-1a over name 0xff value 0xff ..., in name order (the same scheme
// Alertmanager uses, so fingerprints are stable across restarts and builds).
struct Fingerprint {
  uint64_t value = 0;
  bool operator==(const Fingerprint&) const = default;
  std::string ToHex() const;  // 16 lowercase hex digits
  static std::optional<Fingerprint> FromHex(std::string_view hex);
};

Fingerprint FingerprintOf(const LabelSet& labels);
// Fingerprint of an arbitrary ordered list of strings (used for keys that are
// not label sets, e.g. a PagerDuty integration plus dedup_key).
Fingerprint FingerprintOfParts(std::initializer_list<std::string_view> parts);

// Label names follow Prometheus: [a-zA-Z_][a-zA-Z0-9_]*.
bool IsValidLabelName(std::string_view name);

}  // namespace klaxon
