#include "api/slack_answers.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "oncall/resolve.h"

namespace klaxon::api::slack_answers {

http::Response Ephemeral(std::string_view text) {
  boost::json::object o{{"response_type", "ephemeral"}, {"text", text}};
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

std::string Usage() {
  return "Usage: /incident ack INC-42 | resolve INC-42 [root cause] | update INC-42 <text> | "
         "status [INC-42] | oncall [schedule]";
}

}  // namespace klaxon::api::slack_answers
