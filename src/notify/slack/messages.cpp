#include "notify/slack/messages.h"

#include <chrono>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "notify/slack/actions.h"
#include "notify/text.h"

namespace klaxon::notify::slack {
namespace {

using boost::json::array;
using boost::json::object;

// One "Label: value" line; `value` is already escaped and limited.
struct Field {
  std::string_view label;
  std::string value;
};

std::string FieldValue(std::string_view raw, std::string_view when_empty = {}) {
  if (raw.empty()) return std::string(when_empty);
  return Truncate(EscapeMrkdwn(raw), limits::kFieldText);
}

std::string Title(const Notification& n) {
  return n.incident.title.empty() ? n.incident_ref : n.incident.title;
}

std::string Lead(const incident::Incident& i) {
  return i.lead.empty() ? std::string("unassigned") : FieldValue(i.lead);
}

Duration ResolutionDuration(const Notification& n) {
  if (n.resolution && n.resolution->duration > Duration::zero()) return n.resolution->duration;
  if (n.incident.resolved_at) return *n.incident.resolved_at - n.incident.opened_at;
  return Duration::zero();
}


object PlainText(std::string_view text, size_t max_chars) {
  return object{{"type", "plain_text"}, {"text", Truncate(text, max_chars)}, {"emoji", true}};
}

object Header(std::string_view emoji_kind, const Notification& n) {
  // plain_text is shown literally by Slack: no escaping.
  return object{{"type", "header"},
                {"text", PlainText(fmt::format("{}: {}", emoji_kind, Title(n)), limits::kHeaderText)}};
}

object Section(const std::vector<Field>& fields) {
  std::string text;
  for (const auto& f : fields) {
    if (!text.empty()) text += '\n';
    text += fmt::format("*{}:* {}", f.label, f.value);
  }
  return object{{"type", "section"},
                {"text", object{{"type", "mrkdwn"}, {"text", Truncate(text, limits::kSectionText)}}}};
}

object Context(const Notification& n) {
  std::string text = EscapeMrkdwn(n.incident_ref);
  if (!n.incident.runbook_id.empty()) text += " · runbook " + EscapeMrkdwn(n.incident.runbook_id);
  if (!n.link.empty()) text += fmt::format(" · <{}|Open in klaxon>", LinkUrl(n.link));
  return object{
      {"type", "context"},
      {"elements",
       array{object{{"type", "mrkdwn"}, {"text", Truncate(text, limits::kSectionText)}}}}};
}

object Confirm(std::string_view title, std::string text) {
  return object{{"title", PlainText(title, 100)},
                {"text", PlainText(text, 300)},
                {"confirm", PlainText("Yes", 30)},
                {"deny", PlainText("No", 30)}};
}

object Button(ButtonAction action, std::string_view label, const Notification& n) {
  object b{{"type", "button"},
           {"action_id", Truncate(ActionId(action), limits::kActionId)},
           {"text", PlainText(label, limits::kButtonText)},
           {"value", Truncate(n.incident_ref, limits::kButtonValue)}};
  if (action == ButtonAction::kAcknowledge) b["style"] = "primary";
  if (action == ButtonAction::kResolve) {
    b["confirm"] = Confirm("Resolve?", fmt::format("Mark {} resolved", n.incident_ref));
  }
  if (action == ButtonAction::kEscalate) {
    b["style"] = "danger";
    b["confirm"] = Confirm("Escalate?", fmt::format("Page the next level for {}", n.incident_ref));
  }
  return b;
}

object Actions(const Notification& n) {
  array buttons;
  if (!n.incident.ack) buttons.push_back(Button(ButtonAction::kAcknowledge, "Acknowledge", n));
  buttons.push_back(Button(ButtonAction::kResolve, "Resolve", n));
  buttons.push_back(Button(ButtonAction::kEscalate, "Escalate", n));
  return object{{"type", "actions"},
                {"block_id", Truncate("incident_actions:" + n.incident_ref, limits::kBlockId)},
                {"elements", std::move(buttons)}};
}

// Under an update that asks for an approval: one Approve button.
object ApprovalActions(const Notification& n) {
  const ApprovalRequest& a = *n.approval;
  std::string value = ApprovalValue(n.incident_ref, a.step);
  object button{
      {"type", "button"},
      {"action_id", Truncate(ActionId(ButtonAction::kApprove), limits::kActionId)},
      {"text", PlainText(fmt::format("Approve step {}", a.step), limits::kButtonText)},
      {"style", "primary"},
      {"value", Truncate(value, limits::kButtonValue)},
      {"confirm", Confirm("Approve?", fmt::format("Run step {} \"{}\" of {} now ({} or above)",
                                                  a.step, a.name, n.incident_ref, a.role))}};
  return object{{"type", "actions"},
                {"block_id", Truncate("remediation_approval:" + value, limits::kBlockId)},
                {"elements", array{std::move(button)}}};
}

// The fallback: the header line, then "Label: value" lines (values escaped
// the same way: Slack renders `text` as mrkdwn too).
std::string Fallback(std::string_view emoji_kind, const Notification& n,
                     const std::vector<Field>& fields) {
  std::string text = fmt::format("{}: {}", emoji_kind, EscapeMrkdwn(Title(n)));
  for (const auto& f : fields) text += fmt::format("\n{}: {}", f.label, f.value);
  return Truncate(text, limits::kFallbackText);
}

Message Build(std::string_view emoji_kind, const Notification& n, std::vector<Field> fields,
              bool with_actions) {
  Message m;
  m.text = Fallback(emoji_kind, n, fields);
  m.blocks.push_back(Header(emoji_kind, n));
  if (!fields.empty()) m.blocks.push_back(Section(fields));
  m.blocks.push_back(Context(n));
  if (with_actions) m.blocks.push_back(Actions(n));
  if (m.blocks.size() > limits::kMaxBlocks) m.blocks.resize(limits::kMaxBlocks);
  return m;
}

constexpr std::string_view kIncident = "🔴 INCIDENT";
constexpr std::string_view kUpdate = "🟡 UPDATE";
constexpr std::string_view kResolved = "🟢 RESOLVED";

std::vector<Field> IncidentLines(const Notification& n) {
  return {{"Severity", FieldValue(n.incident.severity, "unknown")},
          {"Detected", FormatDetected(n.incident.opened_at)},
          {"Status", std::string(incident::DisplayName(n.incident.status))},
          {"Lead", Lead(n.incident)}};
}

std::vector<Field> UpdateLines(const Notification& n) {
  incident::Status status = n.update ? n.update->status : n.incident.status;
  std::vector<Field> fields{{"Status", std::string(incident::DisplayName(status))}};
  const notify::UpdateFields empty;
  const auto& u = n.update ? *n.update : empty;
  fields.push_back({"Summary", FieldValue(u.summary, "-")});
  fields.push_back({"Next", FieldValue(u.next, "-")});
  fields.push_back({"ETA", FieldValue(u.eta, "unknown")});
  return fields;
}

std::vector<Field> ResolvedLines(const Notification& n) {
  const ResolutionFields empty;
  const auto& r = n.resolution ? *n.resolution : empty;
  std::string root_cause = r.root_cause.empty() ? n.incident.root_cause : r.root_cause;
  return {{"Duration", FormatDuration(ResolutionDuration(n))},
          {"Impact", FieldValue(r.impact, "not recorded")},
          {"Root cause", FieldValue(root_cause, "not recorded")},
          {"Follow-up", FieldValue(r.follow_up, "none")}};
}

std::string_view Verb(Event e) {
  switch (e) {
    case Event::kAcknowledged: return "acknowledged";
    case Event::kSeverityChanged: return "severity changed";
    case Event::kEscalated: return "escalated";
    case Event::kReopened: return "re-opened";
    case Event::kOpened: return "opened";
    case Event::kUpdated: return "updated";
    case Event::kResolved: return "resolved";
    case Event::kUpdateDue: return "needs a status update";
  }
  return "updated";
}

}  // namespace

std::string EscapeMrkdwn(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string LinkUrl(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (c == '|') {
      out += "%7C";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatDetected(Time t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::minutes>(t - day)};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} UTC", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count());
}

Message IncidentMessage(const Notification& n) {
  return Build(kIncident, n, IncidentLines(n), false);
}

Message UpdateMessage(const Notification& n) {
  Message m = Build(kUpdate, n, UpdateLines(n), false);
  if (n.approval && m.blocks.size() < limits::kMaxBlocks) {
    m.blocks.push_back(ApprovalActions(n));
    m.text = Truncate(m.text + fmt::format("\nApproval needed: step {} \"{}\" ({} or above)",
                                           n.approval->step, EscapeMrkdwn(n.approval->name),
                                           n.approval->role),
                      limits::kFallbackText);
  }
  return m;
}

Message ResolvedMessage(const Notification& n) {
  return Build(kResolved, n, ResolvedLines(n), false);
}

Message TopMessage(const Notification& n) {
  if (!n.incident.IsOpen()) {
    std::vector<Field> fields{{"Severity", FieldValue(n.incident.severity, "unknown")},
                              {"Detected", FormatDetected(n.incident.opened_at)}};
    for (auto& f : ResolvedLines(n)) fields.push_back(std::move(f));
    return Build(kResolved, n, std::move(fields), false);
  }
  std::vector<Field> fields = IncidentLines(n);
  if (n.incident.ack) {
    fields.push_back({"Acknowledged",
                      fmt::format("{} at {}", FieldValue(n.incident.ack->by, "someone"),
                                  FormatDetected(n.incident.ack->at))});
  }
  if (n.update) {
    fields.push_back({"Summary", FieldValue(n.update->summary, "-")});
    fields.push_back({"Next", FieldValue(n.update->next, "-")});
    fields.push_back({"ETA", FieldValue(n.update->eta, "unknown")});
  }
  return Build(kIncident, n, std::move(fields), true);
}

Message ReminderMessage(const Notification& n) {
  const UpdateReminder empty;
  const UpdateReminder& r = n.reminder ? *n.reminder : empty;
  // A mention only from a Slack user id klaxon's configuration holds (never
  // free text), so nothing else can be mentioned.
  std::string who;
  if (!r.slack_user.empty()) {
    who = fmt::format("<@{}>", EscapeMrkdwn(r.slack_user));
  } else if (!r.person.empty()) {
    who = FieldValue(r.person);
  }
  std::string every = r.every > Duration::zero() ? FormatDuration(r.every) : std::string("cadence");
  std::string line = fmt::format(":alarm_clock: {} has had no status update in the last {} ({}).",
                                 EscapeMrkdwn(n.incident_ref), every,
                                 FieldValue(n.incident.severity, "unknown severity"));
  if (!who.empty()) line += fmt::format(" {} ({}), please post one:", who, FieldValue(r.as));
  else line += " Please post one:";
  line += " `" +
          EscapeMrkdwn(fmt::format("/incident update {} <status> | <summary> | <next> | <eta>",
                                   n.incident_ref)) +
          "`";
  line = Truncate(line, limits::kSectionText);
  Message m;
  m.text = line;
  m.blocks.push_back(
      object{{"type", "section"}, {"text", object{{"type", "mrkdwn"}, {"text", line}}}});
  return m;
}

Message ThreadMessage(const Notification& n) {
  switch (n.event) {
    case Event::kOpened: return IncidentMessage(n);
    case Event::kUpdated: return UpdateMessage(n);
    case Event::kResolved: return ResolvedMessage(n);
    case Event::kUpdateDue: return ReminderMessage(n);
    default: break;
  }
  std::string line = fmt::format("{} {}", EscapeMrkdwn(n.incident_ref), Verb(n.event));
  if (n.event == Event::kSeverityChanged) line += " to " + FieldValue(n.incident.severity);
  if (!n.actor.empty()) line += " by " + FieldValue(n.actor);
  line = Truncate(line, limits::kSectionText);
  Message m;
  m.text = line;
  m.blocks.push_back(
      object{{"type", "section"}, {"text", object{{"type", "mrkdwn"}, {"text", line}}}});
  return m;
}

boost::json::object PostMessageBody(std::string_view channel, const Message& m,
                                    std::string_view thread_ts) {
  object body{{"channel", channel}, {"text", m.text}, {"blocks", m.blocks}};
  if (!thread_ts.empty()) body["thread_ts"] = thread_ts;
  return body;
}

boost::json::object UpdateBody(std::string_view channel, std::string_view ts, const Message& m) {
  return object{{"channel", channel}, {"ts", ts}, {"text", m.text}, {"blocks", m.blocks}};
}

boost::json::object WebhookBody(const Message& m) {
  return object{{"text", m.text}, {"blocks", m.blocks}};
}

}  // namespace klaxon::notify::slack
