#pragma once
// One layer's rotation on its own, before precedence is applied. Pure.
// Callers pass a layer that passed Validate (schedule.h).

#include <cstdint>
#include <optional>

#include "oncall/schedule.h"

namespace klaxon::oncall {

// The instant of the layer's k-th handoff: local time
// `start_date + handoff + k * shift` in `zone` (see TimeZone::ToInstant for
// gaps and folds). Shift k runs from Handoff(k) to Handoff(k + 1); it belongs
// to participants[k mod n]. Handoffs never decrease with k; two may coincide
// when a gap swallows a whole shift, and that shift is then empty.
Time Handoff(const Layer& layer, const TimeZone& zone, int64_t k);

// The number of the layer's shift in effect at `t`: the largest k >= 0 with
// Handoff(k) <= t; nullopt before the first handoff (the layer has nobody).
std::optional<int64_t> ShiftIndexAt(const Layer& layer, const TimeZone& zone, Time t);

// participants[k mod n].
const std::string& ParticipantOf(const Layer& layer, int64_t k);

}  // namespace klaxon::oncall
