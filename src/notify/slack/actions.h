#pragma once
// The buttons klaxon puts on an open incident's Slack message. Their
// action_id values are a contract with the interaction handler: a click comes
// back as a block_actions payload carrying the action_id and, as `value`, the
// incident's display id ("INC-42").
//
//   action_id           button        effect (wired by the engine later)
//   incident_ack        Acknowledge   acknowledge the incident
//   incident_resolve    Resolve       resolve it (after a confirm dialog)
//   incident_escalate   Escalate      page the next escalation level (confirm)

#include <optional>
#include <string_view>

namespace klaxon::notify::slack {

enum class ButtonAction { kAcknowledge, kResolve, kEscalate };

inline constexpr std::string_view kAckActionId = "incident_ack";
inline constexpr std::string_view kResolveActionId = "incident_resolve";
inline constexpr std::string_view kEscalateActionId = "incident_escalate";

std::string_view ActionId(ButtonAction a);
std::optional<ButtonAction> ParseActionId(std::string_view action_id);

}  // namespace klaxon::notify::slack
