#include "api/system_handlers.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::api {
namespace {

namespace json = boost::json;

void Ready(const Context& ctx, http::Request&, http::Reply reply) {
  auto n = ctx.store->CountOpenBySeverity();
  if (!n) return reply(http::Response::Error(503, "store unavailable: " + n.error().message));
  if (!ctx.engine->running()) return reply(http::Response::Error(503, "engine not running"));
  reply(http::Response::Json(200, R"({"status":"ready"})"));
}

void AdvanceClock(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kAdmin)) return;
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("by") || !v.as_object().at("by").is_string()) {
    return reply(http::Response::Error(400, "body must be {\"by\": \"<duration>\"}, e.g. {\"by\":\"15m\"}"));
  }
  auto d = ParseDuration(std::string(v.as_object().at("by").as_string()));
  if (!d) return reply(http::Response::Error(400, d.error().message));
  ctx.simulated_clock->Advance(*d);
  // Answer once the engine has processed everything that became due.
  std::string now = FormatTimestamp(ctx.simulated_clock->Now());
  ctx.engine->SubmitTick([reply = std::move(reply), now](Status st) {
    if (!st) return reply(ErrorResponse(st.error()));
    json::object out{{"now", now}};
    reply(http::Response::Json(200, json::serialize(out)));
  });
}

}  // namespace

void AddSystemRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  router.Add("GET", "/healthz", "public", [](http::Request&, http::Reply reply) {
    reply(http::Response::Json(200, R"({"status":"ok"})"));
  });
  router.Add("GET", "/readyz", "public", [c](http::Request& req, http::Reply reply) { Ready(*c, req, std::move(reply)); });
  router.Add("GET", "/metrics", "public", [c](http::Request&, http::Reply reply) {
    auto r = http::Response::Text(200, c->metrics->Render());
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    reply(std::move(r));
  });
  // Every route and who may call it (as each was registered), for people
  // and for the access tests; read at request time, so routes added after
  // this one are listed too.
  const http::Router* r = &router;
  router.Add("GET", "/api/v1/routes", Needs(access::Role::kViewer),
             [c, r](http::Request& req, http::Reply reply) {
               if (!Require(*c, req, reply, access::Role::kViewer)) return;
               json::array routes;
               for (const auto& info : r->Routes()) {
                 routes.push_back(json::object{{"method", info.method},
                                               {"path", info.pattern},
                                               {"access", info.access}});
               }
               reply(http::Response::Json(
                   200, json::serialize(json::object{{"routes", std::move(routes)}})));
             });
  if (ctx.simulated_clock) {
    router.Add("POST", "/api/v1/admin/clock", Needs(access::Role::kAdmin), [c](http::Request& req, http::Reply reply) {
      AdvanceClock(*c, req, std::move(reply));
    });
    router.Add("GET", "/api/v1/admin/clock", "public", [c](http::Request&, http::Reply reply) {
      json::object out{{"now", FormatTimestamp(c->simulated_clock->Now())}};
      reply(http::Response::Json(200, json::serialize(out)));
    });
  }
}

}  // namespace klaxon::api
