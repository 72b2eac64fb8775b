#include "app/probe_recheck.h"

#include <string>

#include <fmt/format.h>

namespace klaxon::app {

std::optional<engine::ProbeRecheck> JudgeRecheck(const std::vector<probe::ProbeStatus>& covering,
                                                 Time since) {
  engine::ProbeRecheck out;
  std::string failing, passing;
  bool counted = false;
  for (const auto& p : covering) {
    if (p.delivered.alert == probe::Delivered::Alert::kFiring) out.firing_alerts += 1;
    if (!p.last_started || *p.last_started <= since) continue;  // may predate the step's effect
    counted = true;
    if (p.state.last_failing) {
      out.failing = true;
      failing += fmt::format("{}probe {} failing{}", failing.empty() ? "" : ", ", p.id,
                             p.state.detail.empty() ? "" : ": " + p.state.detail);
    } else {
      passing += (passing.empty() ? "" : ", ") + p.id;
    }
  }
  if (!counted) return std::nullopt;
  if (out.failing) {
    out.detail = std::move(failing);
  } else {
    bool several = passing.find(", ") != std::string::npos;
    out.detail = fmt::format("probe{} {} passing", several ? "s" : "", passing);
  }
  return out;
}

}  // namespace klaxon::app
