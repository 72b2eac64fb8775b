#pragma once
// The public JSON of the status page, in the shape of the Statuspage public
// API v2 (docs/api.md; the wire format: ids as strings, ISO-8601 UTC times,
// `page` on every answer). Built from a Snapshot only: what the records hold
// for the public. Actors and the internal incident never appear. Pure.

#include <boost/json/object.hpp>

#include "statuspage/rollup.h"

namespace klaxon::statuspage {

enum class MaintenanceFilter { kAll, kUpcoming, kActive };

boost::json::object SummaryJson(const Snapshot& s);      // summary.json
boost::json::object StatusJson(const Snapshot& s);       // status.json
boost::json::object ComponentsJson(const Snapshot& s);   // components.json
// incidents.json (history, newest first) or incidents/unresolved.json.
boost::json::object IncidentsJson(const Snapshot& s, bool unresolved_only);
// scheduled-maintenances.json, …/upcoming.json (scheduled), …/active.json (in progress).
boost::json::object MaintenancesJson(const Snapshot& s, MaintenanceFilter filter);
// One public incident, as in incidents.json (the publish API answers with it).
boost::json::object IncidentJson(const Page& page, const Incident& inc);
boost::json::object MaintenanceJson(const Page& page, const Maintenance& m, MaintenanceStatus status);

}  // namespace klaxon::statuspage
