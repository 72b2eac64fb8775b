#pragma once
// Private to the config module: typed reads from yaml-cpp nodes. Every read
// either yields a value or reports a positioned problem into Diagnostics and
// yields nothing; nothing here throws on bad input. Env expansion happens on
// every scalar read, so values may hold secrets: messages use Describe().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.h"
#include "config/diagnostics.h"
#include "config/loader.h"
#include "core/time.h"

namespace klaxon::config {

// A node and the position to report for it: its own, or its key's when the
// value is empty (yaml-cpp places an empty value at the next token).
struct Ref {
  YAML::Node node;
  Origin origin;
};

// A scalar after ${VAR} expansion.
struct Text {
  std::string value;
  Origin origin;
  std::vector<std::string> env_vars;  // non-empty: the value may be a secret
};

// For messages, written as "<noun> <Describe>": "\"value\"" (escaped,
// shortened) for text written in the file, or "from ${VAR}" when it came
// from the environment, so a secret is never shown.
std::string Describe(const Text& text);
// "\"word\"" with escaping; for keys and other file text.
std::string Quote(std::string_view word);
// "a list", "a map", "a string", "a number", "a bool", "an empty value".
std::string KindOf(const YAML::Node& node);

class Reader {
 public:
  // `file` names the document in messages; `diagnostics` and `env` must
  // outlive the reader.
  Reader(std::string file, Diagnostics& diagnostics, const EnvLookup& env);

  const std::string& file() const { return file_; }
  Origin OriginOf(const YAML::Node& node) const;
  void Error(const Origin& at, std::string message);

  std::optional<Text> String(const Ref& ref);
  // A string that is also a valid identifier ([A-Za-z0-9_.-]+, at most 64).
  std::optional<Text> Id(const Ref& ref);
  // One of `choices`; otherwise "unknown <what> ..." with a suggestion.
  std::optional<Text> Choice(const Ref& ref, std::string_view what,
                             const std::vector<std::string>& choices);
  std::optional<std::vector<Text>> Strings(const Ref& ref);
  // Prometheus label names, e.g. for group_by.
  std::optional<std::vector<std::string>> LabelNames(const Ref& ref);
  std::optional<Duration> DurationOf(const Ref& ref, bool allow_zero);
  // Bytes, or a number with B, KB, KiB, MB, MiB, GB or GiB; greater than 0.
  std::optional<uint64_t> Size(const Ref& ref);
  std::optional<int64_t> Integer(const Ref& ref, int64_t min, int64_t max);
  std::optional<bool> Bool(const Ref& ref);
  // The elements of a list; an empty value is an empty list.
  std::optional<std::vector<Ref>> Items(const Ref& ref);

 private:
  std::string file_;
  Diagnostics& diagnostics_;
  const EnvLookup& env_;
};

struct Entry {
  std::string key;
  Origin key_origin;
  Ref value;
};

enum class Need { kOptional, kRequired };

// A map with a fixed set of allowed keys. Construction reports a value that
// is not a map, keys that are not strings, duplicate keys and unknown keys
// (listing the allowed ones and suggesting the nearest). An empty value is an
// empty map. The Read* helpers store into `out` only when the key is present
// and its value is valid, and return whether they did; a missing required key
// is reported at the map's position, and a required string may not be empty.
class MapReader {
 public:
  MapReader(Reader& reader, const Ref& map, std::string what, std::vector<std::string> allowed);

  bool ok() const { return ok_; }
  const Origin& origin() const { return origin_; }
  const std::vector<Entry>& entries() const { return entries_; }

  // The value of `key`, or null when absent. Find never reports; Get reports
  // an absent required key. Pointers stay valid while the MapReader lives.
  const Ref* Find(std::string_view key) const;
  const Ref* Get(std::string_view key, Need need);

  std::optional<Text> String(std::string_view key, Need need = Need::kOptional);
  std::optional<Text> Id(std::string_view key, Need need = Need::kOptional);
  bool Read(std::string_view key, std::string& out, Need need = Need::kOptional);
  bool Read(std::string_view key, std::vector<std::string>& out, Need need = Need::kOptional);
  bool ReadDuration(std::string_view key, Duration& out, bool allow_zero,
                    Need need = Need::kOptional);
  bool ReadBool(std::string_view key, bool& out);
  bool ReadInt(std::string_view key, int& out, int min, int max);

 private:
  Reader& reader_;
  std::string what_;
  Origin origin_;
  bool ok_ = false;
  std::vector<Entry> entries_;
};

}  // namespace klaxon::config
