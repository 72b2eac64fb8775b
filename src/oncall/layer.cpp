#include "oncall/layer.h"

namespace klaxon::oncall {
namespace {

LocalTime Origin(const Layer& layer) {
  return LocalTime(LocalDays(layer.start_date).time_since_epoch()) + layer.handoff;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

Time Handoff(const Layer& layer, const TimeZone& zone, int64_t k) {
  return zone.ToInstant(Origin(layer) + k * layer.shift);
}

std::optional<int64_t> ShiftIndexAt(const Layer& layer, const TimeZone& zone, Time t) {
  if (t < Handoff(layer, zone, 0)) return std::nullopt;
  // The wall-clock estimate is off by at most one shift near a UTC offset
  // change; the loops settle it exactly.
  int64_t k = FloorDiv((zone.ToLocal(t) - Origin(layer)).count(), layer.shift.count());
  if (k < 0) k = 0;
  while (k > 0 && Handoff(layer, zone, k) > t) --k;
  while (Handoff(layer, zone, k + 1) <= t) ++k;
  return k;
}

const std::string& ParticipantOf(const Layer& layer, int64_t k) {
  auto n = static_cast<int64_t>(layer.participants.size());
  return layer.participants[static_cast<size_t>(((k % n) + n) % n)];
}

}  // namespace klaxon::oncall
