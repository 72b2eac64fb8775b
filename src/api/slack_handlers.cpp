#include "api/slack_handlers.h"

#include <algorithm>
#include <charconv>
#include <memory>

#include <fmt/format.h>

#include "api/slack_answers.h"
#include "core/log.h"
#include "notify/slack/interactions.h"
#include "notify/slack/replay_guard.h"
#include "notify/slack/signature.h"

namespace klaxon::api {
namespace {

namespace slack = notify::slack;
using slack_answers::Ephemeral;
using slack_answers::Verb;

constexpr std::string_view kVia = "slack";

// What both routes share; owned by the routes' handlers.
struct SlackRoutes {
  const Context* ctx = nullptr;
  SlackRouteOptions options;
  slack::ReplayGuard replays{slack::kMaxClockSkew};
};

// Ok if the request is signed with any configured signing secret and is not
// a replay. The error names the problem of the last secret tried, never a
// secret.
Status VerifySlack(SlackRoutes& routes, const http::Request& req) {
  const Time now = routes.options.wall->Now();
  slack::SignedRequest signed_request{req.Header(slack::kTimestampHeader),
                                      req.Header(slack::kSignatureHeader), req.body};
  Status last = Fail(ErrorCode::kUnauthenticated,
                     "Slack interactivity is not configured (no slack channel has a signing_secret)");
  for (const auto& c : routes.ctx->config->notifications.channels) {
    if (c.type != "slack" || c.signing_secret.empty()) continue;
    last = slack::Verify(c.signing_secret, signed_request, now);
    if (last) break;
  }
  if (!last) return last;
  // Verified: the timestamp is unix seconds.
  std::string_view ts = *signed_request.timestamp;
  int64_t seconds = 0;
  std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
  if (!routes.replays.FirstSeen(*signed_request.signature, Time{std::chrono::seconds(seconds)}, now)) {
    return Fail(ErrorCode::kUnauthenticated, "slack request: replayed (this signature was already used)");
  }
  return {};
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
  return slack_answers::NotAllowed(what, p, need);
}

// Runs `event` against incident `id` as `person`; `answer` gets the text
// saying what happened, once the change is durable (or why it was not made).
void Run(const Context& ctx, int64_t id, incident::Event event, Verb verb,
         const config::Person& person, std::function<void(std::string)> answer) {
  std::string prefix = ctx.config->incidents.id_prefix;
  ctx.engine->SubmitCommand(
      engine::Command{id, std::move(event)},
      [answer = std::move(answer), prefix, verb, id, &person](Result<incident::Incident> r) {
        if (!r) return answer(slack_answers::NotApplied(verb, incident::DisplayId(prefix, id), r.error()));
        answer(slack_answers::Applied(verb, *r, person, prefix));
      });
}

// The Approve button under an update (value "INC-42:3"): approves the step
// as `person`, via slack, if their role reaches the step's
// `requires_approval` (and engineer, as for the API); the engine checks the
// role again and that the step is the one waiting. A refusal changes
// nothing and runs nothing.
void Approve(const Context& ctx, std::string_view value, const config::Person& person,
             std::function<void(std::string)> answer) {
  auto target = slack::ParseApprovalValue(value);
  auto id = target ? incident::ParseDisplayId(target->incident_ref) : std::nullopt;
  if (!id) return answer("The button does not name a step of an incident.");
  const std::string& prefix = ctx.config->incidents.id_prefix;
  std::string ref = incident::DisplayId(prefix, *id);
  int step = target->step;
  std::string what = fmt::format("approve step {} of {}", step, ref);
  auto detail = ctx.store->GetIncidentDetail(*id);
  if (!detail) {
    return answer(fmt::format("Could not {}: {}. Nothing was changed.", what, detail.error().message));
  }
  if (!*detail) return answer(fmt::format("Could not {}: no such incident. Nothing was changed.", what));
  access::Role need = access::Role::kEngineer;
  if (const auto* rb = ctx.config->FindRunbook((*detail)->incident.runbook_id);
      rb && static_cast<size_t>(step) <= rb->actions.size()) {
    need = std::max(need, rb->actions[static_cast<size_t>(step - 1)].requires_approval.value_or(need));
  }
  if (auto no = Refusal(person, need, what)) return answer(*no);
  ctx.engine->SubmitStepCommand(
      engine::StepCommand{engine::StepCommand::Op::kApprove, *id, step,
                          engine::Requester{person.id, std::string(kVia), person.role}},
      [answer = std::move(answer), what, ref, step, &person](Result<incident::Incident> r) {
        if (!r) {
          return answer(fmt::format("Could not {}: {}. Nothing was changed.", what, r.error().message));
        }
        answer(fmt::format("Step {} of {} approved by {}: it runs now.", step, ref,
                           slack_answers::PersonName(person)));
      });
}

void Unauthorized(const Status& why, std::string_view endpoint, const http::Reply& reply) {
  log::Warn("slack: rejected {} request: {}", endpoint, why.error().message);
  reply(http::Response::Error(401, why.error().message));
}

void Actions(SlackRoutes& routes, http::Request& req, http::Reply reply) {
  const Context& ctx = *routes.ctx;
  if (auto ok = VerifySlack(routes, req); !ok) return Unauthorized(ok, "actions", reply);
  auto click = slack::ParseBlockActions(req.body);
  if (!click) return reply(http::Response::Error(400, click.error().message));
  slack::Responder* responder = routes.options.responder;
  if (auto ok = responder->policy().Check(click->response_url); !ok) {
    log::Warn("slack: rejected actions request: {}", ok.error().message);
    return reply(http::Response::Error(400, ok.error().message));
  }
  // Slack wants its 200 within 3 seconds; what happened follows on the
  // response_url.
  reply(http::Response::Text(200, ""));
  auto answer = [responder, url = click->response_url](std::string text) {
    if (auto st = responder->Send(url, slack::ResponseMessage{std::move(text)}); !st) {
      log::Warn("slack: answer to a click not queued: {}", st.error().message);
    }
  };

  const auto* person = PersonBySlackUser(*ctx.config, click->user_id);
  if (!person) return answer(slack_answers::UnknownUser(click->user_id));
  if (!click->action) return answer(fmt::format("Unknown action \"{}\".", click->action_id));
  if (*click->action == slack::ButtonAction::kApprove) {
    return Approve(ctx, click->value, *person, std::move(answer));
  }
  auto id = incident::ParseDisplayId(click->value);
  if (!id) return answer("The button does not name an incident.");
  incident::Event event;
  access::Role need = access::Role::kEngineer;
  Verb verb = Verb::kAcknowledge;
  switch (*click->action) {
    case slack::ButtonAction::kAcknowledge:
      event = incident::Acknowledge{person->id, std::string(kVia)};
      verb = Verb::kAcknowledge;
      break;
    case slack::ButtonAction::kResolve:
      event = incident::Resolve{"", person->id, std::string(kVia)};
      verb = Verb::kResolve;
      break;
    case slack::ButtonAction::kEscalate:
      event = incident::Escalate{person->id, std::string(kVia)};
      need = access::Role::kOnCall;
      verb = Verb::kEscalate;
      break;
    case slack::ButtonAction::kApprove:
      return;  // handled above
  }
  if (auto no = Refusal(*person, need, slack_answers::ToString(verb))) return answer(*no);
  Run(ctx, *id, std::move(event), verb, *person, std::move(answer));
}

void Commands(SlackRoutes& routes, http::Request& req, http::Reply reply) {
  const Context& ctx = *routes.ctx;
  if (auto ok = VerifySlack(routes, req); !ok) return Unauthorized(ok, "commands", reply);
  auto cmd = slack::ParseSlashCommand(req.body);
  if (!cmd) {
    return reply(Ephemeral(fmt::format("{}\n{}", cmd.error().message, slack_answers::Usage())));
  }
  const auto* person = PersonBySlackUser(*ctx.config, cmd->user_id);
  if (!person) return reply(Ephemeral(slack_answers::UnknownUser(cmd->user_id)));
  const std::string& prefix = ctx.config->incidents.id_prefix;
  std::string actor = person->id;
  std::string via(kVia);
  auto answer = [reply = std::move(reply)](std::string text) { reply(Ephemeral(text)); };
  switch (cmd->verb) {
    case slack::SlashVerb::kAck:
      if (auto no = Refusal(*person, access::Role::kEngineer, "ack")) return answer(*no);
      return Run(ctx, *cmd->incident_id, incident::Acknowledge{actor, via}, Verb::kAcknowledge,
                 *person, std::move(answer));
    case slack::SlashVerb::kResolve:
      if (auto no = Refusal(*person, access::Role::kEngineer, "resolve")) return answer(*no);
      return Run(ctx, *cmd->incident_id, incident::Resolve{cmd->args, actor, via}, Verb::kResolve,
                 *person, std::move(answer));
    case slack::SlashVerb::kUpdate:
      if (auto no = Refusal(*person, access::Role::kEngineer, "update")) return answer(*no);
    {
      auto text = slack_answers::ParseUpdateText(cmd->args);
      if (!text) return answer(text.error().message);
      return Run(ctx, *cmd->incident_id,
                 incident::PostUpdate{text->status, std::move(text->summary),
                                      std::move(text->next), std::move(text->eta), actor, via},
                 Verb::kUpdate, *person, std::move(answer));
    }
    case slack::SlashVerb::kStatus: {
      if (auto no = Refusal(*person, access::Role::kViewer, "status")) return answer(*no);
      if (cmd->incident_id) {
        auto inc = ctx.store->GetIncidentDetail(*cmd->incident_id);
        if (!inc) return answer(fmt::format("Could not read the incident: {}", inc.error().message));
        if (!*inc) {
          return answer(fmt::format("{} not found.", incident::DisplayId(prefix, *cmd->incident_id)));
        }
        return answer(slack_answers::StatusLine((*inc)->incident, prefix));
      }
      store::IncidentFilter open;
      open.open_only = true;
      open.limit = 20;
      auto list = ctx.store->ListIncidents(open);
      if (!list) return answer(fmt::format("Could not list incidents: {}", list.error().message));
      if (list->empty()) return answer("No open incidents.");
      std::string text;
      for (const auto& inc : *list) text += (text.empty() ? "" : "\n") + slack_answers::StatusLine(inc, prefix);
      return answer(text);
    }
    case slack::SlashVerb::kOncall:
      if (auto no = Refusal(*person, access::Role::kViewer, "oncall")) return answer(*no);
      return answer(slack_answers::OnCallText(*ctx.config, ctx.clock->Now(), cmd->args));
  }
  answer(slack_answers::Usage());
}

}  // namespace

void AddSlackRoutes(http::Router& router, const Context& ctx, SlackRouteOptions options) {
  auto routes = std::make_shared<SlackRoutes>();
  routes->ctx = &ctx;
  routes->options = options;
  router.Add("POST", "/api/v1/slack/actions", "signature:slack",
             [routes](http::Request& req, http::Reply reply) { Actions(*routes, req, std::move(reply)); });
  router.Add("POST", "/api/v1/slack/commands", "signature:slack",
             [routes](http::Request& req, http::Reply reply) { Commands(*routes, req, std::move(reply)); });
}

}  // namespace klaxon::api
