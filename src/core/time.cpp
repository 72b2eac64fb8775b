#include "core/time.h"

#include <cctype>
#include <cstdio>

#include <fmt/format.h>

namespace klaxon {
namespace {

bool ReadInt(std::string_view s, size_t& pos, size_t digits, int& out) {
  if (pos + digits > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  out = v;
  return true;
}

}  // namespace

Result<Time> ParseTimestamp(std::string_view s) {
  using namespace std::chrono;
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("invalid timestamp \"{}\": expected RFC 3339 such as "
                            "2025-08-07T09:14:22Z",
                            s.substr(0, 64)));
  };
  size_t p = 0;
  int Y, M, D, h, m, sec;
  if (!ReadInt(s, p, 4, Y) || p >= s.size() || s[p++] != '-') return bad();
  if (!ReadInt(s, p, 2, M) || p >= s.size() || s[p++] != '-') return bad();
  if (!ReadInt(s, p, 2, D) || p >= s.size()) return bad();
  char t = s[p++];
  if (t != 'T' && t != 't' && t != ' ') return bad();
  if (!ReadInt(s, p, 2, h) || p >= s.size() || s[p++] != ':') return bad();
  if (!ReadInt(s, p, 2, m) || p >= s.size() || s[p++] != ':') return bad();
  if (!ReadInt(s, p, 2, sec)) return bad();
  int64_t frac_ms = 0;
  if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
    ++p;
    int digits = 0;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
      if (digits < 3) frac_ms = frac_ms * 10 + (s[p] - '0');
      ++digits;
      ++p;
    }
    if (digits == 0) return bad();
    for (int i = digits; i < 3; ++i) frac_ms *= 10;
  }
  int offset_min = 0;
  if (p >= s.size()) return bad();
  if (s[p] == 'Z' || s[p] == 'z') {
    ++p;
  } else if (s[p] == '+' || s[p] == '-') {
    int sign = s[p] == '-' ? -1 : 1;
    ++p;
    int oh, om;
    if (!ReadInt(s, p, 2, oh)) return bad();
    if (p < s.size() && s[p] == ':') ++p;
    if (!ReadInt(s, p, 2, om)) return bad();
    offset_min = sign * (oh * 60 + om);
  } else {
    return bad();
  }
  if (p != s.size()) return bad();
  if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) return bad();
  year_month_day ymd{year{Y}, month{static_cast<unsigned>(M)}, day{static_cast<unsigned>(D)}};
  if (!ymd.ok()) return bad();
  auto tp = sys_days(ymd) + hours(h) + minutes(m) + seconds(sec) + milliseconds(frac_ms) -
            minutes(offset_min);
  return time_point_cast<Duration>(tp);
}

bool IsZeroTime(Time t) {
  using namespace std::chrono;
  // Go's zero time is year 1; anything before 1971 is treated as unset.
  return t < sys_days(year{1971} / 1 / 1);
}

std::string FormatTimestamp(Time t) {
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(t);
  year_month_day ymd{days};
  auto rest = t - days;
  auto h = duration_cast<hours>(rest);
  rest -= h;
  auto m = duration_cast<minutes>(rest);
  rest -= m;
  auto s = duration_cast<seconds>(rest);
  rest -= s;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     h.count(), m.count(), s.count(), rest.count());
}

Result<Duration> ParseDuration(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("invalid duration \"{}\": {} (use e.g. 30s, 15m, 1h30m, 7d)",
                            text.substr(0, 64), why));
  };
  if (text.empty()) return bad("empty");
  if (text == "0") return Duration(0);
  int64_t total = 0;
  size_t p = 0;
  while (p < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[p]))) return bad("expected a number");
    int64_t n = 0;
    while (p < text.size() && std::isdigit(static_cast<unsigned char>(text[p]))) {
      n = n * 10 + (text[p] - '0');
      if (n > 1'000'000'000) return bad("number too large");
      ++p;
    }
    size_t unit_start = p;
    while (p < text.size() && std::isalpha(static_cast<unsigned char>(text[p]))) ++p;
    std::string_view unit = text.substr(unit_start, p - unit_start);
    int64_t ms;
    if (unit == "ms") ms = 1;
    else if (unit == "s") ms = 1000;
    else if (unit == "m") ms = 60'000;
    else if (unit == "h") ms = 3'600'000;
    else if (unit == "d") ms = 86'400'000;
    else if (unit == "w") ms = 7 * 86'400'000LL;
    else if (unit.empty()) return bad("missing unit");
    else return bad(fmt::format("unknown unit \"{}\"", unit));
    total += n * ms;
  }
  return Duration(total);
}

std::string FormatDuration(Duration d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  const std::pair<int64_t, const char*> units[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  for (auto [size, name] : units) {
    if (ms >= size) {
      out += fmt::format("{}{}", ms / size, name);
      ms %= size;
    }
  }
  return out;
}

}  // namespace klaxon
