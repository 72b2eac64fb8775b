// The on-call routes against a router, a configuration built in code and a
// manual clock: no server, no store.
#include "api/oncall_handlers.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "testing/test_config.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

Time At(const char* text) { return *ParseTimestamp(text); }

config::Config WithSchedule() {
  config::Config cfg = klaxon::testing::SmallConfig();
  oncall::Schedule s;
  s.id = "primary";
  s.name = "Primary";
  s.zone = *oncall::TimeZone::Find("Europe/Berlin");
  oncall::Layer layer;
  layer.name = "weekly";
  layer.participants = {"alice", "carol"};
  layer.shift = std::chrono::weeks(1);
  layer.handoff = std::chrono::hours(9);
  layer.start_date = std::chrono::year{2025} / 1 / 6;
  s.layers = {layer};
  s.overrides = {{"carol", At("2025-01-08T00:00:00Z"), At("2025-01-08T12:00:00Z")}};
  cfg.schedules.push_back({s, {}});
  return cfg;
}

class OnCallRoutes : public ::testing::Test {
 protected:
  OnCallRoutes() : cfg_(WithSchedule()), auth_(cfg_), clock_(At("2025-01-07T10:00:00Z")) {
    ctx_.config = &cfg_;
    ctx_.clock = &clock_;
    ctx_.auth = &auth_;
    AddOnCallRoutes(router_, ctx_);
  }

  http::Response Get(const std::string& path, const std::string& query,
                     const std::string& token = "viewer-token") {
    http::Request req;
    req.method = "GET";
    req.path = path;
    req.query = query;
    req.target = path + (query.empty() ? "" : "?" + query);
    if (!token.empty()) req.headers.emplace_back("authorization", "Bearer " + token);
    http::Response out;
    out.status = 0;
    router_.Dispatch(req, [&](http::Response r) { out = std::move(r); });
    EXPECT_NE(out.status, 0) << "no reply";
    return out;
  }
  static json::value Json(const http::Response& r) { return json::parse(r.body); }

  config::Config cfg_;
  Authenticator auth_;
  ManualClock clock_;
  Context ctx_;
  http::Router router_;
};

TEST_F(OnCallRoutes, NowAndNextFromTheInjectedClock) {
  auto r = Get("/api/v1/oncall", "");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = Json(r);
  EXPECT_EQ(v.at("at").as_string(), "2025-01-07T10:00:00.000Z");
  const json::value& p = v.at("schedules").as_array().at(0);
  EXPECT_EQ(p.at("id").as_string(), "primary");
  EXPECT_EQ(p.at("time_zone").as_string(), "Europe/Berlin");
  const json::value& now = p.at("now");
  EXPECT_EQ(now.at("person").as_string(), "alice");
  EXPECT_EQ(now.at("name").as_string(), "Alice");
  EXPECT_EQ(now.at("source").as_string(), "layer");
  EXPECT_EQ(now.at("layer").as_int64(), 1);
  EXPECT_EQ(now.at("layer_name").as_string(), "weekly");
  EXPECT_EQ(now.at("start").as_string(), "2025-01-06T08:00:00.000Z");
  EXPECT_EQ(now.at("start_local").as_string(), "2025-01-06T09:00:00+01:00");
  EXPECT_EQ(now.at("end").as_string(), "2025-01-08T00:00:00.000Z");  // the override begins
  const json::value& next = p.at("next");
  EXPECT_EQ(next.at("person").as_string(), "carol");
  EXPECT_EQ(next.at("source").as_string(), "override");
  EXPECT_EQ(next.at("override").as_int64(), 1);

  clock_.Set(At("2025-01-14T08:00:00Z"));  // the next weekly turn
  json::value later = Json(Get("/api/v1/oncall", "schedule=primary"));
  EXPECT_EQ(later.at("schedules").as_array().at(0).at("now").at("person").as_string(), "carol");
}

TEST_F(OnCallRoutes, AtAndBeforeTheStart) {
  json::value v = Json(Get("/api/v1/oncall", "schedule=primary&at=2025-01-01T00:00:00%2B01:00"));
  const json::value& now = v.at("schedules").as_array().at(0).at("now");
  EXPECT_TRUE(now.at("person").is_null());
  EXPECT_EQ(now.at("source").as_string(), "nobody");
  EXPECT_TRUE(now.at("start").is_null());
  EXPECT_EQ(now.at("end").as_string(), "2025-01-06T08:00:00.000Z");
  EXPECT_EQ(v.at("schedules").as_array().at(0).at("next").at("person").as_string(), "alice");
  // An unencoded '+' arrives as a space and is taken back.
  auto plus = Get("/api/v1/oncall", "at=2025-01-08T10:00:00+01:00");
  ASSERT_EQ(plus.status, 200) << plus.body;
  EXPECT_EQ(Json(plus).at("at").as_string(), "2025-01-08T09:00:00.000Z");
}

TEST_F(OnCallRoutes, RefusalsAreExplained) {
  auto bad_at = Get("/api/v1/oncall", "at=yesterday");
  EXPECT_EQ(bad_at.status, 400);
  EXPECT_NE(bad_at.body.find("invalid timestamp"), std::string::npos) << bad_at.body;
  auto unknown = Get("/api/v1/oncall", "schedule=nope");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Json(unknown).at("error").as_string(), "schedule \"nope\" not found");
  EXPECT_EQ(Get("/api/v1/oncall", "", "").status, 401);
  EXPECT_EQ(Get("/api/v1/oncall", "token=viewer-token", "").status, 401);  // feed only
}

TEST_F(OnCallRoutes, CalendarFeedWithATokenInTheQuery) {
  auto r = Get("/api/v1/schedules/primary.ics", "token=viewer-token", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/calendar; charset=utf-8");
  EXPECT_TRUE(r.body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_NE(r.body.find("DTSTAMP:20250107T100000Z\r\n"), std::string::npos);
  EXPECT_NE(r.body.find("SUMMARY:On call: Alice (Primary)\r\n"), std::string::npos);
  EXPECT_NE(r.body.find("UID:primary.override1.20250108T000000Z@klaxon\r\n"), std::string::npos);
  // The window reaches 12 weeks ahead: the turn starting 2025-03-31 07:00Z is
  // in it, the one a week later is not.
  EXPECT_NE(r.body.find("DTSTART:20250331T070000Z"), std::string::npos);
  EXPECT_EQ(r.body.find("DTSTART:20250407T070000Z"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/schedules/primary.ics", "").status, 200);  // the header works too
  EXPECT_EQ(Get("/api/v1/schedules/primary.ics", "token=wrong", "").status, 401);
  EXPECT_EQ(Get("/api/v1/schedules/primary.ics", "", "").status, 401);
  auto unknown = Get("/api/v1/schedules/nope.ics", "token=viewer-token", "");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Json(unknown).at("error").as_string(), "schedule \"nope\" not found");
  EXPECT_EQ(Get("/api/v1/schedules/primary", "").status, 404);
}

}  // namespace
}  // namespace klaxon::api
