#pragma once
// The text klaxon answers Slack with: ephemeral messages for /incident and
// for refused button clicks. Pure (given the configuration and an instant);
// thread-safe. Nothing here ever includes a secret.

#include <optional>
#include <string>
#include <string_view>

#include "access/role.h"
#include "config/config.h"
#include "core/result.h"
#include "core/time.h"
#include "http/types.h"
#include "incident/incident.h"

namespace klaxon::api::slack_answers {

// 200 {"response_type":"ephemeral","text":<text>}: only the caller sees it.
// Slack's mrkdwn control characters (&, <, >) in `text` are escaped.
http::Response Ephemeral(std::string_view text);

// One line about an incident, e.g.
// "INC-42 [SEV1] API Health Check Failing: investigating, acknowledged by alice via slack, lead maya".
std::string StatusLine(const incident::Incident& inc, std::string_view id_prefix);

// Who is on call at `now` in every schedule (or only in `schedule_id` when it
// is not empty), one line each: "Primary on-call: Maya Okafor (maya)".
// An unknown schedule id, or no schedules at all, is said in the text.
std::string OnCallText(const config::Config& config, Time now, std::string_view schedule_id);

// The handbook's 🟡 UPDATE fields from `/incident update INC-42 <text>`:
// "<status> | <summary> | <next> | <eta>", where the status part is
// optional (only a whole first part naming an open status counts: "identified
// | ..."), so "identified | Cause found | Rolling back | 20m" sets all four
// and plain text is only the summary. Parts are trimmed; more than four parts
// keep the rest in the ETA. An empty summary is an error.
struct UpdateText {
  std::optional<incident::Status> status;
  std::string summary;
  std::string next;
  std::string eta;
};
Result<UpdateText> ParseUpdateText(std::string_view text);

// How to use /incident.
std::string Usage();

// What a person asked klaxon to do to an incident, from Slack.
enum class Verb { kAcknowledge, kResolve, kEscalate, kUpdate };
std::string_view ToString(Verb verb);  // "acknowledge", "resolve", "escalate", "update"

// How answers name a person: their configured name, else their id.
std::string PersonName(const config::Person& person);

// The answer once `verb` by `by` was applied and committed; `inc` is the
// incident after it. The first line says what happened ("INC-42
// acknowledged by Maya Okafor.", "INC-42 was already acknowledged by diego
// via api.", "INC-42 escalated by Maya Okafor: level 2 paged (diego)."), the
// second is the StatusLine.
std::string Applied(Verb verb, const incident::Incident& inc, const config::Person& by,
                    std::string_view id_prefix);

// The answer when the engine refused or failed `verb` on incident `ref`
// ("INC-42"): "Could not resolve INC-42: it is resolved. Nothing was changed."
std::string NotApplied(Verb verb, std::string_view ref, const Error& error);

// The answer when `person`'s role is below `need` for `what` ("resolve",
// "status", ...): "You are not allowed to resolve: role viewer (resolve needs
// engineer or above). Nothing was changed."
std::string NotAllowed(std::string_view what, const config::Person& person, access::Role need);

// The answer to a Slack user who is not a configured person.
std::string UnknownUser(std::string_view slack_user);

}  // namespace klaxon::api::slack_answers
