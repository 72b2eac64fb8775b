#include "http/router.h"

#include <gtest/gtest.h>

namespace klaxon::http {
namespace {

// Dispatches synchronously and returns what the handler or router replied.
Response Call(const Router& router, std::string method, std::string path, Request* seen = nullptr) {
  Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  std::optional<Response> got;
  router.Dispatch(request, [&](Response r) { got = std::move(r); });
  if (seen != nullptr) *seen = request;
  EXPECT_TRUE(got.has_value());
  return got.value_or(Response{});
}

Handler Answer(std::string body) {
  return [body](Request&, Reply reply) { reply(Response::Text(200, body)); };
}

TEST(RouterTest, MatchesLiteralAndCaptures) {
  Router router;
  router.Add("GET", "/api/v1/incidents", Answer("list"));
  router.Add("POST", "/api/v1/incidents/{id}/ack", Answer("ack"));
  Request seen;
  EXPECT_EQ(Call(router, "GET", "/api/v1/incidents").body, "list");
  Response ack = Call(router, "POST", "/api/v1/incidents/inc-7/ack", &seen);
  EXPECT_EQ(ack.body, "ack");
  EXPECT_EQ(seen.Param("id"), "inc-7");
}

TEST(RouterTest, UnknownPathIs404) {
  Router router;
  router.Add("GET", "/a", Answer("a"));
  Response r = Call(router, "GET", "/b");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"not found"})");
  EXPECT_EQ(Call(router, "GET", "/a/").status, 404);  // trailing slash is another path
  EXPECT_EQ(Call(router, "GET", "/").status, 404);
}

TEST(RouterTest, KnownPathOtherMethodIs405WithAllow) {
  Router router;
  router.Add("POST", "/items/{id}", Answer("post"));
  router.Add("DELETE", "/items/{id}", Answer("delete"));
  router.Add("POST", "/items/{id}", Answer("again"));
  Response r = Call(router, "GET", "/items/3");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "DELETE, POST");
}

TEST(RouterTest, CaptureNeedsANonEmptySegment) {
  Router router;
  router.Add("GET", "/items/{id}", Answer("item"));
  EXPECT_EQ(Call(router, "GET", "/items/").status, 404);
}

TEST(RouterTest, LiteralBeatsCaptureWhateverTheOrder) {
  Router router;
  router.Add("GET", "/incidents/{id}", Answer("one"));
  router.Add("GET", "/incidents/stats", Answer("stats"));
  EXPECT_EQ(Call(router, "GET", "/incidents/stats").body, "stats");
  EXPECT_EQ(Call(router, "GET", "/incidents/9").body, "one");
}

TEST(RouterTest, RootPattern) {
  Router router;
  router.Add("GET", "/", Answer("root"));
  EXPECT_EQ(Call(router, "GET", "/").body, "root");
  EXPECT_EQ(Call(router, "GET", "/x").status, 404);
}

TEST(RouterTest, ListsEveryRouteWithItsDeclaredAccess) {
  Router router;
  router.Add("GET", "/healthz", "public", Answer("ok"));
  router.Add("POST", "/items/{id}/ack", "engineer", Answer("acked"));
  router.Add("POST", "/undeclared", Answer("x"));
  auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[1].method, "POST");
  EXPECT_EQ(routes[1].pattern, "/items/{id}/ack");
  EXPECT_EQ(routes[1].access, "engineer");
  EXPECT_EQ(routes[2].access, "");
  EXPECT_EQ(Call(router, "POST", "/items/7/ack").body, "acked");
}

}  // namespace
}  // namespace klaxon::http
