#include "notify/slack/brief.h"

#include <fmt/format.h>

#include "notify/text.h"

namespace klaxon::notify::slack {
namespace {

using boost::json::array;
using boost::json::object;

constexpr std::string_view kHandoff = "🔁 HANDOFF";

std::string Escaped(std::string_view raw, std::string_view when_empty = {}) {
  if (raw.empty()) return std::string(when_empty);
  return Truncate(EscapeMrkdwn(raw), limits::kFieldText);
}

std::string NameOf(const BriefPerson& p) {
  if (p.id.empty()) return "nobody";
  return Escaped(p.name.empty() ? p.id : p.name);
}

std::string ScheduleName(const HandoffBrief& b) {
  return b.schedule_name.empty() ? b.schedule_id : b.schedule_name;
}

// "2h15m", to the minute; "under a minute" below one.
std::string Age(Duration d) {
  auto minutes = std::chrono::floor<std::chrono::minutes>(d);
  if (minutes <= std::chrono::minutes::zero()) return "under a minute";
  return FormatDuration(minutes);
}

// "Diego is on call now, taking over from Maya (2025-08-11 16:00 UTC)."
std::string Opening(const HandoffBrief& b) {
  std::string when = FormatDetected(b.at);
  std::string from = b.outgoing.id.empty() ? "" : ", taking over from " + NameOf(b.outgoing);
  if (!b.recipient.empty()) {
    return fmt::format("You are on call now for {}{} ({}).", Escaped(ScheduleName(b)), from, when);
  }
  if (b.incoming.id.empty()) {
    return fmt::format("Nobody is on call now for {}; {} went off call ({}).",
                       Escaped(ScheduleName(b)), NameOf(b.outgoing), when);
  }
  return fmt::format("{} is on call now{} ({}).", NameOf(b.incoming), from, when);
}

std::string CountLine(const HandoffBrief& b) {
  int64_t open = static_cast<int64_t>(b.incidents.size()) + b.unlisted;
  if (open == 0) return "Nothing is open: nothing to hand over.";
  return fmt::format("{} open incident{}:", open, open == 1 ? "" : "s");
}

std::string IncidentText(const HandoffBrief& b, const BriefIncident& i) {
  std::string ref = EscapeMrkdwn(i.ref);
  if (!i.link.empty()) ref = fmt::format("<{}|{}>", LinkUrl(i.link), ref);
  std::string text = fmt::format("*{}* {}\n{} · {} · open {} · lead {}", ref, Escaped(i.title),
                                 Escaped(i.severity, "unknown"), incident::DisplayName(i.status),
                                 Age(b.at - i.opened_at), Escaped(i.lead, "none"));
  if (!i.summary.empty()) text += "\n*Summary:* " + Escaped(i.summary);
  text += "\n*Next:* " + Escaped(i.next, "no update yet");
  if (!i.eta.empty()) text += "\n*ETA:* " + Escaped(i.eta);
  return Truncate(text, limits::kSectionText);
}

object Section(std::string text) {
  return object{{"type", "section"},
                {"text", object{{"type", "mrkdwn"}, {"text", Truncate(text, limits::kSectionText)}}}};
}

}  // namespace

Message HandoffMessage(const HandoffBrief& b) {
  Message m;
  std::string header = fmt::format("{}: {}", kHandoff, ScheduleName(b));
  m.blocks.push_back(object{
      {"type", "header"},
      {"text", object{{"type", "plain_text"},
                      {"text", Truncate(header, limits::kHeaderText)},
                      {"emoji", true}}}});
  std::string opening = Opening(b) + "\n" + CountLine(b);
  m.blocks.push_back(Section(opening));
  std::string text = fmt::format("{}: {}\n{}", kHandoff, Escaped(ScheduleName(b)), opening);
  size_t listed = 0;
  for (const auto& i : b.incidents) {
    if (listed == kMaxListed) break;
    std::string item = IncidentText(b, i);
    m.blocks.push_back(Section(item));
    text += "\n- " + item;
    ++listed;
  }
  int64_t more = b.unlisted + static_cast<int64_t>(b.incidents.size() - listed);
  if (more > 0) {
    std::string line = fmt::format("…and {} more open incident{} in klaxon.", more,
                                   more == 1 ? "" : "s");
    m.blocks.push_back(Section(line));
    text += "\n" + line;
  }
  m.blocks.push_back(object{
      {"type", "context"},
      {"elements", array{object{{"type", "mrkdwn"},
                                {"text", Truncate("klaxon handoff brief · schedule " +
                                                      EscapeMrkdwn(b.schedule_id),
                                                  limits::kSectionText)}}}}});
  m.text = Truncate(text, limits::kFallbackText);
  return m;
}

boost::json::object BriefPostBody(std::string_view channel, const HandoffBrief& brief) {
  return PostMessageBody(brief.slack_user.empty() ? channel : brief.slack_user,
                         HandoffMessage(brief));
}

Message ReminderMessage(const Reminder& r) {
  using boost::json::array;
  using boost::json::object;
  std::string ref = r.link.empty() ? "*" + EscapeMrkdwn(r.incident_ref) + "*"
                                   : "<" + LinkUrl(r.link) + "|*" + EscapeMrkdwn(r.incident_ref) + "*>";
  std::string body = "\u23F0 " + ref + " " + EscapeMrkdwn(r.incident_title) + "\n" + EscapeMrkdwn(r.text);
  Message m;
  m.blocks.push_back(object{{"type", "section"},
                            {"text", object{{"type", "mrkdwn"},
                                            {"text", Truncate(body, limits::kSectionText)}}}});
  m.text = Truncate(r.incident_ref + ": " + r.text, limits::kFallbackText);
  return m;
}

boost::json::object ReminderPostBody(std::string_view channel, const Reminder& reminder) {
  return PostMessageBody(reminder.slack_user.empty() ? channel : reminder.slack_user,
                         ReminderMessage(reminder));
}

}  // namespace klaxon::notify::slack
