#include <algorithm>

#include <fmt/format.h>

#include "config/nearest.h"
#include "config/reader.h"

namespace klaxon::config {

MapReader::MapReader(Reader& reader, const Ref& map, std::string what,
                     std::vector<std::string> allowed)
    : reader_(reader), what_(std::move(what)), origin_(map.origin) {
  if (map.node.IsNull()) {
    ok_ = true;
    return;
  }
  if (!map.node.IsMap()) {
    reader_.Error(origin_, fmt::format("expected a map, got {}", KindOf(map.node)));
    return;
  }
  ok_ = true;
  for (auto it = map.node.begin(); it != map.node.end(); ++it) {
    // The iterator yields a temporary pair; keep handles (they share the tree).
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    Origin key_origin = reader_.OriginOf(key);
    if (key_origin.line == 0) key_origin = origin_;
    if (!key.IsScalar()) {
      reader_.Error(key_origin, fmt::format("keys in {} must be strings, got {}", what_,
                                            KindOf(key)));
      continue;
    }
    std::string name = key.Scalar();
    auto same = std::find_if(entries_.begin(), entries_.end(),
                             [&](const Entry& e) { return e.key == name; });
    if (same != entries_.end()) {
      reader_.Error(key_origin, fmt::format("duplicate key {} in {} (first at line {}, column {})",
                                            Quote(name), what_, same->key_origin.line,
                                            same->key_origin.column));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string message = fmt::format("unknown key {} in {}", Quote(name), what_);
      reader_.Error(key_origin, message + DidYouMean(name, allowed) + " (allowed: " +
                                    JoinNames(allowed, 64) + ")");
      continue;
    }
    Origin value_origin = value.IsNull() ? key_origin : reader_.OriginOf(value);
    if (value_origin.line == 0) value_origin = key_origin;
    entries_.push_back(Entry{std::move(name), key_origin, Ref{value, value_origin}});
  }
}

const Ref* MapReader::Find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

const Ref* MapReader::Get(std::string_view key, Need need) {
  const Ref* ref = Find(key);
  if (!ref && need == Need::kRequired && ok_) {
    reader_.Error(origin_, fmt::format("{} is missing required key {}", what_, Quote(key)));
  }
  return ref;
}

std::optional<Text> MapReader::String(std::string_view key, Need need) {
  const Ref* ref = Get(key, need);
  if (!ref) return std::nullopt;
  auto text = reader_.String(*ref);
  if (text && need == Need::kRequired && text->value.empty()) {
    reader_.Error(ref->origin, fmt::format("{} must not be empty", Quote(key)));
    return std::nullopt;
  }
  return text;
}

std::optional<Text> MapReader::Id(std::string_view key, Need need) {
  const Ref* ref = Get(key, need);
  if (!ref) return std::nullopt;
  return reader_.Id(*ref);
}

bool MapReader::Read(std::string_view key, std::string& out, Need need) {
  auto text = String(key, need);
  if (!text) return false;
  out = std::move(text->value);
  return true;
}

bool MapReader::Read(std::string_view key, std::vector<std::string>& out, Need need) {
  const Ref* ref = Get(key, need);
  if (!ref) return false;
  auto texts = reader_.Strings(*ref);
  if (!texts) return false;
  out.clear();
  for (auto& t : *texts) out.push_back(std::move(t.value));
  return true;
}

bool MapReader::ReadDuration(std::string_view key, Duration& out, bool allow_zero, Need need) {
  const Ref* ref = Get(key, need);
  if (!ref) return false;
  auto d = reader_.DurationOf(*ref, allow_zero);
  if (!d) return false;
  out = *d;
  return true;
}

bool MapReader::ReadBool(std::string_view key, bool& out) {
  const Ref* ref = Get(key, Need::kOptional);
  if (!ref) return false;
  auto b = reader_.Bool(*ref);
  if (!b) return false;
  out = *b;
  return true;
}

bool MapReader::ReadInt(std::string_view key, int& out, int min, int max) {
  const Ref* ref = Get(key, Need::kOptional);
  if (!ref) return false;
  auto n = reader_.Integer(*ref, min, max);
  if (!n) return false;
  out = static_cast<int>(*n);
  return true;
}

}  // namespace klaxon::config
