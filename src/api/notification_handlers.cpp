#include "api/notification_handlers.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::api {
namespace {

namespace json = boost::json;

json::value TimeOrNull(const std::optional<Time>& t) {
  return t ? json::value(FormatTimestamp(*t)) : json::value(nullptr);
}

json::object RowJson(const store::OutboxEntry& r) {
  bool pending = r.state == store::NotificationState::kPending;
  return json::object{
      {"id", r.id},
      {"channel", r.channel},
      {"event", r.event},
      {"idempotency_key", r.idempotency_key},
      {"state", store::ToString(r.state)},
      {"attempts", r.attempts},
      {"next_attempt_at", pending ? json::value(FormatTimestamp(r.next_attempt_at)) : nullptr},
      {"created_at", FormatTimestamp(r.created_at)},
      {"last_error", r.last_error},
      {"receipt", r.receipt},
      {"delivered_at", TimeOrNull(r.delivered_at)}};
}

void List(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto rows = ctx.store->ListNotifications(*id);
  if (!rows) return reply(ErrorResponse(rows.error()));
  if (rows->empty()) {
    // Tell "no notifications" from "no such incident".
    auto d = ctx.store->GetIncidentDetail(*id);
    if (!d) return reply(ErrorResponse(d.error()));
    if (!*d) {
      return reply(http::Response::Error(
          404, fmt::format("incident {} not found", req.Param("id").value_or(""))));
    }
  }
  json::array out;
  for (const auto& r : *rows) out.push_back(RowJson(r));
  reply(http::Response::Json(200, json::serialize(json::object{{"notifications", std::move(out)}})));
}

}  // namespace

void AddNotificationRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  router.Add("GET", "/api/v1/incidents/{id}/notifications", Needs(access::Role::kViewer),
             [c](http::Request& req, http::Reply reply) { List(*c, req, std::move(reply)); });
}

}  // namespace klaxon::api
