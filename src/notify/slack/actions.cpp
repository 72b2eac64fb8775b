#include "notify/slack/actions.h"

#include <charconv>

namespace klaxon::notify::slack {

std::string_view ActionId(ButtonAction a) {
  switch (a) {
    case ButtonAction::kAcknowledge: return kAckActionId;
    case ButtonAction::kResolve: return kResolveActionId;
    case ButtonAction::kEscalate: return kEscalateActionId;
    case ButtonAction::kApprove: return kApproveActionId;
  }
  return kAckActionId;
}

std::optional<ButtonAction> ParseActionId(std::string_view action_id) {
  if (action_id == kAckActionId) return ButtonAction::kAcknowledge;
  if (action_id == kResolveActionId) return ButtonAction::kResolve;
  if (action_id == kEscalateActionId) return ButtonAction::kEscalate;
  if (action_id == kApproveActionId) return ButtonAction::kApprove;
  return std::nullopt;
}

std::string ApprovalValue(std::string_view incident_ref, int step) {
  return std::string(incident_ref) + ":" + std::to_string(step);
}

std::optional<ApprovalTarget> ParseApprovalValue(std::string_view value) {
  auto colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view digits = value.substr(colon + 1);
  int step = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), step);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || step < 1) {
    return std::nullopt;
  }
  return ApprovalTarget{std::string(value.substr(0, colon)), step};
}

}  // namespace klaxon::notify::slack
