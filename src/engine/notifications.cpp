#include "engine/notifications.h"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "engine/postmortems.h"
#include "incident/lifecycle.h"
#include "notify/payload.h"

namespace klaxon::engine {
namespace {

namespace kinds = incident::kinds;

std::string_view ShortName(notify::Event e) {
  std::string_view full = notify::ToString(e);  // "incident.opened"
  auto dot = full.find('.');
  return dot == std::string_view::npos ? full : full.substr(dot + 1);
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// The approval an update line asks for (incident::PostUpdate::approval).
std::optional<notify::ApprovalRequest> ApprovalOf(const incident::TimelineEntry& line) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line.data, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* a = v.as_object().if_contains("approval");
  if (!a || !a->is_object()) return std::nullopt;
  const auto& o = a->as_object();
  const auto* step = o.if_contains("step");
  const auto* name = o.if_contains("name");
  const auto* role = o.if_contains("role");
  if (!step || !step->is_int64() || !name || !name->is_string() || !role || !role->is_string()) {
    return std::nullopt;
  }
  return notify::ApprovalRequest{static_cast<int>(step->as_int64()), std::string(name->as_string()),
                                 std::string(role->as_string())};
}

// "users: 1,200 could not pay; payments: 340 delayed": the impact the
// resolver gave (the resolved line's data, lifecycle.h), "" when none.
std::string ImpactOf(const incident::TimelineEntry& line) {
  if (line.kind != kinds::kResolved) return "";
  boost::system::error_code ec;
  auto data = boost::json::parse(line.data, ec);
  if (ec || !data.is_object()) return "";
  const auto* impact = data.as_object().if_contains("impact");
  if (!impact || !impact->is_object()) return "";
  std::string out;
  for (std::string_view key : {"users", "payments", "revenue"}) {
    const auto* v = impact->as_object().if_contains(key);
    if (!v || !v->is_string() || v->as_string().empty()) continue;
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", key, std::string_view(v->as_string()));
  }
  return out;
}

// The handbook's RESOLVED fields: the duration to the second, the impact
// given at resolution, the root cause, and as follow-up the post-mortem when
// the rules require one ("Post-mortem required (SEV1) by 2026-12-02:
// klaxon postmortem INC-1").
notify::ResolutionFields Resolution(const config::Config& config, const incident::Incident& inc,
                                    const std::string& ref, const incident::TimelineEntry& line) {
  notify::ResolutionFields r;
  r.duration = std::chrono::round<std::chrono::seconds>(*inc.resolved_at - inc.opened_at);
  r.impact = ImpactOf(line);
  r.root_cause = inc.root_cause;
  auto required = PostmortemRequirement(config, inc, *inc.resolved_at);
  if (required.required) {
    std::string reasons;
    for (const auto& why : required.reasons) reasons += (reasons.empty() ? "" : "; ") + why;
    r.follow_up = fmt::format("Post-mortem required ({}) by {:%Y-%m-%d}: klaxon postmortem {}", reasons,
                              std::chrono::floor<std::chrono::days>(*inc.resolved_at +
                                                                    config.postmortems.write_within),
                              ref);
  }
  return r;
}

notify::Notification Build(const config::Config& config, const incident::Incident& inc,
                           const incident::TimelineEntry& line, notify::Event event,
                           const std::string& key) {
  notify::Notification n;
  n.event = event;
  n.incident_ref = incident::DisplayId(config.incidents.id_prefix, inc.id);
  n.incident = inc;
  if (!inc.summary.empty() || !inc.next_step.empty() || event == notify::Event::kUpdated) {
    n.update = notify::UpdateFields{inc.status, inc.summary, inc.next_step, inc.eta};
  }
  if (inc.status == incident::Status::kResolved && inc.resolved_at) {
    n.resolution = Resolution(config, inc, n.incident_ref, line);
  }
  if (event == notify::Event::kUpdated) n.approval = ApprovalOf(line);
  if (event == notify::Event::kUpdateDue) {
    // The update_missed line's data says who is reminded (lifecycle.h).
    notify::UpdateReminder r;
    boost::system::error_code ec;
    auto data = boost::json::parse(line.data, ec);
    if (!ec && data.is_object()) {
      const auto& o = data.as_object();
      auto str = [&](std::string_view k) {
        const auto* v = o.if_contains(k);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
      };
      r.person = str("remind");
      r.as = str("as");
    }
    if (const auto* p = config.FindPerson(r.person)) r.slack_user = p->slack_user;
    if (const auto* sev = config.FindSeverity(inc.severity)) r.every = sev->update_every;
    n.reminder = std::move(r);
  }
  n.link = fmt::format("{}/api/v1/incidents/{}", config.server.external_url, n.incident_ref);
  n.at = line.at;
  n.actor = line.actor;
  n.idempotency_key = key;
  return n;
}

}  // namespace

std::optional<notify::Event> EventOfLine(std::string_view kind) {
  if (kind == kinds::kOpened) return notify::Event::kOpened;
  if (kind == kinds::kAcknowledged) return notify::Event::kAcknowledged;
  if (kind == kinds::kUpdate) return notify::Event::kUpdated;
  if (kind == kinds::kSeverityChanged) return notify::Event::kSeverityChanged;
  if (kind == kinds::kResolved) return notify::Event::kResolved;
  if (kind == kinds::kReopened) return notify::Event::kReopened;
  if (kind == kinds::kEscalated) return notify::Event::kEscalated;
  if (kind == kinds::kUpdateMissed) return notify::Event::kUpdateDue;
  return std::nullopt;
}

std::vector<std::string> ChannelsFor(const config::NotificationSettings& settings,
                                     std::string_view severity, std::string_view runbook,
                                     std::string_view event) {
  std::vector<std::string> out;
  for (const auto& route : settings.routes) {
    if (!Contains(route.severities, severity) || !Contains(route.runbooks, runbook) ||
        !Contains(route.events, event)) {
      continue;
    }
    for (const auto& c : route.channels) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    if (route.stop) break;
  }
  return out;
}

std::vector<store::OutboxEntry> PlanNotifications(const config::Config& config,
                                                  const incident::Incident& incident,
                                                  std::span<const incident::TimelineEntry> lines,
                                                  Time now, const NotifiedBefore& notified_before) {
  std::vector<store::OutboxEntry> out;
  if (config.notifications.routes.empty()) return out;
  bool announced = std::any_of(lines.begin(), lines.end(), [](const auto& l) {
    return EventOfLine(l.kind).has_value();
  });
  bool opening = std::any_of(lines.begin(), lines.end(), [](const auto& l) {
    return l.kind == kinds::kOpened || l.kind == kinds::kReopened;
  });
  // Paging channels get acknowledged/resolved only after something else.
  auto may_send = [&](const std::string& channel, notify::Event event) {
    if (event == notify::Event::kUpdateDue) {  // a reminder is not a page
      const auto* c = config.notifications.FindChannel(channel);
      return !c || c->type != "pagerduty";
    }
    if (event != notify::Event::kAcknowledged && event != notify::Event::kResolved) return true;
    const auto* c = config.notifications.FindChannel(channel);
    if (!c || c->type != "pagerduty") return true;
    bool planned = std::any_of(out.begin(), out.end(),
                               [&](const store::OutboxEntry& e) { return e.channel == channel; });
    return planned || (notified_before && notified_before(channel));
  };
  for (const auto& line : lines) {
    std::optional<notify::Event> event = EventOfLine(line.kind);
    if (!event && line.kind == kinds::kStatusChanged && !announced) event = notify::Event::kUpdated;
    if (event == notify::Event::kEscalated && opening) continue;
    if (!event) continue;
    std::string_view name = ShortName(*event);
    auto channels = ChannelsFor(config.notifications, incident.severity, incident.runbook_id, name);
    std::erase_if(channels, [&](const std::string& c) { return !may_send(c, *event); });
    if (channels.empty()) continue;
    std::string key = fmt::format("{}:{}:{}",
                                  incident::DisplayId(config.incidents.id_prefix, incident.id),
                                  name, line.seq);
    std::string payload = notify::EncodePayload(Build(config, incident, line, *event, key));
    for (auto& channel : channels) {
      store::OutboxEntry e;
      e.incident_id = incident.id;
      e.channel = std::move(channel);
      e.event = std::string(notify::ToString(*event));
      e.idempotency_key = key;
      e.payload = payload;
      e.next_attempt_at = now;
      e.created_at = now;
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace klaxon::engine
