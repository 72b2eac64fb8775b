#include "api/session_handlers.h"

#include <boost/json/serialize.hpp>

namespace klaxon::api {
namespace {

namespace json = boost::json;

int64_t Seconds(Duration d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

void WhoAmI(const Context& ctx, http::Request& req, http::Reply reply) {
  auto p = Require(ctx, req, reply, access::Role::kViewer);
  if (!p) return;
  const config::Person* person = p->person.empty() ? nullptr : ctx.config->FindPerson(p->person);
  json::object out{{"token", p->name},
                    {"person", p->person.empty() ? json::value(nullptr) : json::value(p->person)},
                    {"person_name", person ? json::value(person->name) : json::value(nullptr)},
                    {"actor", p->actor()},
                    {"role", access::ToString(p->role)},
                    {"now", FormatTimestamp(ctx.clock->Now())}};
  reply(http::Response::Json(200, json::serialize(out)));
}

void Severities(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  json::array list;
  for (const auto& s : ctx.config->severities) {
    list.push_back(json::object{{"id", s.id},
                                {"name", s.name},
                                {"definition", s.definition},
                                {"rank", s.rank},
                                {"response_time_seconds", Seconds(s.response_time)},
                                {"update_every_seconds", Seconds(s.update_every)}});
  }
  json::object out{{"now", FormatTimestamp(ctx.clock->Now())}, {"severities", std::move(list)}};
  reply(http::Response::Json(200, json::serialize(out)));
}

}  // namespace

void AddSessionRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  router.Add("GET", "/api/v1/whoami", Needs(access::Role::kViewer),
             [c](http::Request& req, http::Reply reply) { WhoAmI(*c, req, std::move(reply)); });
  router.Add("GET", "/api/v1/severities", Needs(access::Role::kViewer),
             [c](http::Request& req, http::Reply reply) { Severities(*c, req, std::move(reply)); });
}

}  // namespace klaxon::api
