#include "api/slack_answers.h"

#include <cctype>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "notify/slack/messages.h"
#include "oncall/resolve.h"

namespace klaxon::api::slack_answers {

http::Response Ephemeral(std::string_view text) {
  boost::json::object o{{"response_type", "ephemeral"}, {"text", notify::slack::EscapeMrkdwn(text)}};
  return http::Response::Json(200, boost::json::serialize(o));
}

std::string StatusLine(const incident::Incident& inc, std::string_view id_prefix) {
  std::string line = fmt::format("{} [{}] {}: {}", incident::DisplayId(id_prefix, inc.id),
                                 inc.severity, inc.title, incident::ToString(inc.status));
  if (inc.ack) line += fmt::format(", acknowledged by {} via {}", inc.ack->by, inc.ack->via);
  if (!inc.lead.empty()) line += fmt::format(", lead {}", inc.lead);
  return line;
}

std::string OnCallText(const config::Config& config, Time now, std::string_view schedule_id) {
  std::string out;
  for (const auto& s : config.schedules) {
    if (!schedule_id.empty() && s.spec.id != schedule_id) continue;
    auto shift = oncall::OnCallAt(s.spec, now);
    std::string who = "nobody";
    if (!shift) {
      who = "unknown (the schedule cannot be resolved)";
    } else if (!shift->person.empty()) {
      const auto* p = config.FindPerson(shift->person);
      who = p && !p->name.empty() ? fmt::format("{} ({})", p->name, p->id) : shift->person;
    }
    if (!out.empty()) out += "\n";
    out += fmt::format("{}: {}", s.spec.name.empty() ? s.spec.id : s.spec.name, who);
  }
  if (!out.empty()) return out;
  if (!schedule_id.empty()) return fmt::format("No schedule \"{}\" is configured.", schedule_id);
  return "No on-call schedules are configured.";
}

std::string_view ToString(Verb verb) {
  switch (verb) {
    case Verb::kAcknowledge: return "acknowledge";
    case Verb::kResolve: return "resolve";
    case Verb::kEscalate: return "escalate";
    case Verb::kUpdate: return "update";
  }
  return "update";
}

std::string PersonName(const config::Person& person) {
  return person.name.empty() ? person.id : person.name;
}

std::string Applied(Verb verb, const incident::Incident& inc, const config::Person& by,
                    std::string_view id_prefix) {
  const std::string ref = incident::DisplayId(id_prefix, inc.id);
  const std::string who = PersonName(by);
  std::string first;
  switch (verb) {
    case Verb::kAcknowledge:
      // Acknowledging twice keeps the first acknowledgement: say whose it is.
      if (inc.ack && inc.ack->by != by.id) {
        first = fmt::format("{} was already acknowledged by {} via {}.", ref, inc.ack->by, inc.ack->via);
      } else {
        first = fmt::format("{} acknowledged by {}.", ref, who);
      }
      break;
    case Verb::kResolve:
      first = fmt::format("{} resolved by {}.", ref, who);
      break;
    case Verb::kEscalate: {
      first = fmt::format("{} escalated by {}", ref, who);
      if (inc.escalation) {
        std::string paged;
        for (const auto& p : inc.escalation->paged) paged += (paged.empty() ? "" : ", ") + p;
        first += fmt::format(": level {} paged ({})", inc.escalation->level + 1,
                             paged.empty() ? "nobody on call" : paged);
      }
      first += ".";
      break;
    }
    case Verb::kUpdate:
      first = fmt::format("{} updated by {}.", ref, who);
      break;
  }
  return first + "\n" + StatusLine(inc, id_prefix);
}

std::string NotApplied(Verb verb, std::string_view ref, const Error& error) {
  // The engine says "cannot resolve INC-42: it is resolved"; keep the reason.
  std::string_view why = error.message;
  if (why.starts_with("cannot ")) {
    if (auto colon = why.find(": "); colon != std::string_view::npos) why.remove_prefix(colon + 2);
  }
  return fmt::format("Could not {} {}: {}. Nothing was changed.", ToString(verb), ref, why);
}

std::string NotAllowed(std::string_view what, const config::Person& person, access::Role need) {
  return fmt::format("You are not allowed to {}: role {} ({} needs {} or above). Nothing was changed.",
                     what, access::ToString(person.role), what, access::ToString(need));
}

std::string UnknownUser(std::string_view slack_user) {
  return fmt::format(
      "Your Slack user ({}) is not a person in klaxon's configuration; nothing was changed.",
      slack_user);
}

Result<UpdateText> ParseUpdateText(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
  };
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t bar = text.find('|', start);
    parts.push_back(trim(text.substr(start, bar == std::string_view::npos ? bar : bar - start)));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  UpdateText out;
  size_t i = 0;
  if (parts.size() > 1) {
    auto status = incident::ParseStatus(parts[0]);
    if (status && *status != incident::Status::kResolved) {
      out.status = status;
      i = 1;
    }
  }
  if (i < parts.size()) out.summary = parts[i++];
  if (i < parts.size()) out.next = parts[i++];
  for (; i < parts.size(); ++i) out.eta += (out.eta.empty() ? "" : " | ") + parts[i];
  if (out.summary.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "Say what we know: /incident update INC-42 [status |] <summary> [| <next> [| <eta>]]");
  }
  return out;
}

std::string Usage() {
  return "Usage: /incident ack INC-42, resolve INC-42 [root cause], "
         "update INC-42 [<status> |] <summary> [| <next> [| <eta>]], status [INC-42], "
         "oncall [schedule]";
}

}  // namespace klaxon::api::slack_answers
