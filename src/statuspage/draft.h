#pragma once
// The publish draft: what a lead is offered, pre-filled, when an internal
// incident is to be made public (GET /api/v1/incidents/{id}/publish). Built
// only from the runbook's status-page messages (`communication.status_page`)
// and the configured components' names, never from the internal incident's
// title, alerts or timeline, so nothing internal is suggested for the public.
// Runbooks without messages get plain, general ones (the handbook: simple
// language, no technical details, impact first). Pure.

#include <optional>
#include <string>
#include <vector>

#include "statuspage/statuspage.h"

namespace klaxon::statuspage {

struct Message {
  std::string title;
  std::string body;
};

struct DraftInput {
  const Page* page = nullptr;  // required
  std::string runbook_id;      // "" for none
  std::string service;         // the runbook's service, "" for none
  int severity_rank = 0;       // 0 is the most severe level
  // The runbook's messages; nullopt: the general ones.
  std::optional<Message> investigating, identified, resolved;
};

struct Draft {
  Message investigating, identified, monitoring, resolved;  // one per state
  Impact impact = Impact::kNone;
  std::vector<ComponentState> components;  // suggested, each at the impact's status
};

// Severity rank -> impact: 0 critical, 1 major, 2 minor, later none.
Impact ImpactOfRank(int rank);
// Impact -> the status suggested for the affected components.
ComponentStatus ComponentStatusFor(Impact impact);
// Components mapped to the runbook or its service (`services`, `runbooks`).
std::vector<std::string> SuggestedComponents(const Page& page, std::string_view runbook_id,
                                             std::string_view service);
// The general message for a state, naming the affected components
// ("the API and Payments"; "some of our services" when none).
Message GeneralMessage(IncidentStatus status, const std::string& affected);
// "the API", "the API and Payments", "API, Payments and Web app".
std::string Affected(const Page& page, const std::vector<std::string>& component_ids);

Draft MakeDraft(const DraftInput& in);
// The draft's message for a state.
const Message& MessageFor(const Draft& d, IncidentStatus status);

}  // namespace klaxon::statuspage
