#pragma once
// The handoff brief (notify/brief.h) as a Slack message:
//
//   🔁 HANDOFF: Primary on-call
//   Diego Hernández is on call now, taking over from Maya Okafor (2025-08-11 16:00 UTC).
//   2 open incidents:
//   ─ *INC-7* API Health Check Failing
//     SEV1 · Identified · open 2h15m · lead maya
//     Summary: ... / Next: ... / ETA: ...
//   ─ ...
//   klaxon handoff brief · schedule primary
//
// With nothing open the list is one line: "Nothing is open: nothing to hand
// over." A direct copy (brief.recipient set) speaks to the person: "You are
// on call now for Primary on-call, ...".
//
// Blocks: header, a section with the handoff, one section per incident (at
// most kMaxListed; the rest are counted in a last line), a context block.
// Block Kit limits as in messages.h; free text is escaped as there.
//
// Pure; thread-safe.

#include <string_view>

#include <boost/json/object.hpp>

#include "notify/brief.h"
#include "notify/reminder.h"
#include "notify/slack/messages.h"

namespace klaxon::notify::slack {

inline constexpr size_t kMaxListed = 40;  // incident sections; keeps the total under 50 blocks

Message HandoffMessage(const HandoffBrief& brief);

// The chat.postMessage body of a brief: to `brief.slack_user` (a DM from the
// bot) when set, otherwise to `channel`.
boost::json::object BriefPostBody(std::string_view channel, const HandoffBrief& brief);

// A reminder (notify/reminder.h): "⏰ <text>" with a link to the incident,
// to `reminder.slack_user` (a DM) when set, otherwise to `channel`.
Message ReminderMessage(const Reminder& reminder);
boost::json::object ReminderPostBody(std::string_view channel, const Reminder& reminder);

}  // namespace klaxon::notify::slack
