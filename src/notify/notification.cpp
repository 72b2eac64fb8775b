#include "notify/notification.h"

#include <array>
#include <utility>

namespace klaxon::notify {
namespace {

constexpr std::array<std::pair<Event, std::string_view>, 8> kEventNames{{
    {Event::kOpened, "incident.opened"},
    {Event::kAcknowledged, "incident.acknowledged"},
    {Event::kUpdated, "incident.updated"},
    {Event::kSeverityChanged, "incident.severity_changed"},
    {Event::kEscalated, "incident.escalated"},
    {Event::kReopened, "incident.reopened"},
    {Event::kResolved, "incident.resolved"},
    {Event::kUpdateDue, "incident.update_due"},
}};

}  // namespace

std::string_view ToString(Event e) {
  for (const auto& [event, name] : kEventNames) {
    if (event == e) return name;
  }
  return "incident.updated";
}

std::optional<Event> ParseEvent(std::string_view text) {
  for (const auto& [event, name] : kEventNames) {
    if (name == text) return event;
  }
  return std::nullopt;
}

}  // namespace klaxon::notify
