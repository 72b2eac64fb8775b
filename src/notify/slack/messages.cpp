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

// In the mrkdwn rendering every value is wrapped in these marks, so that
// BoldLabel can tell the template's own text from values; StripMarks removes
// them (and any a value brought) before anything is sent.
constexpr char kValueStart = '\x02';
constexpr char kValueEnd = '\x03';

std::string StripMarks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != kValueStart && c != kValueEnd) out += c;
  }
  return out;
}

// A value in mrkdwn: escaped, and cut so one long value cannot crowd out the
// others.
std::string FieldText(std::string_view value) {
  return Truncate(EscapeMrkdwn(StripMarks(value)), limits::kFieldText);
}

std::string MarkedField(std::string_view value) {
  return kValueStart + FieldText(value) + kValueEnd;
}

std::string MarkedPlain(std::string_view value) {
  return kValueStart + StripMarks(value) + kValueEnd;
}

// The template's lines of a marked rendering: a line break inside a value
// (a title or summary written over several lines) does not end a line.
std::vector<std::string_view> TemplateLines(std::string_view marked) {
  std::vector<std::string_view> lines;
  bool in_value = false;
  size_t start = 0;
  for (size_t i = 0; i < marked.size(); ++i) {
    if (marked[i] == kValueStart) in_value = true;
    if (marked[i] == kValueEnd) in_value = false;
    if (marked[i] == '\n' && !in_value) {
      lines.push_back(marked.substr(start, i - start));
      start = i + 1;
    }
  }
  lines.push_back(marked.substr(start));
  return lines;
}

// "Severity: <value>" -> "*Severity:* <value>" when the label before the
// first ": " is the template's own text (no value, no markup in it).
std::string BoldLabel(std::string_view line) {
  size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return std::string(line);
  std::string_view label = line.substr(0, colon);
  if (label.find_first_of("\x02\x03*_~`") != std::string_view::npos || label.front() == ' ') {
    return std::string(line);
  }
  return fmt::format("*{}:*{}", label, line.substr(colon + 1));
}

// A handbook shape rendered from its template: the header line as plain
// text (Block Kit shows it literally), the rest as mrkdwn lines.
struct Shape {
  std::string header;    // plain text, unescaped
  std::string fallback;  // every line, values escaped
  std::string section;   // the lines after the header, labels bold; "" when none
};

Shape Render(MessageKind kind, const Notification& n, bool top, const MessageTemplates& wording) {
  std::string_view text = wording.For(kind, n.incident.runbook_id);
  templates::Data data = MessageData(kind, n, top);
  std::string plain = RenderMessage(kind, text, data, MarkedPlain);
  std::string marked = RenderMessage(kind, text, data, MarkedField);
  Shape s;
  s.header = StripMarks(TemplateLines(plain).front());
  if (s.header.empty()) s.header = n.incident_ref;
  s.fallback = StripMarks(marked);
  std::vector<std::string_view> lines = TemplateLines(marked);
  std::string section;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (i > 1) section += '\n';
    section += BoldLabel(lines[i]);
  }
  s.section = StripMarks(section);
  return s;
}

object PlainText(std::string_view text, size_t max_chars) {
  return object{{"type", "plain_text"}, {"text", Truncate(text, max_chars)}, {"emoji", true}};
}

object Header(std::string_view text) {
  return object{{"type", "header"}, {"text", PlainText(text, limits::kHeaderText)}};
}

object Section(std::string_view mrkdwn) {
  return object{{"type", "section"},
                {"text", object{{"type", "mrkdwn"}, {"text", Truncate(mrkdwn, limits::kSectionText)}}}};
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

// The fallback (`text`, which Slack renders as mrkdwn too) carries every
// line; the blocks the header, the field lines, the context and the buttons.
Message Build(const Shape& shape, const Notification& n, bool with_actions) {
  Message m;
  m.text = Truncate(shape.fallback, limits::kFallbackText);
  m.blocks.push_back(Header(shape.header));
  if (!shape.section.empty()) m.blocks.push_back(Section(shape.section));
  m.blocks.push_back(Context(n));
  if (with_actions) m.blocks.push_back(Actions(n));
  if (m.blocks.size() > limits::kMaxBlocks) m.blocks.resize(limits::kMaxBlocks);
  return m;
}

// One line in a section, also the fallback.
Message OneLine(std::string line) {
  line = Truncate(line, limits::kSectionText);
  Message m;
  m.text = line;
  m.blocks.push_back(
      object{{"type", "section"}, {"text", object{{"type", "mrkdwn"}, {"text", line}}}});
  return m;
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

Message IncidentMessage(const Notification& n, const MessageTemplates& wording) {
  return Build(Render(MessageKind::kIncident, n, false, wording), n, false);
}

Message UpdateMessage(const Notification& n, const MessageTemplates& wording) {
  Message m = Build(Render(MessageKind::kUpdate, n, false, wording), n, false);
  if (n.approval && m.blocks.size() < limits::kMaxBlocks) {
    m.blocks.push_back(ApprovalActions(n));
    m.text = Truncate(m.text + fmt::format("\nApproval needed: step {} \"{}\" ({} or above)",
                                           n.approval->step, EscapeMrkdwn(n.approval->name),
                                           n.approval->role),
                      limits::kFallbackText);
  }
  return m;
}

Message ResolvedMessage(const Notification& n, const MessageTemplates& wording) {
  return Build(Render(MessageKind::kResolved, n, false, wording), n, false);
}

Message TopMessage(const Notification& n, const MessageTemplates& wording) {
  if (!n.incident.IsOpen()) return Build(Render(MessageKind::kResolved, n, true, wording), n, false);
  return Build(Render(MessageKind::kIncident, n, true, wording), n, true);
}

Message ReminderMessage(const Notification& n, const MessageTemplates& wording) {
  templates::Data data = MessageData(MessageKind::kReminder, n);
  // A mention only from a Slack user id klaxon's configuration holds (never
  // free text), so nothing else can be mentioned.
  if (n.reminder && !n.reminder->slack_user.empty()) {
    data.Markup("who", fmt::format("<@{}>", EscapeMrkdwn(n.reminder->slack_user)));
  }
  return OneLine(RenderMessage(MessageKind::kReminder,
                               wording.For(MessageKind::kReminder, n.incident.runbook_id), data,
                               FieldText));
}

Message ThreadMessage(const Notification& n, const MessageTemplates& wording) {
  switch (n.event) {
    case Event::kOpened: return IncidentMessage(n, wording);
    case Event::kUpdated: return UpdateMessage(n, wording);
    case Event::kResolved: return ResolvedMessage(n, wording);
    case Event::kUpdateDue: return ReminderMessage(n, wording);
    default: break;
  }
  std::string line = fmt::format("{} {}", EscapeMrkdwn(n.incident_ref), Verb(n.event));
  if (n.event == Event::kSeverityChanged) line += " to " + FieldText(n.incident.severity);
  if (!n.actor.empty()) line += " by " + FieldText(n.actor);
  return OneLine(std::move(line));
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
