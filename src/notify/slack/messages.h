#pragma once
// Slack messages for an incident, in the handbook's three shapes (the
// default wording; `wording` holds the configured templates, see
// notify/message_templates.h):
//
//   🔴 INCIDENT: <title>        🟡 UPDATE: <title>         🟢 RESOLVED: <title>
//   Severity: SEV1              Status: Identified         Duration: 47m
//   Detected: 2025-08-07 09:14 UTC  Summary: ...           Impact: ...
//   Status: Investigating       Next: ...                  Root cause: ...
//   Lead: unassigned            ETA: ...                   Follow-up: ...
//
// Each Message has Block Kit `blocks` and a plain `text` fallback (what
// notifications and screen readers show) carrying the same lines.
//
// The template gives the text; the blocks stay code. Of its rendering, the
// first line is the header, the other lines the section, where a line's
// leading "Label:" (the template's own text before the first ": ") is bold.
// The fallback is every line.
//
// Blocks of a message, in order:
//   header   plain_text "<emoji> <KIND>: <title>" (<= 150 chars)
//   section  mrkdwn, one "*Label:* value" line per field (<= 3000 chars);
//            left out when the template has one line only
//   context  mrkdwn "INC-42 · runbook RB-001 · <link|Open in klaxon>"
//   actions  (top message of an open incident only) block_id
//            "incident_actions:INC-42", buttons Acknowledge (until
//            acknowledged), Resolve, Escalate; see actions.h.
//   actions  (an update asking for an approval only: Notification::approval)
//            block_id "remediation_approval:INC-42:3", one button
//            "Approve step 3" with value "INC-42:3"; the fallback says
//            "Approval needed: step 3 "<name>" (lead or above)".
//
// Limits (Block Kit's, never exceeded): <= 50 blocks, header 150 chars,
// section text 3000, button text 75, action_id and block_id 255, button
// value 255 (klaxon's own cap; Slack allows 2000). Longer text is cut and
// ends with "…". Every template value (free text from people and alerts:
// title, summary, next, ETA, impact, root cause, follow-up, lead, ...) has
// &, < and > escaped in mrkdwn and in the fallback, whichever braces the
// template uses, so it can neither mention @channel nor forge links; each is
// cut at 1000 characters there. The template's own text is mrkdwn as written.
//
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/time.h"
#include "notify/message_templates.h"
#include "notify/notification.h"

namespace klaxon::notify::slack {

namespace limits {
inline constexpr size_t kMaxBlocks = 50;
inline constexpr size_t kHeaderText = 150;
inline constexpr size_t kSectionText = 3000;
inline constexpr size_t kButtonText = 75;
inline constexpr size_t kActionId = 255;
inline constexpr size_t kBlockId = 255;
inline constexpr size_t kButtonValue = 255;
// Slack truncates `text` beyond 40,000 characters; klaxon keeps the fallback
// far shorter, at the length Slack recommends.
inline constexpr size_t kFallbackText = 4000;
// One free-text field inside a section, so one long field cannot crowd out
// the others.
inline constexpr size_t kFieldText = 1000;
}  // namespace limits

struct Message {
  std::string text;          // plain-text fallback
  boost::json::array blocks;
};

// "&" -> "&amp;", "<" -> "&lt;", ">" -> "&gt;": Slack's mrkdwn control characters.
std::string EscapeMrkdwn(std::string_view text);

// "2025-08-07 09:14 UTC" (notify/message_templates.h).
using notify::FormatDetected;

// A URL for inside <url|label>: Slack's control characters escaped, and '|'
// (which would end the URL) percent-encoded.
std::string LinkUrl(std::string_view url);

// The message at the top of the incident's thread, showing the current
// state; posted with chat.postMessage when the incident opens and then
// edited in place with chat.update on every change. Open: 🔴 INCIDENT with
// Severity, Detected, Status, Lead (and Acknowledged, Summary, Next, ETA once
// known) and the buttons. Resolved: 🟢 RESOLVED with the resolution fields,
// no buttons.
Message TopMessage(const Notification& n,
                   const MessageTemplates& wording = DefaultMessageTemplates());

// The reply posted in the thread for this event: kOpened 🔴 INCIDENT,
// kUpdated 🟡 UPDATE, kResolved 🟢 RESOLVED (each exactly the handbook's
// fields, no buttons); other events one line, e.g. "INC-42 acknowledged by
// alice".
Message ThreadMessage(const Notification& n,
                   const MessageTemplates& wording = DefaultMessageTemplates());

// The update reminder (Event::kUpdateDue), one line in the thread: who is
// reminded (a <@U...> mention when their Slack user is known, else their
// name, else the channel), the cadence, and the /incident update syntax.
Message ReminderMessage(const Notification& n,
                   const MessageTemplates& wording = DefaultMessageTemplates());

// The handbook shapes themselves (no buttons).
Message IncidentMessage(const Notification& n,
                   const MessageTemplates& wording = DefaultMessageTemplates());
Message UpdateMessage(const Notification& n,
                   const MessageTemplates& wording = DefaultMessageTemplates());
Message ResolvedMessage(const Notification& n,
                   const MessageTemplates& wording = DefaultMessageTemplates());

// Request bodies. `channel` is a channel ID ("C0INCIDENTS"); chat.update
// requires an ID, not a name.
//   chat.postMessage: {"channel","text","blocks"}; with thread_ts also
//   "thread_ts" (the parent message's ts) for a thread reply.
boost::json::object PostMessageBody(std::string_view channel, const Message& m,
                                    std::string_view thread_ts = {});
//   chat.update: {"channel","ts","text","blocks"}.
boost::json::object UpdateBody(std::string_view channel, std::string_view ts, const Message& m);
//   incoming webhook: {"text","blocks"} (the webhook fixes the channel).
boost::json::object WebhookBody(const Message& m);

}  // namespace klaxon::notify::slack
