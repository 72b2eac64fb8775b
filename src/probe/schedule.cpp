#include "probe/schedule.h"

#include "core/labels.h"

namespace klaxon::probe {

Schedule::Schedule(const std::vector<Spec>& specs, Time start, bool spread) : specs_(specs) {
  slots_.reserve(specs.size());
  for (const auto& spec : specs) {
    Time first = start;
    auto interval = spec.interval.count();
    if (spread && interval > 0) {
      uint64_t h = FingerprintOfParts({spec.id}).value;
      first += Duration(static_cast<int64_t>(h % static_cast<uint64_t>(interval)));
    }
    slots_.push_back(Slot{first, first, false});
  }
}

std::vector<size_t> Schedule::TakeDue(Time now) {
  std::vector<size_t> due;
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (!s.running && s.next && *s.next <= now) {
      s.running = true;
      due.push_back(i);
    }
  }
  return due;
}

void Schedule::Finished(size_t i, Time now) {
  Slot& s = slots_[i];
  s.running = false;
  Duration interval = specs_[i].interval;
  if (interval.count() <= 0) {
    s.next = now;
    return;
  }
  Time base = s.next.value_or(s.anchor);
  if (base > now) {  // SetNext moved it ahead meanwhile
    return;
  }
  // The first grid point after `now`.
  auto steps = (now - base) / interval + 1;
  s.next = base + steps * interval;
  s.anchor = *s.next;
}

void Schedule::SetNext(size_t i, std::optional<Time> at) {
  slots_[i].next = at;
  if (at) slots_[i].anchor = *at;
}

std::optional<Time> Schedule::NextDue() const {
  std::optional<Time> best;
  for (const auto& s : slots_) {
    if (!s.running && s.next && (!best || *s.next < *best)) best = s.next;
  }
  return best;
}

}  // namespace klaxon::probe
