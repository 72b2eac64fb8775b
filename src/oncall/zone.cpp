#include "oncall/zone.h"

#include <algorithm>

#include <date/tz.h>
#include <fmt/format.h>

namespace klaxon::oncall {
namespace {

date::local_time<Duration> ToDate(LocalTime t) {
  return date::local_time<Duration>(t.time_since_epoch());
}

}  // namespace

Result<TimeZone> TimeZone::Find(std::string_view name) {
  // The edge: the date library reports unknown names and an unreadable
  // database by throwing.
  try {
    date::get_tzdb();
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("the time zone database cannot be read: {}", e.what()));
  }
  try {
    return TimeZone(date::locate_zone(name), std::string(name));
  } catch (const std::exception&) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("unknown time zone \"{}\"", name));
  }
}

Time TimeZone::ToInstant(LocalTime local) const {
  date::local_info info = zone_->get_info(ToDate(local));
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // `first` is the earlier occurrence
      return Time(local.time_since_epoch() - info.first.offset);
    case date::local_info::nonexistent:
      return std::chrono::time_point_cast<Duration>(info.second.begin);
  }
  return Time(local.time_since_epoch() - info.first.offset);
}

LocalTime TimeZone::ToLocal(Time t) const { return LocalTime(t.time_since_epoch() + OffsetAt(t)); }

Duration TimeZone::OffsetAt(Time t) const {
  return std::chrono::duration_cast<Duration>(zone_->get_info(t).offset);
}

std::vector<std::string> ZoneNames() {
  std::vector<std::string> out;
  try {
    for (const auto& z : date::get_tzdb().zones) out.push_back(z.name());
  } catch (const std::exception&) {
    return {};
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string FormatLocal(Time t, const TimeZone& zone) {
  using namespace std::chrono;
  Duration offset = zone.OffsetAt(t);
  LocalTime local(t.time_since_epoch() + offset);
  auto day = floor<days>(local);
  year_month_day ymd{local_days(day.time_since_epoch())};
  hh_mm_ss<seconds> tod{floor<seconds>(local - day)};
  auto off = floor<minutes>(offset);
  char sign = off.count() < 0 ? '-' : '+';
  int64_t m = off.count() < 0 ? -off.count() : off.count();
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                     static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), tod.hours().count(),
                     tod.minutes().count(), tod.seconds().count(), sign, m / 60, m % 60);
}

}  // namespace klaxon::oncall
