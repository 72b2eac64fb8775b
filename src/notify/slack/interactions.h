#pragma once
// What Slack sends klaxon when someone clicks a button or types a slash
// command, decoded into typed values. Verify the request signature
// (signature.h) on the raw body first; these parsers trust nothing and
// report kInvalidArgument with a short reason (quoting at most a short,
// escaped excerpt of the input).
//
// Both bodies are application/x-www-form-urlencoded ('+' is a space).
// Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "notify/slack/actions.h"

namespace klaxon::notify::slack {

// A button click: `payload=<JSON>` with "type":"block_actions". Only the
// first action is taken (a click carries exactly one).
struct BlockAction {
  std::string user_id;      // user.id, "U123"
  std::string user_name;    // user.username ("" if absent)
  std::string team_id;      // team.id ("" if absent)
  std::string action_id;    // actions[0].action_id
  std::optional<ButtonAction> action;  // action_id if it is one of klaxon's buttons
  std::string value;        // actions[0].value: the incident ref, "INC-42"
  std::string block_id;     // actions[0].block_id ("" if absent)
  std::string channel_id;   // channel.id, else container.channel_id
  std::string message_ts;   // container.message_ts, else message.ts
  std::string response_url; // for replying to the click (valid 30 min)
  std::string trigger_id;   // for opening a modal ("" if absent)
};

// Errors: not form data, no `payload` field, payload not JSON, a type other
// than block_actions, no actions, a required field (user.id, action_id,
// channel, message ts, response_url) missing.
Result<BlockAction> ParseBlockActions(std::string_view form_body);

// `/incident <verb> ...`.
enum class SlashVerb { kAck, kResolve, kUpdate, kStatus, kOncall };
std::string_view ToString(SlashVerb v);  // "ack", "resolve", ...

struct SlashCommand {
  std::string command;       // "/incident"
  std::string text;          // everything after the command, as typed
  std::string user_id;
  std::string user_name;     // "" if absent
  std::string channel_id;
  std::string team_id;       // "" if absent
  std::string response_url;
  std::string trigger_id;    // "" if absent
  SlashVerb verb = SlashVerb::kStatus;
  // The incident the command names. Required for ack, resolve and update
  // (the first word after the verb: "INC-42", "inc-42" or "42"); optional for
  // status; never set for oncall.
  std::optional<int64_t> incident_id;
  std::string args;  // the rest, trimmed: update text, resolve root cause, oncall schedule
};

// Errors: not form data, a required field (command, user_id, channel_id,
// response_url) missing, empty text (the message shows the usage), an
// unknown verb, a missing or malformed incident id.
Result<SlashCommand> ParseSlashCommand(std::string_view form_body);

}  // namespace klaxon::notify::slack
