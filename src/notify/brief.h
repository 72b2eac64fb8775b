#pragma once
// The handoff brief: what klaxon tells the channels and the incoming on-call
// person when a schedule hands over (the handbook's "brief next on-call on
// any active issues"): who hands over to whom, and every open incident with
// its severity, status, lead, age and what is being done. Unlike a
// Notification it is about no single incident. Built by the engine
// (engine/handoffs.h), stored in the outbox as JSON (EncodeBrief), rendered
// by each channel (Channel::SendBrief). Plain values.
//
// The JSON is private to klaxon but durable, like payload.h: fields may be
// added (readers default them), never renamed or given another meaning.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "incident/incident.h"

namespace klaxon::notify {

// The outbox event of a brief (the X-Klaxon-Event of its webhook).
inline constexpr std::string_view kHandoffEvent = "oncall.handoff";

struct BriefPerson {
  std::string id;    // person id; "" for nobody
  std::string name;  // display name; "" for nobody
};

// One open incident, as of the handoff.
struct BriefIncident {
  std::string ref;       // "INC-42"
  std::string title;
  std::string severity;  // "SEV1"
  incident::Status status = incident::Status::kInvestigating;
  std::string lead;      // the lead, else who acknowledged; "" for nobody
  Time opened_at{};
  std::string summary;   // the latest update: what we know ("" none)
  std::string next;      //   what we're doing
  std::string eta;
  std::string link;      // URL in klaxon; "" when none
};

struct HandoffBrief {
  std::string schedule_id;
  std::string schedule_name;
  Time at{};                 // the handoff instant
  BriefPerson outgoing;
  BriefPerson incoming;
  std::vector<BriefIncident> incidents;  // most severe first, then oldest
  int64_t unlisted = 0;      // open incidents beyond the list
  // Who this copy is for: "" for a channel post; for a direct copy the
  // incoming person's id, with `slack_user` set when it goes to their Slack
  // user (a DM posted by the bot instead of the channel's own channel).
  std::string recipient;
  std::string slack_user;
  std::string idempotency_key;  // stable across retries; set by the planner
};

std::string EncodeBrief(const HandoffBrief& brief);
// kInvalidArgument when `json` is not a brief (the message never quotes it).
Result<HandoffBrief> DecodeBrief(std::string_view json);

}  // namespace klaxon::notify
