#include "api/slack_handlers.h"

#include <fmt/format.h>

#include "api/slack_answers.h"
#include "core/log.h"
#include "notify/slack/interactions.h"
#include "notify/slack/signature.h"

namespace klaxon::api {
namespace {

namespace slack = notify::slack;
using slack_answers::Ephemeral;

constexpr std::string_view kVia = "slack";

// Ok if the request is signed with any configured signing secret. The error
// names the problem of the last secret tried, never a secret.
Status VerifySlack(const Context& ctx, const Clock& wall, const http::Request& req) {
  slack::SignedRequest signed_request{req.Header(slack::kTimestampHeader),
                                      req.Header(slack::kSignatureHeader), req.body};
  Status last = Fail(ErrorCode::kUnauthenticated,
                     "Slack interactivity is not configured (no slack channel has a signing_secret)");
  for (const auto& c : ctx.config->notifications.channels) {
    if (c.type != "slack" || c.signing_secret.empty()) continue;
    last = slack::Verify(c.signing_secret, signed_request, wall.Now());
    if (last) return last;
  }
  return last;
}

const config::Person* PersonBySlackUser(const config::Config& cfg, std::string_view user_id) {
  if (user_id.empty()) return nullptr;
  for (const auto& p : cfg.people) {
    if (p.slack_user == user_id) return &p;
  }
  return nullptr;
}

// The ephemeral refusal for a person whose role is below `need`, or nullopt.
std::optional<std::string> Refusal(const config::Person& p, access::Role need, std::string_view what) {
  if (access::Allows(p.role, need)) return std::nullopt;
  return fmt::format("You ({}) have role {}; {} needs {} or above.", p.id, access::ToString(p.role),
                     what, access::ToString(need));
}

// Runs `event` against incident `id` and answers with `done_text` (given the
// resulting status line) or with the engine's reason.
void RunAndAnswer(const Context& ctx, int64_t id, incident::Event event, std::string verb,
                  http::Reply reply) {
  std::string prefix = ctx.config->incidents.id_prefix;
  ctx.engine->SubmitCommand(
      engine::Command{id, std::move(event)},
      [reply = std::move(reply), prefix, verb, id](Result<incident::Incident> r) {
        if (!r) {
          reply(Ephemeral(fmt::format("Could not {} {}: {}", verb, incident::DisplayId(prefix, id),
                                      r.error().message)));
          return;
        }
        reply(Ephemeral(fmt::format("Done ({}). {}", verb, slack_answers::StatusLine(*r, prefix))));
      });
}

void Unauthorized(const Status& why, std::string_view endpoint, const http::Reply& reply) {
  log::Warn("slack: rejected {} request: {}", endpoint, why.error().message);
  reply(http::Response::Error(401, why.error().message));
}

void Actions(const Context& ctx, const Clock& wall, http::Request& req, http::Reply reply) {
  if (auto ok = VerifySlack(ctx, wall, req); !ok) return Unauthorized(ok, "actions", reply);
  auto click = slack::ParseBlockActions(req.body);
  if (!click) return reply(http::Response::Error(400, click.error().message));
  const auto* person = PersonBySlackUser(*ctx.config, click->user_id);
  if (!person) {
    return reply(Ephemeral(fmt::format(
        "Your Slack user ({}) is not a person in klaxon's configuration; nothing was changed.",
        click->user_id)));
  }
  if (!click->action) return reply(Ephemeral(fmt::format("Unknown action \"{}\".", click->action_id)));
  auto id = incident::ParseDisplayId(click->value);
  if (!id) return reply(Ephemeral("The button does not name an incident."));
  incident::Event event;
  access::Role need = access::Role::kEngineer;
  std::string verb;
  switch (*click->action) {
    case slack::ButtonAction::kAcknowledge:
      event = incident::Acknowledge{person->id, std::string(kVia)};
      verb = "acknowledge";
      break;
    case slack::ButtonAction::kResolve:
      event = incident::Resolve{"", person->id, std::string(kVia)};
      verb = "resolve";
      break;
    case slack::ButtonAction::kEscalate:
      event = incident::Escalate{person->id, std::string(kVia)};
      need = access::Role::kOnCall;
      verb = "escalate";
      break;
  }
  if (auto no = Refusal(*person, need, verb)) return reply(Ephemeral(*no));
  RunAndAnswer(ctx, *id, std::move(event), verb, std::move(reply));
}

void Commands(const Context& ctx, const Clock& wall, http::Request& req, http::Reply reply) {
  if (auto ok = VerifySlack(ctx, wall, req); !ok) return Unauthorized(ok, "commands", reply);
  auto cmd = slack::ParseSlashCommand(req.body);
  if (!cmd) {
    return reply(Ephemeral(fmt::format("{}\n{}", cmd.error().message, slack_answers::Usage())));
  }
  const auto* person = PersonBySlackUser(*ctx.config, cmd->user_id);
  if (!person) {
    return reply(Ephemeral(fmt::format(
        "Your Slack user ({}) is not a person in klaxon's configuration; nothing was changed.",
        cmd->user_id)));
  }
  const std::string& prefix = ctx.config->incidents.id_prefix;
  std::string actor = person->id;
  std::string via(kVia);
  switch (cmd->verb) {
    case slack::SlashVerb::kAck:
      if (auto no = Refusal(*person, access::Role::kEngineer, "ack")) return reply(Ephemeral(*no));
      return RunAndAnswer(ctx, *cmd->incident_id, incident::Acknowledge{actor, via}, "acknowledge",
                          std::move(reply));
    case slack::SlashVerb::kResolve:
      if (auto no = Refusal(*person, access::Role::kEngineer, "resolve")) return reply(Ephemeral(*no));
      return RunAndAnswer(ctx, *cmd->incident_id, incident::Resolve{cmd->args, actor, via}, "resolve",
                          std::move(reply));
    case slack::SlashVerb::kUpdate:
      if (auto no = Refusal(*person, access::Role::kEngineer, "update")) return reply(Ephemeral(*no));
      if (cmd->args.empty()) return reply(Ephemeral("Say what we know: /incident update INC-42 <text>"));
      return RunAndAnswer(ctx, *cmd->incident_id,
                          incident::PostUpdate{std::nullopt, cmd->args, "", "", actor, via}, "update",
                          std::move(reply));
    case slack::SlashVerb::kStatus: {
      if (auto no = Refusal(*person, access::Role::kViewer, "status")) return reply(Ephemeral(*no));
      if (cmd->incident_id) {
        auto inc = ctx.store->GetIncidentDetail(*cmd->incident_id);
        if (!inc) return reply(Ephemeral(fmt::format("Could not read the incident: {}", inc.error().message)));
        if (!*inc) {
          return reply(Ephemeral(fmt::format("{} not found.", incident::DisplayId(prefix, *cmd->incident_id))));
        }
        return reply(Ephemeral(slack_answers::StatusLine((*inc)->incident, prefix)));
      }
      store::IncidentFilter open;
      open.open_only = true;
      open.limit = 20;
      auto list = ctx.store->ListIncidents(open);
      if (!list) return reply(Ephemeral(fmt::format("Could not list incidents: {}", list.error().message)));
      if (list->empty()) return reply(Ephemeral("No open incidents."));
      std::string text;
      for (const auto& inc : *list) text += (text.empty() ? "" : "\n") + slack_answers::StatusLine(inc, prefix);
      return reply(Ephemeral(text));
    }
    case slack::SlashVerb::kOncall:
      if (auto no = Refusal(*person, access::Role::kViewer, "oncall")) return reply(Ephemeral(*no));
      return reply(Ephemeral(slack_answers::OnCallText(*ctx.config, ctx.clock->Now(), cmd->args)));
  }
  reply(Ephemeral(slack_answers::Usage()));
}

}  // namespace

void AddSlackRoutes(http::Router& router, const Context& ctx, const Clock& wall) {
  const Context* c = &ctx;
  const Clock* w = &wall;
  router.Add("POST", "/api/v1/slack/actions",
             [c, w](http::Request& req, http::Reply reply) { Actions(*c, *w, req, std::move(reply)); });
  router.Add("POST", "/api/v1/slack/commands",
             [c, w](http::Request& req, http::Reply reply) { Commands(*c, *w, req, std::move(reply)); });
}

}  // namespace klaxon::api
