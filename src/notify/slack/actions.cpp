#include "notify/slack/actions.h"

namespace klaxon::notify::slack {

std::string_view ActionId(ButtonAction a) {
  switch (a) {
    case ButtonAction::kAcknowledge: return kAckActionId;
    case ButtonAction::kResolve: return kResolveActionId;
    case ButtonAction::kEscalate: return kEscalateActionId;
  }
  return kAckActionId;
}

std::optional<ButtonAction> ParseActionId(std::string_view action_id) {
  if (action_id == kAckActionId) return ButtonAction::kAcknowledge;
  if (action_id == kResolveActionId) return ButtonAction::kResolve;
  if (action_id == kEscalateActionId) return ButtonAction::kEscalate;
  return std::nullopt;
}

}  // namespace klaxon::notify::slack
