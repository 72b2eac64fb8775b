#include "api/oncall_handlers.h"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "oncall/ical.h"
#include "oncall/resolve.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

std::string PersonName(const Context& ctx, const std::string& id) {
  const config::Person* p = ctx.config->FindPerson(id);
  return p ? p->name : id;
}

json::value Instant(Time t, const oncall::TimeZone& zone, bool local) {
  if (t == oncall::kUnboundedStart || t == oncall::kUnboundedEnd) return nullptr;
  return json::value(local ? oncall::FormatLocal(t, zone) : FormatTimestamp(t));
}

json::object ShiftJson(const Context& ctx, const oncall::Schedule& s, const oncall::Shift& shift) {
  json::object out;
  bool nobody = shift.person.empty();
  out["person"] = nobody ? json::value(nullptr) : json::value(shift.person);
  out["name"] = nobody ? json::value(nullptr) : json::value(PersonName(ctx, shift.person));
  switch (shift.source) {
    case oncall::Source::kNobody: out["source"] = "nobody"; break;
    case oncall::Source::kLayer: {
      out["source"] = "layer";
      out["layer"] = shift.layer + 1;
      out["layer_name"] = s.layers[static_cast<size_t>(shift.layer)].name;
      break;
    }
    case oncall::Source::kOverride:
      out["source"] = "override";
      out["override"] = shift.override_index + 1;
      break;
  }
  out["start"] = Instant(shift.start, s.zone, false);
  out["end"] = Instant(shift.end, s.zone, false);
  out["start_local"] = Instant(shift.start, s.zone, true);
  out["end_local"] = Instant(shift.end, s.zone, true);
  return out;
}

Result<json::object> ScheduleJson(const Context& ctx, const oncall::Schedule& s, Time at) {
  auto now = oncall::OnCallAt(s, at);
  if (!now) return Fail(now.error());
  auto next = oncall::NextOnCall(s, *now);
  if (!next) return Fail(next.error());
  json::object out{{"id", s.id}, {"name", s.name}, {"time_zone", s.zone.name()}};
  out["now"] = ShiftJson(ctx, s, *now);
  out["next"] = *next ? json::value(ShiftJson(ctx, s, **next)) : json::value(nullptr);
  return out;
}

// `at` as written in a URL: a literal '+' in an offset arrives as a space
// ("...09:00:00 02:00"); take it back rather than refuse it.
Result<Time> ParseAt(std::string text) {
  if (text.size() > 6 && text[text.size() - 6] == ' ' && text[text.size() - 3] == ':') {
    text[text.size() - 6] = '+';
  }
  return ParseTimestamp(text);
}

const config::Schedule* FindOr404(const Context& ctx, const std::string& id,
                                  const http::Reply& reply) {
  const config::Schedule* s = ctx.config->FindSchedule(id);
  if (!s) reply(http::Response::Error(404, fmt::format("schedule \"{}\" not found", id)));
  return s;
}

void OnCall(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  Time at = ctx.clock->Now();
  if (auto text = req.Query("at")) {
    auto parsed = ParseAt(*text);
    if (!parsed) return reply(http::Response::Error(400, "at: " + parsed.error().message));
    at = *parsed;
  }
  std::vector<const config::Schedule*> wanted;
  if (auto id = req.Query("schedule")) {
    const config::Schedule* s = FindOr404(ctx, *id, reply);
    if (!s) return;
    wanted.push_back(s);
  } else {
    for (const auto& s : ctx.config->schedules) wanted.push_back(&s);
  }
  json::array schedules;
  for (const config::Schedule* s : wanted) {
    auto one = ScheduleJson(ctx, s->spec, at);
    if (!one) return reply(ErrorResponse(one.error()));
    schedules.push_back(std::move(*one));
  }
  json::object out{{"at", FormatTimestamp(at)}, {"schedules", std::move(schedules)}};
  reply(http::Response::Json(200, json::serialize(out)));
}

void Feed(const Context& ctx, http::Request& req, http::Reply reply) {
  // Calendar apps cannot send headers: a ?token= stands in for the bearer
  // header, on this route only. A header, when sent, wins.
  if (!req.Header("authorization")) {
    if (auto token = req.Query("token")) req.headers.emplace_back("authorization", "Bearer " + *token);
  }
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  std::string file(req.Param("file").value_or(""));
  constexpr std::string_view kSuffix = ".ics";
  if (!file.ends_with(kSuffix)) return reply(http::Response::Error(404, "not found"));
  const config::Schedule* s = FindOr404(ctx, file.substr(0, file.size() - kSuffix.size()), reply);
  if (!s) return;
  Time now = ctx.clock->Now();
  auto shifts = oncall::Shifts(s->spec, now - kFeedBehind, now + kFeedAhead);
  if (!shifts) return reply(ErrorResponse(shifts.error()));
  oncall::CalendarOptions options;
  options.stamp = now;
  options.person_name = [&ctx](const std::string& id) { return PersonName(ctx, id); };
  http::Response r;
  r.status = 200;
  r.content_type = "text/calendar; charset=utf-8";
  r.body = oncall::RenderCalendar(s->spec, *shifts, options);
  reply(std::move(r));
}

}  // namespace

void AddOnCallRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  router.Add("GET", "/api/v1/oncall", Needs(access::Role::kViewer), [c](http::Request& req, http::Reply reply) {
    OnCall(*c, req, std::move(reply));
  });
  // The router captures whole segments, so "{file}" is "<id>.ics".
  router.Add("GET", "/api/v1/schedules/{file}", Needs(access::Role::kViewer), [c](http::Request& req, http::Reply reply) {
    Feed(*c, req, std::move(reply));
  });
}

}  // namespace klaxon::api
