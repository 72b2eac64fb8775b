// Properties of the final schedule over long windows: Shifts tiles time with
// no gaps or overlaps, every shift is maximal, OnCallAt agrees with it at
// every boundary and midpoint, and both agree with a naive walk of the turns.
#include <algorithm>
#include <random>

#include "oncall/layer.h"
#include "oncall/resolve.h"
#include "oncall/test_support.h"

namespace klaxon::oncall {
namespace {

using namespace std::chrono;
using test::At;
using test::MakeLayer;
using test::MakeSchedule;

// Who is on call, found the slow way: every layer's handoffs enumerated one
// by one from its first turn (no estimate, no search), then overrides last
// to first and layers last to first, as the contract says.
class Naive {
 public:
  Naive(const Schedule& s, Time until) : s_(s) {
    for (const Layer& l : s.layers) {
      std::vector<Time> handoffs;
      for (int64_t k = 0;; ++k) {
        handoffs.push_back(Handoff(l, s.zone, k));
        if (handoffs.back() > until) break;
      }
      handoffs_.push_back(std::move(handoffs));
    }
  }
  std::string Who(Time t) const {
    for (size_t i = s_.overrides.size(); i-- > 0;) {
      if (s_.overrides[i].start <= t && t < s_.overrides[i].end) return s_.overrides[i].person;
    }
    for (size_t i = s_.layers.size(); i-- > 0;) {
      const auto& h = handoffs_[i];
      auto after = std::upper_bound(h.begin(), h.end(), t);  // first handoff later than t
      if (after == h.begin()) continue;
      return ParticipantOf(s_.layers[i], (after - h.begin()) - 1);
    }
    return "";
  }

 private:
  const Schedule& s_;
  std::vector<std::vector<Time>> handoffs_;
};

bool SameSource(const Shift& a, const Shift& b) {
  return a.source == b.source && a.layer == b.layer && a.turn == b.turn &&
         a.override_index == b.override_index && a.person == b.person;
}

void CheckTiling(const Schedule& s, Time from, Time to) {
  auto shifts = Shifts(s, from, to);
  ASSERT_TRUE(shifts) << shifts.error().message;
  Naive oracle(s, to + days(30));  // beyond the last shift's end
  ASSERT_FALSE(shifts->empty());
  EXPECT_LE(shifts->front().start, from);
  EXPECT_GE(shifts->back().end, to);
  for (size_t i = 0; i < shifts->size(); ++i) {
    const Shift& sh = (*shifts)[i];
    SCOPED_TRACE(FormatTimestamp(std::max(sh.start, from)) + " " + sh.person);
    ASSERT_LT(sh.start, sh.end);
    if (i > 0) {
      ASSERT_EQ((*shifts)[i - 1].end, sh.start) << "gap or overlap";
      ASSERT_FALSE(SameSource((*shifts)[i - 1], sh)) << "not maximal";
    }
    std::vector<Time> probes;
    if (sh.start != kUnboundedStart) probes.push_back(sh.start);
    if (sh.end != kUnboundedEnd) probes.push_back(sh.end - milliseconds(1));
    if (sh.start != kUnboundedStart && sh.end != kUnboundedEnd) {
      probes.push_back(sh.start + (sh.end - sh.start) / 2);
    }
    for (Time t : probes) {
      auto at = OnCallAt(s, t);
      ASSERT_TRUE(at);
      ASSERT_EQ(*at, sh) << "OnCallAt disagrees at " << FormatTimestamp(t);
      ASSERT_EQ(oracle.Who(t), sh.person) << "the naive walk disagrees at " << FormatTimestamp(t);
    }
  }
}

TEST(Property, AYearOfLayersAndOverridesInBerlin) {
  auto s = MakeSchedule(
      "Europe/Berlin",
      {MakeLayer({"maya", "diego", "priya"}, weeks(1), "09:00", "2025-01-06"),
       MakeLayer({"sam", "jordan"}, hours(12), "02:30", "2025-06-01")},
      {{"priya", At("2025-03-30T00:00:00Z"), At("2025-03-31T00:00:00Z")},
       {"sam", At("2025-10-26T00:30:00Z"), At("2025-10-26T01:30:00Z")},
       {"jordan", At("2025-12-24T00:00:00Z"), At("2025-12-27T00:00:00Z")}});
  CheckTiling(s, At("2025-01-01T00:00:00Z"), At("2026-01-01T00:00:00Z"));
}

TEST(Property, AYearOfDailyShiftsInNewYork) {
  auto s = MakeSchedule("America/New_York",
                        {MakeLayer({"a", "b", "c", "d", "e"}, days(1), "01:30", "2025-01-01")});
  CheckTiling(s, At("2024-12-15T00:00:00Z"), At("2025-12-31T00:00:00Z"));
}

TEST(Property, RandomSchedulesAgreeWithANaiveWalk) {
  std::mt19937 rng(20250330);  // fixed seed: the same schedules every run
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* zones[] = {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC",
                         "Australia/Lord_Howe", "America/Sao_Paulo"};
  const Duration lengths[] = {hours(1), hours(8), hours(12), days(1), days(2), weeks(1)};
  Time base = At("2025-03-01T00:00:00Z");
  for (int round = 0; round < 24; ++round) {
    std::vector<Layer> layers;
    for (int i = pick(1, 3); i > 0; --i) {
      std::vector<std::string> people;
      for (int p = pick(1, 4); p > 0; --p) people.push_back("p" + std::to_string(pick(0, 6)));
      Layer l = MakeLayer(people, lengths[pick(0, 5)], "00:00", "2025-03-01");
      l.handoff = minutes(pick(0, 24 * 4 - 1) * 15);
      l.start_date = year_month_day{sys_days(year{2025} / 3 / 1) + days(pick(0, 40))};
      layers.push_back(l);
    }
    std::vector<Override> overrides;
    for (int i = pick(0, 4); i > 0; --i) {
      Time start = base + minutes(pick(0, 60 * 24 * 90));
      overrides.push_back({"o" + std::to_string(i), start, start + minutes(pick(1, 60 * 24 * 5))});
    }
    auto s = MakeSchedule(zones[pick(0, 5)], layers, overrides);
    SCOPED_TRACE("round " + std::to_string(round) + " in " + s.zone.name());
    CheckTiling(s, base, base + days(120));
  }
}

}  // namespace
}  // namespace klaxon::oncall
