#include "notify/slack/interactions.h"

#include <exception>
#include <map>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <fmt/format.h>

#include "core/text.h"
#include "incident/incident.h"
#include "notify/json_read.h"

namespace klaxon::notify::slack {
namespace {

using Form = std::map<std::string, std::string, std::less<>>;

std::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

// A short, quoted excerpt of untrusted text for error messages.
std::string Quote(std::string_view text) {
  constexpr size_t kMax = 32;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c >= 0x7f || c == '\'') ? '?' : static_cast<char>(c);
  }
  if (text.size() > kMax) out += "...";
  return out + "'";
}

// Decodes a form body; the first occurrence of a name wins.
Result<Form> DecodeForm(std::string_view body) {
  if (!boost::urls::parse_query(body)) {
    return Invalid("body is not form data (application/x-www-form-urlencoded)");
  }
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  Form form;
  try {
    boost::urls::params_view params(body, opts);
    for (auto param : params) form.emplace(std::move(param.key), std::move(param.value));
  } catch (const std::exception&) {
    return Invalid("body is not form data (application/x-www-form-urlencoded)");
  }
  return form;
}

std::string_view FormField(const Form& form, std::string_view name) {
  auto it = form.find(name);
  return it == form.end() ? std::string_view() : std::string_view(it->second);
}

// Splits off the first word of `s` (trimmed); `s` keeps the trimmed rest.
std::string_view NextWord(std::string_view& s) {
  s = Trim(s);
  size_t end = s.find_first_of(" \t\n");
  std::string_view word = s.substr(0, end);
  s = end == std::string_view::npos ? std::string_view() : Trim(s.substr(end));
  return word;
}

constexpr std::string_view kUsage =
    "usage: /incident ack|resolve|update|status|oncall [INC-42] [text]";

std::optional<SlashVerb> ParseVerb(std::string_view word) {
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (SlashVerb v : {SlashVerb::kAck, SlashVerb::kResolve, SlashVerb::kUpdate, SlashVerb::kStatus,
                      SlashVerb::kOncall}) {
    if (lower == ToString(v)) return v;
  }
  if (lower == "acknowledge") return SlashVerb::kAck;
  return std::nullopt;
}

Result<BlockAction> DecodeBlockActions(std::string_view form_body) {
  auto form = DecodeForm(form_body);
  if (!form) return std::unexpected(form.error());
  std::string_view payload = FormField(*form, "payload");
  if (payload.empty()) return Invalid("no 'payload' field in the form body");
  boost::system::error_code ec;
  boost::json::value root = boost::json::parse(payload, ec);
  if (ec || !root.is_object()) return Invalid("'payload' is not a JSON object");
  std::string type = StringAt(root, {"type"});
  if (type != "block_actions") {
    return Invalid(fmt::format("unsupported interaction type {} (expected 'block_actions')",
                               Quote(type)));
  }
  const auto* actions = root.get_object().if_contains("actions");
  if (actions == nullptr || !actions->is_array() || actions->get_array().empty() ||
      !actions->get_array()[0].is_object()) {
    return Invalid("'actions' must be a non-empty array of objects");
  }
  const boost::json::value& first = actions->get_array()[0];
  BlockAction out;
  out.user_id = StringAt(root, {"user", "id"});
  out.user_name = StringAt(root, {"user", "username"});
  out.team_id = StringAt(root, {"team", "id"});
  out.action_id = StringAt(first, {"action_id"});
  out.action = ParseActionId(out.action_id);
  out.value = StringAt(first, {"value"});
  out.block_id = StringAt(first, {"block_id"});
  out.channel_id = StringAt(root, {"channel", "id"});
  if (out.channel_id.empty()) out.channel_id = StringAt(root, {"container", "channel_id"});
  out.message_ts = StringAt(root, {"container", "message_ts"});
  if (out.message_ts.empty()) out.message_ts = StringAt(root, {"message", "ts"});
  out.response_url = StringAt(root, {"response_url"});
  out.trigger_id = StringAt(root, {"trigger_id"});
  for (auto [name, v] : {std::pair<std::string_view, const std::string*>{"user.id", &out.user_id},
                         {"actions[0].action_id", &out.action_id},
                         {"channel.id", &out.channel_id},
                         {"container.message_ts", &out.message_ts},
                         {"response_url", &out.response_url}}) {
    if (v->empty()) return Invalid(fmt::format("'{}' is missing", name));
  }
  return out;
}

}  // namespace

std::string_view ToString(SlashVerb v) {
  switch (v) {
    case SlashVerb::kAck: return "ack";
    case SlashVerb::kResolve: return "resolve";
    case SlashVerb::kUpdate: return "update";
    case SlashVerb::kStatus: return "status";
    case SlashVerb::kOncall: return "oncall";
  }
  return "status";
}

Result<BlockAction> ParseBlockActions(std::string_view form_body) {
  try {
    return DecodeBlockActions(form_body);
  } catch (const std::exception&) {
    return Invalid("interaction payload could not be decoded");
  }
}

Result<SlashCommand> ParseSlashCommand(std::string_view form_body) {
  auto form = DecodeForm(form_body);
  if (!form) return std::unexpected(form.error());
  SlashCommand out;
  out.command = FormField(*form, "command");
  out.text = FormField(*form, "text");
  out.user_id = FormField(*form, "user_id");
  out.user_name = FormField(*form, "user_name");
  out.channel_id = FormField(*form, "channel_id");
  out.team_id = FormField(*form, "team_id");
  out.response_url = FormField(*form, "response_url");
  out.trigger_id = FormField(*form, "trigger_id");
  for (auto [name, v] : {std::pair<std::string_view, const std::string*>{"command", &out.command},
                         {"user_id", &out.user_id},
                         {"channel_id", &out.channel_id},
                         {"response_url", &out.response_url}}) {
    if (v->empty()) return Invalid(fmt::format("'{}' is missing", name));
  }
  std::string_view rest = out.text;
  std::string_view verb_word = NextWord(rest);
  if (verb_word.empty()) return Invalid(std::string(kUsage));
  auto verb = ParseVerb(verb_word);
  if (!verb) {
    return Invalid(fmt::format("unknown subcommand {}; {}", Quote(verb_word), kUsage));
  }
  out.verb = *verb;
  if (out.verb != SlashVerb::kOncall) {
    std::string_view before = rest;
    std::string_view id_word = NextWord(rest);
    auto id = id_word.empty() ? std::nullopt : incident::ParseDisplayId(id_word);
    bool required = out.verb != SlashVerb::kStatus;
    if (id) {
      out.incident_id = id;
    } else if (required) {
      return Invalid(fmt::format("/incident {} needs an incident id such as INC-42{}",
                                 ToString(out.verb),
                                 id_word.empty() ? "" : ", got " + Quote(id_word)));
    } else {
      rest = before;  // status with free text: keep it all as args
    }
  }
  out.args = std::string(Trim(rest));
  return out;
}

}  // namespace klaxon::notify::slack
