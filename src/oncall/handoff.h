#pragma once
// Handoffs: the instants at which the person on call changes in the final
// schedule (layers and overrides applied, resolve.h). A rotation turn that
// hands over to the same person, or an override of whoever is on call
// anyway, is no handoff. Pure, like the rest of oncall/.

#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"
#include "oncall/resolve.h"
#include "oncall/schedule.h"

namespace klaxon::oncall {

// At `at`, `from` hands over to `to`; either is "" for nobody (the first
// shift of a schedule starts from nobody, a gap ends with nobody).
struct Handover {
  Time at;
  std::string from;
  std::string to;

  friend bool operator==(const Handover&, const Handover&) = default;
};

// The first handoff strictly after `after`; nullopt when the person on call
// never changes again (e.g. a one-person rotation once every override is
// over). Fails with kInvalidArgument when the schedule does not pass
// Validate, and with kTooLarge when no change comes within kMaxShifts shift
// boundaries (a bug: a valid schedule changes within one rotation).
Result<std::optional<Handover>> NextHandoff(const Schedule& schedule, Time after);

}  // namespace klaxon::oncall
