#include "core/labels.h"

#include <algorithm>

#include <fmt/format.h>

namespace klaxon {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

void Mix(uint64_t& h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= kFnvPrime;
  }
}
void MixSep(uint64_t& h) {
  h ^= 0xff;
  h *= kFnvPrime;
}

}  // namespace

LabelSet::LabelSet(std::initializer_list<Pair> pairs) {
  for (const auto& p : pairs) Set(p.first, p.second);
}

LabelSet LabelSet::FromPairs(std::vector<Pair> pairs) {
  auto less = [](const Pair& a, const Pair& b) { return a.first < b.first; };
  // Senders usually send names sorted (Go marshals maps in key order): then
  // this is one pass and no allocation. Sorting is stable, so among equal
  // names input order is kept and the last one wins below.
  if (!std::is_sorted(pairs.begin(), pairs.end(), less)) {
    if (pairs.size() <= 16) {
      for (size_t i = 1; i < pairs.size(); ++i) {
        for (size_t j = i; j > 0 && less(pairs[j], pairs[j - 1]); --j) std::swap(pairs[j], pairs[j - 1]);
      }
    } else {
      std::stable_sort(pairs.begin(), pairs.end(), less);
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (kept > 0 && pairs[kept - 1].first == pairs[i].first) {
      pairs[kept - 1].second = std::move(pairs[i].second);
    } else {
      if (kept != i) pairs[kept] = std::move(pairs[i]);
      ++kept;
    }
  }
  pairs.resize(kept);
  LabelSet out;
  out.pairs_ = std::move(pairs);
  return out;
}

void LabelSet::Set(std::string name, std::string value) {
  auto it = std::lower_bound(pairs_.begin(), pairs_.end(), name,
                             [](const Pair& p, const std::string& n) { return p.first < n; });
  if (it != pairs_.end() && it->first == name) {
    it->second = std::move(value);
  } else {
    pairs_.insert(it, Pair{std::move(name), std::move(value)});
  }
}

std::optional<std::string_view> LabelSet::Get(std::string_view name) const {
  auto it = std::lower_bound(pairs_.begin(), pairs_.end(), name,
                             [](const Pair& p, std::string_view n) { return p.first < n; });
  if (it != pairs_.end() && it->first == name) return std::string_view(it->second);
  return std::nullopt;
}

std::string_view LabelSet::GetOr(std::string_view name, std::string_view fallback) const {
  auto v = Get(name);
  return v ? *v : fallback;
}

void LabelSet::Erase(std::string_view name) {
  auto it = std::lower_bound(pairs_.begin(), pairs_.end(), name,
                             [](const Pair& p, std::string_view n) { return p.first < n; });
  if (it != pairs_.end() && it->first == name) pairs_.erase(it);
}

std::string LabelSet::ToString() const {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : pairs_) {
    if (!first) out += ", ";
    first = false;
    out += k;
    out += "=\"";
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  out += "}";
  return out;
}

std::string Fingerprint::ToHex() const {
  // By hand: this runs for every alert a timeline line lists.
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(16, '0');
  uint64_t v = value;
  for (int i = 15; i >= 0; --i, v >>= 4) hex[static_cast<size_t>(i)] = kDigits[v & 0xf];
  return hex;
}

std::optional<Fingerprint> Fingerprint::FromHex(std::string_view hex) {
  if (hex.empty() || hex.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : hex) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<uint64_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<uint64_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return Fingerprint{v};
}

Fingerprint FingerprintOf(const LabelSet& labels) {
  uint64_t h = kFnvOffset;
  for (const auto& [k, v] : labels) {
    Mix(h, k);
    MixSep(h);
    Mix(h, v);
    MixSep(h);
  }
  return Fingerprint{h};
}

Fingerprint FingerprintOfParts(std::initializer_list<std::string_view> parts) {
  uint64_t h = kFnvOffset;
  for (auto p : parts) {
    Mix(h, p);
    MixSep(h);
  }
  return Fingerprint{h};
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace klaxon
