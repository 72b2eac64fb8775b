#include "api/incident_handlers.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <fmt/format.h>

#include "api/incident_json.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

std::string Serialize(const json::value& v) { return json::serialize(v); }

// A string field; absent -> "", wrong type -> error.
Result<std::string> StringField(const json::object& o, std::string_view key, size_t max = 4000) {
  auto s = OptionalString(o, key, max);
  if (!s) return Fail(s.error());
  return s->value_or("");
}

void Submit(const Context& ctx, int64_t id, incident::Event ev, http::Reply reply) {
  std::string prefix = ctx.config->incidents.id_prefix;
  ctx.engine->SubmitCommand(
      engine::Command{id, std::move(ev)},
      [reply = std::move(reply), prefix](Result<incident::Incident> r) {
        if (!r) {
          reply(ErrorResponse(r.error()));
          return;
        }
        reply(http::Response::Json(200, Serialize(IncidentJson(*r, prefix))));
      });
}

void List(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  store::IncidentFilter f;
  if (auto s = req.Query("status")) {
    size_t start = 0;
    std::string_view all(*s);
    while (start <= all.size()) {
      size_t comma = all.find(',', start);
      std::string_view part = all.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (part == "open") {
        f.open_only = true;
      } else if (!part.empty() && part != "all") {
        auto st = incident::ParseStatus(part);
        if (!st) {
          reply(http::Response::Error(400, fmt::format("unknown status \"{}\" (use open, all, investigating, identified, fixing, monitoring, resolved)", part)));
          return;
        }
        f.statuses.push_back(*st);
      }
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  if (auto s = req.Query("severity")) f.severity = *s;
  if (auto s = req.Query("runbook")) f.runbook_id = *s;
  for (auto [name, target, max] : {std::tuple{"limit", &f.limit, 1000}}) {
    if (auto s = req.Query(name)) {
      int v = 0;
      auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
      if (ec != std::errc() || p != s->data() + s->size() || v <= 0 || v > max) {
        reply(http::Response::Error(400, fmt::format("{} must be a number from 1 to {}", name, max)));
        return;
      }
      *target = v;
    }
  }
  if (auto s = req.Query("before")) {
    auto id = incident::ParseDisplayId(*s);
    if (!id) {
      reply(http::Response::Error(400, "before must be an incident id"));
      return;
    }
    f.before_id = *id;
  }
  auto list = ctx.store->ListIncidents(f);
  if (!list) {
    reply(ErrorResponse(list.error()));
    return;
  }
  json::array items;
  for (const auto& inc : *list) items.push_back(IncidentJson(inc, ctx.config->incidents.id_prefix));
  json::object out{{"incidents", std::move(items)}};
  reply(http::Response::Json(200, Serialize(out)));
}

void Show(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto d = ctx.store->GetIncidentDetail(*id);
  if (!d) return reply(ErrorResponse(d.error()));
  if (!*d) return reply(http::Response::Error(404, fmt::format("incident {} not found", *req.Param("id"))));
  const auto& prefix = ctx.config->incidents.id_prefix;
  json::object out = IncidentJson((*d)->incident, prefix);
  json::array timeline, alerts;
  for (const auto& e : (*d)->timeline) timeline.push_back(TimelineJson(e));
  for (const auto& a : (*d)->alerts) alerts.push_back(AlertJson(a, prefix));
  out["timeline"] = std::move(timeline);
  out["alerts"] = std::move(alerts);
  reply(http::Response::Json(200, Serialize(out)));
}

// A mutating command: who may issue it, and how its JSON body becomes a
// lifecycle event. One handler (RunCommand) does the rest for every command.
struct Caller {
  std::string actor;
  std::string via;
};
using Decode = Result<incident::Event> (*)(const Context&, const Caller&, const json::object&);

Result<incident::Event> DecodeAck(const Context&, const Caller& who, const json::object&) {
  return incident::Acknowledge{who.actor, who.via};
}

Result<incident::Event> DecodeEscalate(const Context&, const Caller& who, const json::object&) {
  return incident::Escalate{who.actor, who.via};
}

Result<incident::Event> DecodeResolve(const Context&, const Caller& who, const json::object& body) {
  auto rc = StringField(body, "root_cause");
  if (!rc) return Fail(rc.error());
  auto resolution = StringField(body, "resolution");
  if (!resolution) return Fail(resolution.error());
  incident::Resolve r{*rc, who.actor, who.via, *resolution};
  // The impact, for the post-mortem: {"users": ..., "payments": ..., "revenue": ...}.
  if (auto it = body.find("impact"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_object()) return Fail(ErrorCode::kInvalidArgument, "\"impact\" must be an object");
    const auto& impact = it->value().as_object();
    for (auto [key, out] : {std::pair{"users", &r.impact_users}, std::pair{"payments", &r.impact_payments},
                            std::pair{"revenue", &r.impact_revenue}}) {
      auto v = StringField(impact, key, 1000);
      if (!v) return Fail(v.error());
      *out = *v;
    }
  }
  return r;
}

Result<incident::Event> DecodeUpdate(const Context&, const Caller& who, const json::object& body) {
  auto status = StringField(body, "status");
  auto summary = StringField(body, "summary");
  auto next = StringField(body, "next");
  auto eta = StringField(body, "eta", 200);
  for (auto* f : {&status, &summary, &next, &eta}) {
    if (!*f) return Fail(f->error());
  }
  incident::PostUpdate up{std::nullopt, *summary, *next, *eta, who.actor, who.via};
  if (!status->empty()) {
    up.status = incident::ParseStatus(*status);
    if (!up.status) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("unknown status \"{}\" (use investigating, identified, fixing or monitoring)", *status));
    }
  }
  if (up.summary.empty()) return Fail(ErrorCode::kInvalidArgument, "\"summary\" is required: what we know");
  return up;
}

Result<incident::Event> DecodeSeverity(const Context& ctx, const Caller& who, const json::object& body) {
  auto sev = StringField(body, "severity");
  if (!sev) return Fail(sev.error());
  auto reason = StringField(body, "reason");
  if (!reason) return Fail(reason.error());
  if (!ctx.config->FindSeverity(*sev)) {
    std::string known;
    for (const auto& s : ctx.config->severities) known += (known.empty() ? "" : ", ") + s.id;
    return Fail(ErrorCode::kInvalidArgument, fmt::format("unknown severity \"{}\" (configured: {})", *sev, known));
  }
  return incident::ChangeSeverity{*sev, *reason, who.actor, who.via};
}

Result<incident::Event> DecodeLead(const Context& ctx, const Caller& who, const json::object& body) {
  auto lead = StringField(body, "lead");
  if (!lead) return Fail(lead.error());
  if (!lead->empty() && !ctx.config->FindPerson(*lead)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\" is not a person in the configuration", *lead));
  }
  return incident::AssignLead{*lead, who.actor, who.via};
}

void RunCommand(const Context& ctx, access::Role need, Decode decode, http::Request& req, http::Reply reply) {
  auto who = Require(ctx, req, reply, need);
  if (!who) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto body = BodyObject(req);
  if (!body) return reply(ErrorResponse(body.error()));
  auto event = decode(ctx, Caller{who->actor(), ViaOf(req)}, *body);
  if (!event) return reply(ErrorResponse(event.error()));
  Submit(ctx, *id, std::move(*event), std::move(reply));
}

}  // namespace

void AddIncidentRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  auto bind = [c](void (*fn)(const Context&, http::Request&, http::Reply)) {
    return [c, fn](http::Request& req, http::Reply reply) { fn(*c, req, std::move(reply)); };
  };
  router.Add("GET", "/api/v1/incidents", Needs(access::Role::kViewer), bind(List));
  router.Add("GET", "/api/v1/incidents/{id}", Needs(access::Role::kViewer), bind(Show));
  auto command = [c](access::Role need, Decode decode) {
    return [c, need, decode](http::Request& req, http::Reply reply) {
      RunCommand(*c, need, decode, req, std::move(reply));
    };
  };
  using access::Role;
  router.Add("POST", "/api/v1/incidents/{id}/ack", Needs(Role::kEngineer), command(Role::kEngineer, DecodeAck));
  router.Add("POST", "/api/v1/incidents/{id}/resolve", Needs(Role::kEngineer), command(Role::kEngineer, DecodeResolve));
  // Paging the next level is for whoever may be paged: on-call and above.
  router.Add("POST", "/api/v1/incidents/{id}/escalate", Needs(Role::kOnCall), command(Role::kOnCall, DecodeEscalate));
  router.Add("POST", "/api/v1/incidents/{id}/updates", Needs(Role::kEngineer), command(Role::kEngineer, DecodeUpdate));
  router.Add("POST", "/api/v1/incidents/{id}/lead", Needs(Role::kEngineer), command(Role::kEngineer, DecodeLead));
  // Changing severity is for leads and above (the handbook's Tools table).
  router.Add("POST", "/api/v1/incidents/{id}/severity", Needs(Role::kLead), command(Role::kLead, DecodeSeverity));
}

}  // namespace klaxon::api
