#include "api/status_page_handlers.h"

#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "statuspage/draft.h"
#include "statuspage/public_json.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;
using statuspage::ComponentState;

std::optional<statuspage::Message> MessageOf(const std::optional<config::StatusMessage>& m) {
  if (!m) return std::nullopt;
  return statuspage::Message{m->title, m->body};
}

// The draft for an internal incident: its runbook's texts, its severity's impact.
statuspage::Draft DraftFor(const config::Config& cfg, const incident::Incident& inc) {
  statuspage::DraftInput in;
  in.page = &cfg.status_page.page;
  in.runbook_id = inc.runbook_id;
  if (const auto* rb = cfg.FindRunbook(inc.runbook_id)) {
    in.service = rb->service;
    in.investigating = MessageOf(rb->communication.investigating);
    in.identified = MessageOf(rb->communication.identified);
    in.resolved = MessageOf(rb->communication.resolved);
  }
  const auto* sev = cfg.FindSeverity(inc.severity);
  in.severity_rank = sev ? sev->rank : static_cast<int>(cfg.severities.size());
  return statuspage::MakeDraft(in);
}

json::array StatesJson(const std::vector<ComponentState>& states) {
  json::array out;
  for (const auto& s : states) {
    out.push_back(json::object{{"id", s.component}, {"status", statuspage::ToString(s.status)}});
  }
  return out;
}

json::object MessageJson(const statuspage::Message& m) {
  return json::object{{"title", m.title}, {"body", m.body}};
}

// The public view of a status incident, plus the internal incident it is about.
json::object PublishedJson(const Context& ctx, const statuspage::Incident& pub) {
  json::object o = statuspage::IncidentJson(ctx.config->status_page.page, pub);
  o["incident"] = incident::DisplayId(ctx.config->incidents.id_prefix, pub.source_incident);
  return o;
}

// "status": one of the incident states.
Result<std::optional<statuspage::IncidentStatus>> StatusField(const json::object& body) {
  auto text = OptionalString(body, "status", 32);
  if (!text) return Fail(text.error());
  if (!*text) return std::optional<statuspage::IncidentStatus>();
  auto s = statuspage::ParseIncidentStatus(**text);
  if (!s) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown status \"{}\" (use investigating, identified, monitoring or resolved)", **text));
  }
  return std::optional<statuspage::IncidentStatus>(*s);
}

Result<std::optional<statuspage::Impact>> ImpactField(const json::object& body) {
  auto text = OptionalString(body, "impact", 32);
  if (!text) return Fail(text.error());
  if (!*text) return std::optional<statuspage::Impact>();
  auto i = statuspage::ParseImpact(**text);
  if (!i) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown impact \"{}\" (use none, minor, major or critical)", **text));
  }
  return std::optional<statuspage::Impact>(*i);
}

Status KnownComponent(const Context& ctx, std::string_view id) {
  if (ctx.config->status_page.FindComponent(id)) return {};
  std::string known;
  for (const auto& c : ctx.config->status_page.page.components) known += (known.empty() ? "" : ", ") + c.id;
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("unknown component \"{}\" (status_page.components: {})", id, known.empty() ? "none" : known));
}

// "components": [{"id": "payments", "status": "partial_outage"}, ...]; nullopt when absent.
Result<std::optional<std::vector<ComponentState>>> ComponentsField(const Context& ctx, const json::object& body) {
  auto it = body.find("components");
  if (it == body.end() || it->value().is_null()) return std::optional<std::vector<ComponentState>>();
  if (!it->value().is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "\"components\" must be a list of {\"id\", \"status\"}");
  }
  std::vector<ComponentState> out;
  for (const auto& item : it->value().as_array()) {
    if (!item.is_object()) {
      return Fail(ErrorCode::kInvalidArgument, "\"components\" must be a list of {\"id\", \"status\"}");
    }
    auto id = OptionalString(item.as_object(), "id", 64);
    auto status = OptionalString(item.as_object(), "status", 32);
    if (!id) return Fail(id.error());
    if (!status) return Fail(status.error());
    if (!*id) return Fail(ErrorCode::kInvalidArgument, "each component needs an \"id\"");
    if (auto st = KnownComponent(ctx, **id); !st) return Fail(st.error());
    auto parsed = statuspage::ParseComponentStatus(status->value_or(""));
    if (!parsed) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("component \"{}\": unknown status \"{}\" (use operational, degraded_performance, "
                              "partial_outage, major_outage or under_maintenance)",
                              **id, status->value_or("")));
    }
    out.push_back({**id, *parsed});
  }
  return std::optional<std::vector<ComponentState>>(std::move(out));
}

// "name", or its synonym "title".
Result<std::string> NameField(const json::object& body) {
  auto name = OptionalString(body, "name", 200);
  if (!name) return Fail(name.error());
  if (*name) return **name;
  auto title = OptionalString(body, "title", 200);
  if (!title) return Fail(title.error());
  return title->value_or("");
}

// What a publish or update request may say; absent fields are unset.
struct Fields {
  std::optional<statuspage::IncidentStatus> status;
  std::optional<statuspage::Impact> impact;
  std::string name;  // "" when absent
  std::optional<std::string> body;
  std::optional<std::vector<ComponentState>> components;
};

Result<Fields> PublicFields(const Context& ctx, const json::object& body) {
  Fields f;
  auto status = StatusField(body);
  if (!status) return Fail(status.error());
  f.status = *status;
  auto impact = ImpactField(body);
  if (!impact) return Fail(impact.error());
  f.impact = *impact;
  auto name = NameField(body);
  if (!name) return Fail(name.error());
  f.name = std::move(*name);
  auto text = OptionalString(body, "body", 5000);
  if (!text) return Fail(text.error());
  f.body = std::move(*text);
  auto components = ComponentsField(ctx, body);
  if (!components) return Fail(components.error());
  f.components = std::move(*components);
  return f;
}

Result<int64_t> NumberParam(const http::Request& req, std::string_view name, std::string_view what) {
  auto raw = req.Param(name).value_or("");
  int64_t v = 0;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || p != raw.data() + raw.size() || v <= 0) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\" is not a {} id (a number)", raw, what));
  }
  return v;
}

Result<incident::Incident> LoadIncident(const Context& ctx, int64_t id) {
  auto detail = ctx.store->GetIncidentDetail(id);
  if (!detail) return Fail(detail.error());
  if (!*detail) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("incident {} not found", incident::DisplayId(ctx.config->incidents.id_prefix, id)));
  }
  return std::move((*detail)->incident);
}

void Submit(const Context& ctx, engine::StatusPageCommand cmd, int created, http::Reply reply) {
  const Context* c = &ctx;
  ctx.engine->SubmitStatusPageCommand(
      std::move(cmd), [c, created, reply = std::move(reply)](Result<engine::StatusPageResult> r) {
        if (!r) return reply(ErrorResponse(r.error()));
        json::object out;
        if (r->incident) out = PublishedJson(*c, *r->incident);
        if (r->maintenance) {
          const auto& m = *r->maintenance;
          out = statuspage::MaintenanceJson(c->config->status_page.page, m,
                                            statuspage::StatusAt(m, c->clock->Now()));
          out["cancelled"] = m.cancelled_at.has_value();
        }
        reply(http::Response::Json(created, json::serialize(out)));
      });
}

void Draft(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto inc = LoadIncident(ctx, *id);
  if (!inc) return reply(ErrorResponse(inc.error()));
  auto latest = ctx.store->LatestStatusIncidentOf(*id);
  if (!latest) return reply(ErrorResponse(latest.error()));
  auto d = DraftFor(*ctx.config, *inc);
  json::object messages{{"investigating", MessageJson(d.investigating)},
                        {"identified", MessageJson(d.identified)},
                        {"monitoring", MessageJson(d.monitoring)},
                        {"resolved", MessageJson(d.resolved)}};
  json::array components;
  for (const auto& c : ctx.config->status_page.page.components) {
    components.push_back(json::object{{"id", c.id}, {"name", c.name}, {"description", c.description},
                                      {"group", c.group}});
  }
  json::object out{
      {"incident", incident::DisplayId(ctx.config->incidents.id_prefix, *id)},
      {"draft", json::object{{"name", d.investigating.title},
                             {"status", "investigating"},
                             {"impact", statuspage::ToString(d.impact)},
                             {"body", d.investigating.body},
                             {"components", StatesJson(d.components)}}},
      {"messages", std::move(messages)},
      {"components", std::move(components)},
      {"published", *latest ? json::value(PublishedJson(ctx, **latest)) : json::value(nullptr)}};
  reply(http::Response::Json(200, json::serialize(out)));
}

void Publish(const Context& ctx, http::Request& req, http::Reply reply) {
  auto who = Require(ctx, req, reply, access::Role::kLead);
  if (!who) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto body = BodyObject(req);
  if (!body) return reply(ErrorResponse(body.error()));
  auto inc = LoadIncident(ctx, *id);
  if (!inc) return reply(ErrorResponse(inc.error()));
  auto fields = PublicFields(ctx, *body);
  if (!fields) return reply(ErrorResponse(fields.error()));
  auto d = DraftFor(*ctx.config, *inc);
  engine::StatusPageCommand cmd;
  cmd.op = engine::StatusPageCommand::Op::kPublish;
  cmd.incident_id = *id;
  cmd.status = fields->status.value_or(statuspage::IncidentStatus::kInvestigating);
  const auto& message = statuspage::MessageFor(d, cmd.status);
  cmd.name = fields->name.empty() ? message.title : fields->name;
  cmd.body = fields->body.value_or(message.body);
  cmd.impact = fields->impact.value_or(d.impact);
  cmd.components = fields->components.value_or(d.components);
  cmd.actor = who->actor();
  cmd.via = ViaOf(req);
  Submit(ctx, std::move(cmd), 201, std::move(reply));
}

// An update to a status incident; `resolve` forces the status to resolved.
void PostUpdate(const Context& ctx, http::Request& req, http::Reply reply, bool resolve) {
  auto who = Require(ctx, req, reply, access::Role::kLead);
  if (!who) return;
  auto pid = NumberParam(req, "pid", "status incident");
  if (!pid) return reply(ErrorResponse(pid.error()));
  auto body = BodyObject(req);
  if (!body) return reply(ErrorResponse(body.error()));
  auto fields = PublicFields(ctx, *body);
  if (!fields) return reply(ErrorResponse(fields.error()));
  if (resolve) fields->status = statuspage::IncidentStatus::kResolved;
  if (!fields->status) return reply(http::Response::Error(400, "\"status\" is required"));
  engine::StatusPageCommand cmd;
  cmd.op = engine::StatusPageCommand::Op::kUpdate;
  cmd.public_id = *pid;
  cmd.status = *fields->status;
  cmd.name = fields->name;
  cmd.impact = fields->impact;
  cmd.components = fields->components;
  if (fields->body) {
    cmd.body = *fields->body;
  } else {
    // The draft's text for this status, from the runbook of the incident it is about.
    auto pub = ctx.store->GetStatusIncident(*pid);
    if (!pub) return reply(ErrorResponse(pub.error()));
    if (!*pub) return reply(http::Response::Error(404, fmt::format("status incident {} not found", *pid)));
    auto inc = LoadIncident(ctx, (*pub)->source_incident);
    if (!inc) return reply(ErrorResponse(inc.error()));
    const statuspage::Draft draft = DraftFor(*ctx.config, *inc);
    const auto& message = statuspage::MessageFor(draft, cmd.status);
    cmd.body = message.body;
    // The handbook titles each stage ("Identified - Payment processing delays").
    if (cmd.name.empty()) cmd.name = message.title;
  }
  cmd.actor = who->actor();
  cmd.via = ViaOf(req);
  Submit(ctx, std::move(cmd), 200, std::move(reply));
}

void Update(const Context& ctx, http::Request& req, http::Reply reply) { PostUpdate(ctx, req, std::move(reply), false); }
void Resolve(const Context& ctx, http::Request& req, http::Reply reply) { PostUpdate(ctx, req, std::move(reply), true); }

Result<Time> TimeField(const json::object& body, std::string_view key) {
  auto text = OptionalString(body, key, 64);
  if (!text) return Fail(text.error());
  if (!*text) return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\" is required (RFC 3339)", key));
  auto t = ParseTimestamp(**text);
  if (!t) return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\" is not an RFC 3339 time: {}", key, **text));
  return *t;
}

void Schedule(const Context& ctx, http::Request& req, http::Reply reply) {
  auto who = Require(ctx, req, reply, access::Role::kLead);
  if (!who) return;
  auto body = BodyObject(req);
  if (!body) return reply(ErrorResponse(body.error()));
  auto name = NameField(*body);
  auto text = OptionalString(*body, "body", 5000);
  auto from = TimeField(*body, "scheduled_for");
  auto duration = OptionalString(*body, "duration", 32);
  if (!name) return reply(ErrorResponse(name.error()));
  if (!text) return reply(ErrorResponse(text.error()));
  if (!from) return reply(ErrorResponse(from.error()));
  if (!duration) return reply(ErrorResponse(duration.error()));
  engine::StatusPageCommand cmd;
  cmd.op = engine::StatusPageCommand::Op::kScheduleMaintenance;
  cmd.name = *name;
  cmd.body = text->value_or("");
  cmd.scheduled_for = *from;
  if (*duration) {
    auto d = ParseDuration(**duration);
    if (!d) return reply(http::Response::Error(400, fmt::format("\"duration\" is not a duration: {}", **duration)));
    cmd.scheduled_until = *from + *d;
  } else {
    auto until = TimeField(*body, "scheduled_until");
    if (!until) return reply(ErrorResponse(until.error()));
    cmd.scheduled_until = *until;
  }
  if (auto it = body->find("components"); it != body->end() && !it->value().is_null()) {
    if (!it->value().is_array()) return reply(http::Response::Error(400, "\"components\" must be a list of ids"));
    for (const auto& c : it->value().as_array()) {
      if (!c.is_string()) return reply(http::Response::Error(400, "\"components\" must be a list of ids"));
      if (auto st = KnownComponent(ctx, c.as_string()); !st) return reply(ErrorResponse(st.error()));
      cmd.maintenance_components.emplace_back(c.as_string());
    }
  }
  cmd.actor = who->actor();
  cmd.via = ViaOf(req);
  Submit(ctx, std::move(cmd), 201, std::move(reply));
}

void Cancel(const Context& ctx, http::Request& req, http::Reply reply) {
  auto who = Require(ctx, req, reply, access::Role::kLead);
  if (!who) return;
  auto mid = NumberParam(req, "mid", "maintenance");
  if (!mid) return reply(ErrorResponse(mid.error()));
  engine::StatusPageCommand cmd;
  cmd.op = engine::StatusPageCommand::Op::kCancelMaintenance;
  cmd.maintenance_id = *mid;
  cmd.actor = who->actor();
  cmd.via = ViaOf(req);
  Submit(ctx, std::move(cmd), 200, std::move(reply));
}

}  // namespace

void AddStatusPageRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  auto bind = [c](void (*fn)(const Context&, http::Request&, http::Reply)) {
    return [c, fn](http::Request& req, http::Reply reply) { fn(*c, req, std::move(reply)); };
  };
  using access::Role;
  router.Add("GET", "/api/v1/incidents/{id}/publish", Needs(Role::kViewer), bind(Draft));
  router.Add("POST", "/api/v1/incidents/{id}/publish", Needs(Role::kLead), bind(Publish));
  router.Add("POST", "/api/v1/status/incidents/{pid}/updates", Needs(Role::kLead), bind(Update));
  router.Add("POST", "/api/v1/status/incidents/{pid}/resolve", Needs(Role::kLead), bind(Resolve));
  router.Add("POST", "/api/v1/status/maintenances", Needs(Role::kLead), bind(Schedule));
  router.Add("POST", "/api/v1/status/maintenances/{mid}/cancel", Needs(Role::kLead), bind(Cancel));
}

}  // namespace klaxon::api
