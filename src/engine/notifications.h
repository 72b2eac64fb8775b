#pragma once
// Which notifications an incident change produces, as a pure function: from
// the incident (its state after the change) and the timeline lines the change
// appended, the outbox rows to enqueue in the same unit of work.
//
// Lines and the events they announce:
//   opened -> opened            acknowledged -> acknowledged
//   update -> updated           severity_changed -> severity_changed
//   resolved -> resolved        reopened -> reopened
//   status_changed -> updated, unless the same change also produced one of
//     the lines above (an update that sets the status is one notification)
// Other lines (alerts firing or resolving, lead assigned) notify nobody.
//
// Each event goes to every channel the configured routes select for the
// incident's severity and runbook (config::NotificationRoute). The
// idempotency key is "<INC-42>:<event>:<timeline seq>": one per event,
// stable, so enqueuing the same event twice is a no-op. The payload is the
// notify::Notification, encoded by notify/payload.h, with the incident as it
// is after the whole change.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config/config.h"
#include "incident/incident.h"
#include "notify/notification.h"
#include "store/store.h"

namespace klaxon::engine {

// The event a timeline line of this kind announces on its own, if any
// (status_changed is handled by PlanNotifications).
std::optional<notify::Event> EventOfLine(std::string_view kind);

// The channel ids the routes select, in route order, without repeats.
// `event` is the short name ("opened", as in a route's `on:`).
std::vector<std::string> ChannelsFor(const config::NotificationSettings& settings,
                                     std::string_view severity, std::string_view runbook,
                                     std::string_view event);

// `lines` are the lines appended for `incident` in this unit of work, in
// order, each with its seq assigned. Rows are due at `now`.
std::vector<store::OutboxEntry> PlanNotifications(const config::Config& config,
                                                  const incident::Incident& incident,
                                                  std::span<const incident::TimelineEntry> lines,
                                                  Time now);

}  // namespace klaxon::engine
