#include "oncall/handoff.h"

#include <algorithm>

#include "oncall/layer.h"

namespace klaxon::oncall {
namespace {

// From this instant on every layer has started and every override is over,
// so the last layer alone says who is on call.
Time SettledFrom(const Schedule& s) {
  Time t = kUnboundedStart;
  for (const Layer& layer : s.layers) t = std::max(t, Handoff(layer, s.zone, 0));
  for (const Override& o : s.overrides) t = std::max(t, o.end);
  return t;
}

bool OnePerson(const Layer& layer) {
  return std::all_of(layer.participants.begin(), layer.participants.end(),
                     [&](const std::string& p) { return p == layer.participants.front(); });
}

}  // namespace

Result<std::optional<Handover>> NextHandoff(const Schedule& s, Time after) {
  if (auto st = Validate(s); !st) return Fail(st.error());
  auto shift = OnCallAt(s, after);
  if (!shift) return Fail(shift.error());
  // Once settled, a one-person last layer never hands over again.
  const bool settles = OnePerson(s.layers.back());
  const Time settled = SettledFrom(s);
  for (size_t i = 0; i < kMaxShifts; ++i) {
    if (shift->end == kUnboundedEnd) return std::optional<Handover>();
    if (settles && shift->end > settled) return std::optional<Handover>();
    auto next = OnCallAt(s, shift->end);
    if (!next) return Fail(next.error());
    if (next->person != shift->person) {
      return std::optional<Handover>(Handover{shift->end, shift->person, next->person});
    }
    shift = std::move(next);
  }
  return Fail(ErrorCode::kTooLarge, "no handoff within the shift limit");
}

}  // namespace klaxon::oncall
