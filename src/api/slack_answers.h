#pragma once
// The text klaxon answers Slack with: ephemeral messages for /incident and
// for refused button clicks. Pure (given the configuration and an instant);
// thread-safe. Nothing here ever includes a secret.

#include <string>
#include <string_view>

#include "config/config.h"
#include "core/time.h"
#include "http/types.h"
#include "incident/incident.h"

namespace klaxon::api::slack_answers {

// 200 {"response_type":"ephemeral","text":<text>}: only the caller sees it.
http::Response Ephemeral(std::string_view text);

// One line about an incident, e.g.
// "INC-42 [SEV1] API Health Check Failing: investigating, acknowledged by alice via slack, lead maya".
std::string StatusLine(const incident::Incident& inc, std::string_view id_prefix);

// Who is on call at `now` in every schedule (or only in `schedule_id` when it
// is not empty), one line each: "Primary on-call: Maya Okafor (maya)".
// An unknown schedule id, or no schedules at all, is said in the text.
std::string OnCallText(const config::Config& config, Time now, std::string_view schedule_id);

// How to use /incident.
std::string Usage();

}  // namespace klaxon::api::slack_answers
