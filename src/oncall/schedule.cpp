#include "oncall/schedule.h"

#include <fmt/format.h>

namespace klaxon::oncall {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
bool Digits(std::string_view s, size_t pos, size_t digits, int& out) {
  if (pos + digits > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + digits; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

Status Validate(const Schedule& s) {
  if (!s.zone.valid()) return Invalid(fmt::format("schedule \"{}\" has no time zone", s.id));
  if (s.layers.empty()) return Invalid(fmt::format("schedule \"{}\" has no layers", s.id));
  for (size_t i = 0; i < s.layers.size(); ++i) {
    const Layer& l = s.layers[i];
    auto bad = [&](std::string_view why) {
      return Invalid(fmt::format("schedule \"{}\" layer {}: {}", s.id, i + 1, why));
    };
    if (l.participants.empty()) return bad("no participants");
    for (const auto& p : l.participants) {
      if (p.empty()) return bad("empty participant");
    }
    if (l.shift < kMinShift || l.shift > kMaxShift) {
      return bad(fmt::format("shift must be between {} and {}", FormatDuration(kMinShift),
                             FormatDuration(kMaxShift)));
    }
    if (l.handoff < Duration(0) || l.handoff >= std::chrono::days(1)) {
      return bad("handoff must be a time of day");
    }
    if (!l.start_date.ok()) return bad("invalid start date");
  }
  for (size_t i = 0; i < s.overrides.size(); ++i) {
    const Override& o = s.overrides[i];
    if (o.person.empty()) {
      return Invalid(fmt::format("schedule \"{}\" override {}: no person", s.id, i + 1));
    }
    if (o.end <= o.start) {
      return Invalid(fmt::format("schedule \"{}\" override {}: end must be after start", s.id,
                                 i + 1));
    }
  }
  return {};
}

Result<Duration> ParseHandoff(std::string_view text) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || !Digits(text, 0, 2, h) || !Digits(text, 3, 2, m) ||
      h > 23 || m > 59) {
    return Invalid(fmt::format("invalid handoff time \"{}\": expected HH:MM from 00:00 to 23:59",
                               text.substr(0, 64)));
  }
  return std::chrono::hours(h) + std::chrono::minutes(m);
}

Result<std::chrono::year_month_day> ParseDate(std::string_view text) {
  using namespace std::chrono;
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Digits(text, 0, 4, y) ||
      !Digits(text, 5, 2, m) || !Digits(text, 8, 2, d)) {
    return Invalid(fmt::format("invalid date \"{}\": expected YYYY-MM-DD", text.substr(0, 64)));
  }
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return Invalid(fmt::format("invalid date \"{}\": there is no such day", text));
  }
  return ymd;
}

Result<Duration> ParseShift(std::string_view text) {
  if (text == "daily") return Duration(std::chrono::days(1));
  if (text == "weekly") return Duration(std::chrono::weeks(1));
  if (text.empty() || text[0] < '0' || text[0] > '9') {
    return Invalid(fmt::format("invalid shift \"{}\": use daily, weekly or a duration such as "
                               "12h or 2d",
                               text.substr(0, 64)));
  }
  auto d = ParseDuration(text);
  if (!d) return Fail(d.error());
  if (*d < kMinShift || *d > kMaxShift) {
    return Invalid(fmt::format("shift must be between {} and {}", FormatDuration(kMinShift),
                               FormatDuration(kMaxShift)));
  }
  return *d;
}

}  // namespace klaxon::oncall
