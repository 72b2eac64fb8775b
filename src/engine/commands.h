#pragma once
// Commands people (and integrations) issue against an incident.

#include <optional>
#include <string>
#include <variant>

#include "incident/incident.h"
#include "incident/lifecycle.h"

namespace klaxon::engine {

struct Command {
  int64_t incident_id = 0;
  // The lifecycle event to apply: Acknowledge, PostUpdate, Resolve or
  // ChangeSeverity (alert events come only from ingest).
  incident::Event event;
};

}  // namespace klaxon::engine
