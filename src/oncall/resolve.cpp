#include "oncall/resolve.h"

#include <algorithm>

#include "oncall/layer.h"

namespace klaxon::oncall {
namespace {

bool SameSource(const Shift& a, const Shift& b) {
  return a.source == b.source && a.layer == b.layer && a.turn == b.turn &&
         a.override_index == b.override_index && a.person == b.person;
}

// Who wins at `t`, with start/end left unset.
Shift WinnerAt(const Schedule& s, Time t) {
  for (size_t i = s.overrides.size(); i-- > 0;) {
    const Override& o = s.overrides[i];
    if (o.start <= t && t < o.end) {
      Shift out;
      out.person = o.person;
      out.source = Source::kOverride;
      out.override_index = static_cast<int>(i);
      return out;
    }
  }
  for (size_t i = s.layers.size(); i-- > 0;) {
    if (auto k = ShiftIndexAt(s.layers[i], s.zone, t)) {
      Shift out;
      out.person = ParticipantOf(s.layers[i], *k);
      out.source = Source::kLayer;
      out.layer = static_cast<int>(i);
      out.turn = *k;
      return out;
    }
  }
  return Shift{};
}

// The final schedule clipped to [a, b) (a < b, both finite), adjacent pieces
// with the same source merged.
Result<std::vector<Shift>> Pieces(const Schedule& s, Time a, Time b) {
  std::vector<Time> cuts{a, b};
  auto too_many = [&] {
    return Fail(ErrorCode::kTooLarge, "the window holds too many shifts; ask for a shorter one");
  };
  for (const Layer& layer : s.layers) {
    int64_t k = ShiftIndexAt(layer, s.zone, a).value_or(0);
    for (Time h = Handoff(layer, s.zone, k); h < b; h = Handoff(layer, s.zone, ++k)) {
      if (h > a) cuts.push_back(h);
      if (cuts.size() > kMaxShifts) return too_many();
    }
  }
  for (const Override& o : s.overrides) {
    for (Time t : {o.start, o.end}) {
      if (t > a && t < b) cuts.push_back(t);
    }
  }
  if (cuts.size() > kMaxShifts) return too_many();
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Shift> out;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    Shift piece = WinnerAt(s, cuts[i]);
    piece.start = cuts[i];
    piece.end = cuts[i + 1];
    if (!out.empty() && SameSource(out.back(), piece)) {
      out.back().end = piece.end;
    } else {
      out.push_back(std::move(piece));
    }
  }
  return out;
}

// The extent [start, end) of the unit a shift comes from: its layer turn or
// its override. Nobody has no unit.
std::pair<Time, Time> UnitOf(const Schedule& s, const Shift& shift) {
  if (shift.source == Source::kLayer) {
    const Layer& layer = s.layers[static_cast<size_t>(shift.layer)];
    return {Handoff(layer, s.zone, shift.turn), Handoff(layer, s.zone, shift.turn + 1)};
  }
  const Override& o = s.overrides[static_cast<size_t>(shift.override_index)];
  return {o.start, o.end};
}

// Nobody is on call only before every layer has started and outside every
// override, so a stretch of nobody reaches back to the last override end and
// forward to the next override or layer start.
Time NobodySince(const Schedule& s, Time t) {
  Time since = kUnboundedStart;
  for (const Override& o : s.overrides) {
    if (o.end <= t) since = std::max(since, o.end);
  }
  return since;
}

Time NobodyUntil(const Schedule& s, Time t) {
  Time until = kUnboundedEnd;
  for (const Override& o : s.overrides) {
    if (o.start >= t) until = std::min(until, o.start);
  }
  for (const Layer& layer : s.layers) {
    Time first = Handoff(layer, s.zone, 0);
    if (first >= t) until = std::min(until, first);
  }
  return until;
}

Status ExtendFirst(const Schedule& s, Time from, Shift& first) {
  if (first.source == Source::kNobody) {
    first.start = NobodySince(s, from);
    return {};
  }
  Time unit_start = UnitOf(s, first).first;
  if (unit_start >= from) return {};
  auto before = Pieces(s, unit_start, from);
  if (!before) return Fail(before.error());
  if (SameSource(before->back(), first)) first.start = before->back().start;
  return {};
}

Status ExtendLast(const Schedule& s, Time to, Shift& last) {
  if (last.source == Source::kNobody) {
    last.end = NobodyUntil(s, to);
    return {};
  }
  Time unit_end = UnitOf(s, last).second;
  if (unit_end <= to) return {};
  auto after = Pieces(s, to, unit_end);
  if (!after) return Fail(after.error());
  if (SameSource(after->front(), last)) last.end = after->front().end;
  return {};
}

}  // namespace

Result<std::vector<Shift>> Shifts(const Schedule& s, Time from, Time to) {
  if (auto ok = Validate(s); !ok) return Fail(ok.error());
  if (from >= to) return Fail(ErrorCode::kInvalidArgument, "the window must end after it starts");
  if (from == kUnboundedStart || to == kUnboundedEnd) {
    return Fail(ErrorCode::kInvalidArgument, "the window must be bounded");
  }
  auto pieces = Pieces(s, from, to);
  if (!pieces) return pieces;
  if (auto st = ExtendFirst(s, from, pieces->front()); !st) return Fail(st.error());
  if (auto st = ExtendLast(s, to, pieces->back()); !st) return Fail(st.error());
  return pieces;
}

Result<OnCall> OnCallAt(const Schedule& s, Time t) {
  if (t == kUnboundedStart || t >= kUnboundedEnd - Duration(1)) {
    return Fail(ErrorCode::kInvalidArgument, "the instant is out of range");
  }
  auto shifts = Shifts(s, t, t + Duration(1));
  if (!shifts) return Fail(shifts.error());
  return std::move(shifts->front());
}

Result<std::optional<Shift>> NextOnCall(const Schedule& s, const Shift& current) {
  // Nobody is on call at most once between two people (see NobodyUntil), so
  // two steps always suffice; the bound guards against a bug looping forever.
  Time t = current.end;
  for (int step = 0; step < 3; ++step) {
    if (t == kUnboundedEnd) return std::optional<Shift>();
    auto next = OnCallAt(s, t);
    if (!next) return Fail(next.error());
    if (!next->person.empty()) return std::optional<Shift>(std::move(*next));
    t = next->end;
  }
  return std::optional<Shift>();
}

}  // namespace klaxon::oncall
