#pragma once
// Helpers for the oncall tests: zones, instants and layers written briefly.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oncall/resolve.h"
#include "oncall/schedule.h"

namespace klaxon::oncall::test {

inline TimeZone Zone(const std::string& name) {
  auto z = TimeZone::Find(name);
  EXPECT_TRUE(z) << name;
  return z.value_or(TimeZone());
}

// "2025-03-30T01:00:00Z" (any RFC 3339 form) -> the instant.
inline Time At(const std::string& text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t) << text;
  return t.value_or(Time());
}

inline Layer MakeLayer(std::vector<std::string> people, Duration shift, const std::string& handoff,
                       const std::string& start) {
  Layer l;
  l.participants = std::move(people);
  l.shift = shift;
  l.handoff = ParseHandoff(handoff).value();
  l.start_date = ParseDate(start).value();
  return l;
}

inline Schedule MakeSchedule(const std::string& zone, std::vector<Layer> layers,
                             std::vector<Override> overrides = {}) {
  Schedule s;
  s.id = "primary";
  s.name = "Primary";
  s.zone = Zone(zone);
  s.layers = std::move(layers);
  s.overrides = std::move(overrides);
  return s;
}

// A weekly UTC rotation handing off on Mondays at 09:00, from `start` (a Monday).
inline Schedule Weekly(std::string id, std::vector<std::string> people, const std::string& start) {
  Schedule s = MakeSchedule("UTC", {MakeLayer(std::move(people), std::chrono::weeks(1), "09:00", start)});
  s.id = std::move(id);
  s.name = s.id;
  return s;
}

inline OnCall Who(const Schedule& s, const std::string& at) {
  auto r = OnCallAt(s, At(at));
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r.value_or(OnCall{});
}

inline constexpr Duration kDay = std::chrono::days(1);
inline constexpr Duration kWeek = std::chrono::weeks(1);

}  // namespace klaxon::oncall::test
