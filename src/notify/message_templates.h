#pragma once
// The wording of klaxon's messages about an incident, as Mustache templates
// (templates/template.h). The defaults are the handbook's ("Internal (Slack
// #incidents)"), embedded in the binary (notify/templates/*.mustache); the
// `messages` section overrides them for every runbook and a runbook's own
// `messages` for its incidents (config checks each one against
// MessageVariables). Each channel keeps its structure in code (Slack's
// Block Kit blocks, buttons and limits; PagerDuty's event fields) and takes
// only the text from here. docs/notifications.md lists every variable.
//
// Pure; MessageTemplates is immutable once built and safe to share between
// threads.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "notify/notification.h"
#include "templates/template.h"

namespace klaxon::notify {

enum class MessageKind {
  kIncident,     // 🔴 INCIDENT: the opening post and the top of a Slack thread
  kUpdate,       // 🟡 UPDATE: a status update
  kResolved,     // 🟢 RESOLVED
  kReminder,     // a missed status update (Event::kUpdateDue)
  kPageSummary,  // one line naming a page (PagerDuty's payload.summary)
};
inline constexpr std::array<MessageKind, 5> kMessageKinds{
    MessageKind::kIncident, MessageKind::kUpdate, MessageKind::kResolved, MessageKind::kReminder,
    MessageKind::kPageSummary};

// The configuration key: "incident", "update", "resolved", "reminder", "page_summary".
std::string_view ToString(MessageKind kind);
std::optional<MessageKind> ParseMessageKind(std::string_view key);

// The handbook's wording, as shipped.
std::string_view DefaultTemplate(MessageKind kind);

// The names a template of `kind` may use.
const std::vector<templates::Variable>& MessageVariables(MessageKind kind);

// Templates that replace the defaults, by kind; a kind not present inherits.
using MessageTexts = std::map<MessageKind, std::string>;

class MessageTemplates {
 public:
  // The defaults everywhere.
  MessageTemplates() = default;
  // `global` over the defaults, and each runbook's own over both.
  MessageTemplates(MessageTexts global, std::map<std::string, MessageTexts, std::less<>> by_runbook);

  // The template for an incident of `runbook_id` ("" for none): the
  // runbook's own, else the global override, else the default. The view
  // lives as long as this object (or forever, for a default).
  std::string_view For(MessageKind kind, std::string_view runbook_id) const;

 private:
  MessageTexts global_;
  std::map<std::string, MessageTexts, std::less<>> by_runbook_;
};

// The shared default instance.
const MessageTemplates& DefaultMessageTemplates();

// The values a template of `kind` sees for `n`. `top`: rendering the message
// at the top of a Slack thread (the incident's current state) rather than a
// post for this one event. Every value is free text (the channel's escaping
// applies); "who" names the reminded person, and a channel that can mention
// them replaces it with its markup.
templates::Data MessageData(MessageKind kind, const Notification& n, bool top = false);

// "2025-08-07 09:14 UTC".
std::string FormatDetected(Time t);

// `text` (a template of `kind`) rendered with `data` and `escape`
// (templates::NoEscape for plain text), without trailing line breaks. A
// template that fails to render (config checks them first, so only a bug)
// gives the default's rendering.
std::string RenderMessage(MessageKind kind, std::string_view text, const templates::Data& data,
                          const templates::Escape& escape);

}  // namespace klaxon::notify
