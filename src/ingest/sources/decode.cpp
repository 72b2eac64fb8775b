#include "ingest/sources/decode.h"

#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::ingest::decode {
namespace {

void AppendPath(const Path& p, std::string& out) {
  if (p.parent != nullptr) AppendPath(*p.parent, out);
  if (p.index != Path::kNoIndex) {
    out += fmt::format("[{}]", p.index);
  } else if (!p.key.empty()) {
    if (!out.empty()) out += '.';
    out += p.key;
  }
}

Status CheckName(std::string_view name, const Path& path, std::string_view what) {
  if (name.size() > kMaxNameBytes) {
    return FailAt(path, fmt::format("{} name too long ({} bytes; at most {})", what, name.size(),
                                    kMaxNameBytes));
  }
  if (!IsValidLabelName(name)) {
    return FailAt(path, fmt::format("invalid {} name {} (must match [a-zA-Z_][a-zA-Z0-9_]*)", what,
                                    Quote(name)));
  }
  return {};
}

Status CheckValueSize(size_t size, const Path& path) {
  if (size > kMaxValueBytes) {
    return FailAt(path, fmt::format("value too long ({} bytes; at most {})", size, kMaxValueBytes));
  }
  return {};
}

// Shortest text that reads back as the same double; nullopt for inf/nan.
std::optional<std::string> DoubleText(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  if (ec != std::errc()) return std::nullopt;
  return std::string(buf, end);
}

bool AllFinite(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::double_:
      return std::isfinite(v.get_double());
    case boost::json::kind::array:
      for (const auto& e : v.get_array()) {
        if (!AllFinite(e)) return false;
      }
      return true;
    case boost::json::kind::object:
      for (const auto& kv : v.get_object()) {
        if (!AllFinite(kv.value())) return false;
      }
      return true;
    default:
      return true;
  }
}

}  // namespace

Status Document::Parse(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = kMaxDepth;
  unsigned char scratch[1024];  // the parser's own stack; grows onto the heap if needed
  boost::json::parser parser(boost::json::storage_ptr(), options, scratch, sizeof scratch);
  parser.reset(&resource_);
  boost::system::error_code ec;
  size_t consumed = parser.write(body.data(), body.size(), ec);
  if (ec) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument, "body is not valid JSON (empty body)");
    }
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("body is not valid JSON ({} at byte {})", ec.message(), consumed));
  }
  root_ = parser.release();
  return {};
}

std::string Path::ToString() const {
  std::string out;
  AppendPath(*this, out);
  return out.empty() ? "body" : out;
}

std::unexpected<Error> FailAt(const Path& path, std::string_view what) {
  return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: {}", path.ToString(), what));
}

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 64;
  bool cut = text.size() > kMax;
  if (cut) {
    size_t end = kMax;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
  }
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\u{:04x}", u);
    } else {
      out += c;
    }
  }
  out += cut ? "...\"" : "\"";
  return out;
}

std::string_view KindName(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
  }
  return "value";
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

const boost::json::value* Find(const boost::json::object& object, std::string_view name) {
  const boost::json::value* v = object.if_contains(name);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

Result<LabelSet> ReadLabels(const boost::json::value* v, const Path& path) {
  if (v == nullptr) return FailAt(path, "required: an object of strings");
  auto labels = ReadLabelMap(v, path);
  if (labels && labels->empty()) {
    return FailAt(path, "at least one label with a non-empty value is required");
  }
  return labels;
}

Result<LabelSet> ReadLabelMap(const boost::json::value* v, const Path& path) {
  if (v == nullptr) return LabelSet();
  const auto* object = v->if_object();
  if (object == nullptr) {
    return FailAt(path, fmt::format("expected an object of strings, got {}", KindName(*v)));
  }
  if (object->size() > kMaxPairs) {
    return FailAt(path, fmt::format("too many labels ({}; at most {})", object->size(), kMaxPairs));
  }
  std::vector<LabelSet::Pair> pairs;
  pairs.reserve(object->size());
  for (const auto& member : *object) {
    std::string_view name = member.key();
    if (auto ok = CheckName(name, path, "label"); !ok) return Fail(ok.error());
    const auto* value = member.value().if_string();
    if (value == nullptr) {
      return FailAt(path.Member(name),
                    fmt::format("expected a string, got {}", KindName(member.value())));
    }
    if (auto ok = CheckValueSize(value->size(), path.Member(name)); !ok) return Fail(ok.error());
    if (value->empty()) continue;
    pairs.emplace_back(std::string(name), std::string(value->data(), value->size()));
  }
  return LabelSet::FromPairs(std::move(pairs));
}

Result<LabelSet> ReadAnnotations(const boost::json::value* v, const Path& path) {
  if (v == nullptr) return LabelSet();
  const auto* object = v->if_object();
  if (object == nullptr) {
    return FailAt(path, fmt::format("expected an object of strings, got {}", KindName(*v)));
  }
  if (object->size() > kMaxPairs) {
    return FailAt(path,
                  fmt::format("too many annotations ({}; at most {})", object->size(), kMaxPairs));
  }
  std::vector<LabelSet::Pair> pairs;
  pairs.reserve(object->size());
  for (const auto& member : *object) {
    std::string_view name = member.key();
    if (auto ok = CheckName(name, path, "annotation"); !ok) return Fail(ok.error());
    const boost::json::value& value = member.value();
    if (value.is_null()) continue;
    if (value.is_object() || value.is_array()) {
      return FailAt(path.Member(name),
                    fmt::format("expected a string, number or boolean, got {}", KindName(value)));
    }
    auto text = ReadAsText(value, path.Member(name));
    if (!text) return Fail(text.error());
    pairs.emplace_back(std::string(name), std::move(*text));
  }
  return LabelSet::FromPairs(std::move(pairs));
}

Result<std::optional<Time>> ReadTime(const boost::json::value* v, const Path& path) {
  if (v == nullptr) return std::optional<Time>();
  const auto* text = v->if_string();
  if (text == nullptr) {
    return FailAt(path, fmt::format("expected an RFC 3339 timestamp string, got {}", KindName(*v)));
  }
  if (text->empty()) return std::optional<Time>();
  auto t = ParseTimestamp(std::string_view(text->data(), text->size()));
  if (!t) return FailAt(path, t.error().message);
  if (IsZeroTime(*t)) return std::optional<Time>();
  return std::optional<Time>(*t);
}

Result<std::string> ReadString(const boost::json::value* v, const Path& path) {
  if (v == nullptr) return std::string();
  const auto* text = v->if_string();
  if (text == nullptr) return FailAt(path, fmt::format("expected a string, got {}", KindName(*v)));
  if (auto ok = CheckValueSize(text->size(), path); !ok) return Fail(ok.error());
  return std::string(text->data(), text->size());
}

std::optional<std::string> TextOf(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::string:
      return std::string(v.get_string().data(), v.get_string().size());
    case boost::json::kind::bool_:
      return std::string(v.get_bool() ? "true" : "false");
    case boost::json::kind::int64:
      return std::to_string(v.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(v.get_uint64());
    case boost::json::kind::double_:
      return DoubleText(v.get_double());
    default:
      if (!AllFinite(v)) return std::nullopt;
      return boost::json::serialize(v);
  }
}

Result<std::string> ReadAsText(const boost::json::value& v, const Path& path) {
  auto text = TextOf(v);
  if (!text) return FailAt(path, "number out of range");
  if (auto ok = CheckValueSize(text->size(), path); !ok) return Fail(ok.error());
  return std::move(*text);
}

Result<const boost::json::array*> ReadAlertArray(const boost::json::value& v, const Path& path,
                                                 const ParseContext& ctx) {
  const auto* array = v.if_array();
  if (array == nullptr) {
    return FailAt(path, fmt::format("expected an array of alerts, got {}", KindName(v)));
  }
  if (array->size() > ctx.max_alerts) {
    return Fail(ErrorCode::kTooLarge, fmt::format("{}: {} alerts in one request; at most {}",
                                                  path.ToString(), array->size(), ctx.max_alerts));
  }
  return array;
}

}  // namespace klaxon::ingest::decode
