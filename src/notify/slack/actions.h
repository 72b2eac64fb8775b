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
//
// And under an update that asks for the approval of a remediation step (a
// thread reply), one button whose `value` names the incident and the step,
// "INC-42:3" (ApprovalValue):
//   remediation_approve Approve step N  approve and run it (confirm); only a
//                                       person with the step's role may

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klaxon::notify::slack {

enum class ButtonAction { kAcknowledge, kResolve, kEscalate, kApprove };

inline constexpr std::string_view kAckActionId = "incident_ack";
inline constexpr std::string_view kResolveActionId = "incident_resolve";
inline constexpr std::string_view kEscalateActionId = "incident_escalate";
inline constexpr std::string_view kApproveActionId = "remediation_approve";

std::string_view ActionId(ButtonAction a);
std::optional<ButtonAction> ParseActionId(std::string_view action_id);

// The Approve button's value: "<incident ref>:<step>", e.g. "INC-42:3".
std::string ApprovalValue(std::string_view incident_ref, int step);
// Its parts, or nullopt when `value` is not of that form (the ref itself is
// not checked here; a step is a number >= 1).
struct ApprovalTarget {
  std::string incident_ref;
  int step = 0;
};
std::optional<ApprovalTarget> ParseApprovalValue(std::string_view value);

}  // namespace klaxon::notify::slack
