#pragma once
// Which notifications an incident change produces, as a pure function: from
// the incident (its state after the change) and the timeline lines the change
// appended, the outbox rows to enqueue in the same unit of work.
//
// Lines and the events they announce:
//   opened -> opened            acknowledged -> acknowledged
//   update -> updated           severity_changed -> severity_changed
//   resolved -> resolved        reopened -> reopened
//   update_missed -> update_due (a reminder, with who it is for and their
//     Slack user; never sent to paging channels)
//   status_changed -> updated, unless the same change also produced one of
//     the lines above (an update that sets the status is one notification)
//   escalated -> escalated, unless the same change opened or re-opened the
//     incident: the first level paged on opening is announced by the
//     opened/reopened notification (the incident in it carries who was
//     paged), so a route `on: [escalated]` pages only when an incident was
//     not acknowledged in time, or someone escalated it by hand
// Other lines (alerts firing or resolving, lead assigned, escalation
// exhausted) notify nobody.
//
// Paging channels (type pagerduty) are told `acknowledged` and `resolved`
// only about incidents they were sent something else about before (which
// they turned into a trigger): `notified_before(channel)` says whether the
// outbox already has a row for the incident on that channel, and rows
// planned earlier in the same call count too. So routing PagerDuty
// `on: [escalated, acknowledged, resolved]` acknowledges and resolves exactly
// the incidents it was paged for.
//
// Each event goes to every channel the configured routes select for the
// incident's severity and runbook (config::NotificationRoute). The
// idempotency key is "<INC-42>:<event>:<timeline seq>": one per event,
// stable, so enqueuing the same event twice is a no-op. The payload is the
// notify::Notification, encoded by notify/payload.h, with the incident as it
// is after the whole change.

#include <functional>
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
// `notified_before` is asked only for paging channels; without it, paging
// channels count as never notified before.
using NotifiedBefore = std::function<bool(std::string_view channel)>;
std::vector<store::OutboxEntry> PlanNotifications(const config::Config& config,
                                                  const incident::Incident& incident,
                                                  std::span<const incident::TimelineEntry> lines,
                                                  Time now,
                                                  const NotifiedBefore& notified_before = nullptr);

}  // namespace klaxon::engine
