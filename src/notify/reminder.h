#pragma once
// A reminder: a short message about one incident's follow-up, to a channel
// or to one person (a Slack DM). Post-mortems send two kinds: an overdue
// post-mortem, and an action item that fell due. Built by the engine
// (engine/postmortems.h), stored in the outbox as JSON (EncodeReminder),
// rendered by each channel (Channel::SendReminder). Plain values.
//
// The JSON is private to klaxon but durable, like payload.h: fields may be
// added (readers default them), never renamed or given another meaning.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace klaxon::notify {

// The outbox event of a reminder (the X-Klaxon-Event of its webhook).
inline constexpr std::string_view kReminderEvent = "postmortem.reminder";

struct Reminder {
  std::string kind;            // "postmortem_overdue" | "action_item_due"
  std::string incident_ref;    // "INC-42"
  std::string incident_title;
  std::string text;            // the message, plain text, one paragraph
  std::string link;            // URL of the incident in klaxon; "" when none
  int64_t action_item = 0;     // action_item_due: the item's id
  std::string owner;           // action_item_due: the item's owner
  Time at{};                   // when it fell due
  // Who this copy is for: "" for a channel post; a person id for a direct
  // copy, with `slack_user` set when it goes to their Slack user (a DM).
  std::string recipient;
  std::string slack_user;
  std::string idempotency_key;  // stable across retries; set by the planner
};

std::string EncodeReminder(const Reminder& reminder);
// kInvalidArgument when `json` is not a reminder (the message never quotes it).
Result<Reminder> DecodeReminder(std::string_view json);

}  // namespace klaxon::notify
