#include "api/probe_handlers.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "probe/runner.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

json::value OptTime(const std::optional<Time>& t) {
  return t ? json::value(FormatTimestamp(*t)) : json::value(nullptr);
}

std::string_view Told(probe::Delivered::Alert a) {
  switch (a) {
    case probe::Delivered::Alert::kUnknown: return "unknown";
    case probe::Delivered::Alert::kResolved: return "resolved";
    case probe::Delivered::Alert::kFiring: return "firing";
  }
  return "unknown";
}

json::object ProbeJson(const Context& ctx, const probe::ProbeStatus& s) {
  const auto& st = s.state;
  json::object o{{"id", s.id}, {"kind", std::string(probe::ToString(s.kind))}};
  o["state"] = st.observed ? std::string(probe::ToString(st.phase)) : std::string("unknown");
  o["since"] = st.observed ? json::value(FormatTimestamp(st.since)) : json::value(nullptr);
  o["healthy"] = st.observed ? json::value(!st.last_failing) : json::value(nullptr);
  o["severity"] = st.severity.empty() ? json::value(nullptr) : json::value(st.severity);
  o["detail"] = st.detail;
  o["value"] = st.value ? json::value(*st.value) : json::value(nullptr);
  o["alert"] = std::string(Told(s.delivered.alert));
  o["incident"] = s.incident_id ? json::value(incident::DisplayId(ctx.config->incidents.id_prefix,
                                                                   s.incident_id))
                                : json::value(nullptr);
  o["runs"] = s.runs;
  o["failures"] = s.failures;
  o["last_run"] = OptTime(s.last_run);
  o["last_duration_ms"] = s.last_run ? json::value(s.last_duration.count()) : json::value(nullptr);
  o["next_run"] = OptTime(s.next_run);
  if (s.kind == probe::Kind::kHeartbeat) {
    o["last_beat"] = OptTime(s.last_beat);
    o["deadline"] = OptTime(s.deadline);
  }
  return o;
}

void List(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  json::array items;
  for (const auto& s : ctx.probes->Snapshot()) items.push_back(ProbeJson(ctx, s));
  json::object out{{"probes", std::move(items)}};
  reply(http::Response::Json(200, json::serialize(out)));
}

void Beat(const Context& ctx, http::Request& req, http::Reply reply) {
  std::string id(req.Param("id").value_or(""));
  auto cred = Authenticator::Credential(req);
  const config::Integration* in = cred ? ctx.auth->IntegrationByKey(*cred) : nullptr;
  if (!in) {
    auto r = http::Response::Error(401, "missing or unknown integration key (Authorization: Bearer <key>)");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"klaxon\"");
    return reply(std::move(r));
  }
  const probe::Spec* spec = ctx.probes->Find(id);
  const auto* hb = spec ? std::get_if<probe::HeartbeatTarget>(&spec->target) : nullptr;
  if (!hb) return reply(http::Response::Error(404, fmt::format("no heartbeat probe \"{}\"", id)));
  if (in->type != "heartbeat") {
    return reply(http::Response::Error(
        403, fmt::format("integration \"{}\" is of type {}; heartbeats need type heartbeat", in->id,
                         in->type)));
  }
  if (!hb->integration.empty() && hb->integration != in->id) {
    return reply(http::Response::Error(
        403, fmt::format("heartbeat \"{}\" accepts only integration \"{}\"", id, hb->integration)));
  }
  ctx.probes->Beat(id, [reply = std::move(reply)](Result<probe::ProbeStatus> r) {
    if (!r) {
      auto resp = ErrorResponse(r.error());
      if (r.error().code == ErrorCode::kUnavailable) resp.headers.emplace_back("Retry-After", "1");
      return reply(std::move(resp));
    }
    json::object out{{"id", r->id},
                     {"last_beat", OptTime(r->last_beat)},
                     {"deadline", OptTime(r->deadline)},
                     {"state", std::string(probe::ToString(r->state.phase))}};
    reply(http::Response::Json(200, json::serialize(out)));
  });
}

}  // namespace

void AddProbeRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  auto guarded = [c](void (*handler)(const Context&, http::Request&, http::Reply)) {
    return [c, handler](http::Request& req, http::Reply reply) {
      if (!c->probes) return reply(http::Response::Error(503, "probes are not running"));
      handler(*c, req, std::move(reply));
    };
  };
  router.Add("GET", "/api/v1/probes", Needs(access::Role::kViewer), guarded(&List));
  router.Add("POST", "/api/v1/heartbeats/{id}", "integration:heartbeat", guarded(&Beat));
}

}  // namespace klaxon::api
