#include "config/reader.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "config/env.h"
#include "config/nearest.h"
#include "core/labels.h"

namespace klaxon::config {
namespace {

bool IsPlain(const YAML::Node& node) { return node.Tag() == "?"; }

bool IsBoolWord(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" ||
         s == "FALSE";
}

bool IsNumberWord(std::string_view s) {
  if (s.empty()) return false;
  if (s.front() == '+' || s.front() == '-') s.remove_prefix(1);
  double d = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  return ec == std::errc() && p == s.data() + s.size();
}

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

}  // namespace

std::string Quote(std::string_view word) {
  constexpr size_t kMax = 60;
  std::string out = "\"";
  for (size_t i = 0; i < word.size(); ++i) {
    if (i == kMax) {
      out += "...";
      break;
    }
    char c = word[i];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string Describe(const Text& text) {
  if (text.env_vars.empty()) return Quote(text.value);
  std::string names;
  for (size_t i = 0; i < text.env_vars.size(); ++i) {
    if (i > 0) names += i + 1 == text.env_vars.size() ? " and " : ", ";
    names += "${" + text.env_vars[i] + "}";
  }
  return "from " + names;
}

std::string KindOf(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "an empty value";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar:
      if (IsPlain(node) && IsBoolWord(node.Scalar())) return "a bool";
      if (IsPlain(node) && IsNumberWord(node.Scalar())) return "a number";
      return "a string";
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

Reader::Reader(std::string file, Diagnostics& diagnostics, const EnvLookup& env)
    : file_(std::move(file)), diagnostics_(diagnostics), env_(env) {}

Origin Reader::OriginOf(const YAML::Node& node) const {
  YAML::Mark m = node.Mark();
  if (m.is_null() || m.line < 0) return Origin{file_, 0, 0};
  return Origin{file_, m.line + 1, m.column + 1};
}

void Reader::Error(const Origin& at, std::string message) {
  diagnostics_.Add(at, std::move(message));
}

std::optional<Text> Reader::String(const Ref& ref) {
  if (!ref.node.IsScalar()) {
    Error(ref.origin, "expected a string, got " + KindOf(ref.node));
    return std::nullopt;
  }
  Expansion e = ExpandEnv(ref.node.Scalar(), env_);
  for (auto& message : e.errors) Error(ref.origin, std::move(message));
  if (!e.errors.empty()) return std::nullopt;
  return Text{std::move(e.value), ref.origin, std::move(e.vars)};
}

std::optional<Text> Reader::Id(const Ref& ref) {
  auto text = String(ref);
  if (!text) return std::nullopt;
  const std::string& v = text->value;
  if (v.empty() || v.size() > 64 || !std::all_of(v.begin(), v.end(), IsIdChar)) {
    Error(ref.origin, fmt::format("invalid id {}: use 1 to 64 letters, digits, '-', '_' or '.'",
                                  Describe(*text)));
    return std::nullopt;
  }
  return text;
}

std::optional<Text> Reader::Choice(const Ref& ref, std::string_view what,
                                   const std::vector<std::string>& choices) {
  auto text = String(ref);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), text->value) != choices.end()) return text;
  std::string message = fmt::format("unknown {} {}", what, Describe(*text));
  if (text->env_vars.empty()) message += DidYouMean(text->value, choices);
  Error(ref.origin, message + " (expected one of: " + JoinNames(choices) + ")");
  return std::nullopt;
}

std::optional<std::vector<Text>> Reader::Strings(const Ref& ref) {
  auto items = Items(ref);
  if (!items) return std::nullopt;
  std::vector<Text> out;
  bool ok = true;
  for (const auto& item : *items) {
    if (auto text = String(item)) out.push_back(std::move(*text));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> Reader::LabelNames(const Ref& ref) {
  auto texts = Strings(ref);
  if (!texts) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (auto& t : *texts) {
    if (!IsValidLabelName(t.value)) {
      Error(t.origin, fmt::format("invalid label name {}: use letters, digits and _, not "
                                  "starting with a digit",
                                  Describe(t)));
      ok = false;
    } else if (std::find(out.begin(), out.end(), t.value) != out.end()) {
      Error(t.origin, fmt::format("label {} is listed twice", Describe(t)));
      ok = false;
    } else {
      out.push_back(std::move(t.value));
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<Duration> Reader::DurationOf(const Ref& ref, bool allow_zero) {
  auto text = String(ref);
  if (!text) return std::nullopt;
  auto d = ParseDuration(text->value);
  if (!d) {
    // The parser quotes its input; an expanded value must not be shown.
    Error(ref.origin, text->env_vars.empty()
                          ? d.error().message
                          : fmt::format("invalid duration {}: use e.g. 30s, 15m, 1h30m, 7d",
                                        Describe(*text)));
    return std::nullopt;
  }
  if (!allow_zero && d->count() == 0) {
    Error(ref.origin, "duration must be greater than 0");
    return std::nullopt;
  }
  return *d;
}

std::optional<uint64_t> Reader::Size(const Ref& ref) {
  auto text = String(ref);
  if (!text) return std::nullopt;
  std::string_view s = text->value;
  uint64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  std::string_view unit = s.substr(static_cast<size_t>(p - s.data()));
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  static const std::vector<std::pair<std::string_view, uint64_t>> kUnits = {
      {"", 1},           {"B", 1},           {"KB", 1000},       {"kB", 1000},
      {"KiB", 1 << 10},  {"MB", 1000000},    {"MiB", 1 << 20},   {"GB", 1000000000},
      {"GiB", 1 << 30}};
  auto unit_it = std::find_if(kUnits.begin(), kUnits.end(),
                              [&](const auto& u) { return u.first == unit; });
  if (ec != std::errc() || p == s.data() || unit_it == kUnits.end()) {
    Error(ref.origin, fmt::format("invalid size {}: use a number of bytes or a number with B, "
                                  "KB, KiB, MB, MiB, GB or GiB, e.g. 1MiB",
                                  Describe(*text)));
    return std::nullopt;
  }
  if (n == 0) {
    Error(ref.origin, "size must be greater than 0");
    return std::nullopt;
  }
  if (n > (uint64_t{1} << 40) / unit_it->second) {
    Error(ref.origin, "size is too large (at most 1TiB)");
    return std::nullopt;
  }
  return n * unit_it->second;
}

std::optional<int64_t> Reader::Integer(const Ref& ref, int64_t min, int64_t max) {
  auto text = String(ref);
  if (!text) return std::nullopt;
  std::string_view s = text->value;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec == std::errc::result_out_of_range) {
    Error(ref.origin, fmt::format("number must be between {} and {}", min, max));
    return std::nullopt;
  }
  if (ec != std::errc() || p != s.data() + s.size()) {
    Error(ref.origin, fmt::format("invalid number {}: expected a whole number", Describe(*text)));
    return std::nullopt;
  }
  if (n < min || n > max) {
    Error(ref.origin, fmt::format("number {} must be between {} and {}", Describe(*text), min,
                                  max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Reader::Bool(const Ref& ref) {
  auto text = String(ref);
  if (!text) return std::nullopt;
  const std::string& v = text->value;
  if (v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "false" || v == "False" || v == "FALSE") return false;
  Error(ref.origin, fmt::format("invalid boolean {}: expected true or false", Describe(*text)));
  return std::nullopt;
}

std::optional<std::vector<Ref>> Reader::Items(const Ref& ref) {
  if (ref.node.IsNull()) return std::vector<Ref>{};
  if (!ref.node.IsSequence()) {
    Error(ref.origin, "expected a list, got " + KindOf(ref.node));
    return std::nullopt;
  }
  std::vector<Ref> out;
  for (const auto& item : ref.node) {
    Origin at = OriginOf(item);
    if (at.line == 0) at = ref.origin;
    out.push_back(Ref{item, at});
  }
  return out;
}

}  // namespace klaxon::config
