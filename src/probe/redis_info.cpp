#include "probe/redis_info.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>

namespace klaxon::probe {
namespace {

// The raw text after "field:" on its line, or nothing.
std::optional<std::string_view> RawField(std::string_view info, std::string_view field) {
  while (!info.empty()) {
    auto nl = info.find('\n');
    std::string_view line = info.substr(0, nl);
    info = nl == std::string_view::npos ? std::string_view() : info.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > field.size() && line.starts_with(field) && line[field.size()] == ':') {
      return line.substr(field.size() + 1);
    }
  }
  return std::nullopt;
}

Result<double> Number(std::string_view info, std::string_view field) {
  auto raw = RawField(info, field);
  if (!raw) return Fail(ErrorCode::kNotFound, fmt::format("INFO has no field {}", field));
  double v = 0;
  auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (raw->empty() || ec != std::errc() || p != raw->data() + raw->size() || v != v) {
    std::string_view shown = raw->substr(0, 40);
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("INFO field {} is not a number: \"{}\"", field, shown));
  }
  return v;
}

}  // namespace

Result<double> InfoValue(std::string_view info, std::string_view field) {
  if (field != kUsedMemoryPercent) return Number(info, field);
  auto used = Number(info, "used_memory");
  if (!used) return used;
  auto max = Number(info, "maxmemory");
  if (!max) return max;
  if (*max <= 0) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("maxmemory is 0 (no limit), so {} is undefined", kUsedMemoryPercent));
  }
  return *used / *max * 100;
}

}  // namespace klaxon::probe
