#include "api/remediation_handlers.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <fmt/format.h>

#include "api/incident_json.h"
#include "remediate/step_runner.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

json::value ParseOr(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(text) : v;
}

json::value StepJson(const store::RemediationStepRecord& s) {
  json::object o{{"row", s.id},         {"run", s.run_id},       {"step", s.step},
                 {"kind", s.kind},      {"name", s.name},        {"actor", s.actor},
                 {"via", s.via},        {"command", ParseOr(s.command)},
                 {"state", s.state},    {"started_at", FormatTimestamp(s.started_at)},
                 {"result", ParseOr(s.result)}};
  o["finished_at"] = s.finished_at ? json::value(FormatTimestamp(*s.finished_at)) : nullptr;
  return o;
}

json::value RunJson(const store::RemediationRun& r) {
  json::object o{{"id", r.id},
                 {"runbook", r.runbook_id},
                 {"target", r.target_key},
                 {"active", r.active},
                 {"outcome", r.outcome},
                 {"started_at", FormatTimestamp(r.started_at)},
                 {"progress", ParseOr(r.progress)}};
  o["finished_at"] = r.finished_at ? json::value(FormatTimestamp(*r.finished_at)) : nullptr;
  return o;
}

void List(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto detail = ctx.store->GetIncidentDetail(*id);
  if (!detail) return reply(ErrorResponse(detail.error()));
  if (!*detail) return reply(http::Response::Error(404, "no such incident"));
  auto runs = ctx.store->ListRemediationRuns(*id);
  if (!runs) return reply(ErrorResponse(runs.error()));
  auto steps = ctx.store->ListRemediationSteps(*id);
  if (!steps) return reply(ErrorResponse(steps.error()));
  json::array actions;
  if (const auto* rb = ctx.config->FindRunbook((*detail)->incident.runbook_id)) {
    for (size_t i = 0; i < rb->actions.size(); ++i) {
      const config::Action& a = rb->actions[i];
      json::object o{{"step", i + 1}, {"name", a.name}, {"type", a.type}};
      if (a.type == "exec" || a.type == "http" || a.type == "sql") {
        o["command"] = ParseOr(remediate::DescribeCommand(a));
      }
      o["requires_approval"] =
          a.requires_approval ? json::value(access::ToString(*a.requires_approval)) : nullptr;
      actions.push_back(std::move(o));
    }
  }
  json::array run_items, step_items;
  for (const auto& r : *runs) run_items.push_back(RunJson(r));
  for (const auto& s : *steps) step_items.push_back(StepJson(s));
  json::object out{
      {"incident", incident::DisplayId(ctx.config->incidents.id_prefix, *id)},
      {"actions", std::move(actions)},
      {"runs", std::move(run_items)},
      {"steps", std::move(step_items)}};
  reply(http::Response::Json(200, json::serialize(out)));
}

void Command(const Context& ctx, engine::StepCommand::Op op, http::Request& req,
             http::Reply reply) {
  // Each step says which role approves it; the engine checks it. Viewers
  // never act.
  auto who = Require(ctx, req, reply, access::Role::kEngineer);
  if (!who) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto raw = req.Param("step").value_or("");
  int step = 0;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), step);
  if (ec != std::errc() || p != raw.data() + raw.size() || step < 1) {
    return reply(http::Response::Error(400, "step must be a step number (1 is the first)"));
  }
  std::string via = "api";
  if (auto v = req.Header("x-klaxon-via"); v && (*v == "cli" || *v == "ui")) via = *v;
  std::string prefix = ctx.config->incidents.id_prefix;
  ctx.engine->SubmitStepCommand(
      engine::StepCommand{op, *id, step, {who->actor(), via, who->role}},
      [reply = std::move(reply), prefix](Result<incident::Incident> r) {
        if (!r) return reply(ErrorResponse(r.error()));
        reply(http::Response::Json(202, json::serialize(IncidentJson(*r, prefix))));
      });
}

}  // namespace

void AddRemediationRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  router.Add("GET", "/api/v1/incidents/{id}/actions", Needs(access::Role::kViewer),
             [c](http::Request& req, http::Reply reply) { List(*c, req, std::move(reply)); });
  // Engineer at least; the engine then checks the step's requires_approval.
  router.Add("POST", "/api/v1/incidents/{id}/actions/{step}/approve", Needs(access::Role::kEngineer),
             [c](http::Request& req, http::Reply reply) {
               Command(*c, engine::StepCommand::Op::kApprove, req, std::move(reply));
             });
  router.Add("POST", "/api/v1/incidents/{id}/actions/{step}/run", Needs(access::Role::kEngineer),
             [c](http::Request& req, http::Reply reply) {
               Command(*c, engine::StepCommand::Op::kRun, req, std::move(reply));
             });
}

}  // namespace klaxon::api
