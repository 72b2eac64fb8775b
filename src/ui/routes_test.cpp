#include "ui/routes.h"

#include <gtest/gtest.h>

#include <regex>

namespace klaxon::ui {
namespace {

http::Response Get(const http::Router& router, std::string path,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
  http::Request req;
  req.method = "GET";
  req.path = path;
  req.target = path;
  req.headers = std::move(headers);
  http::Response out;
  bool replied = false;
  router.Dispatch(req, [&](http::Response r) {
    out = std::move(r);
    replied = true;
  });
  EXPECT_TRUE(replied) << path;
  return out;
}

std::string HeaderOf(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

class UiRoutes : public ::testing::Test {
 protected:
  void SetUp() override { AddUiRoutes(router_); }
  http::Router router_;
};

TEST_F(UiRoutes, RedirectsTheBarePathToTheIndex) {
  auto r = Get(router_, "/ui");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(HeaderOf(r, "Location"), "/ui/");
}

TEST_F(UiRoutes, ServesTheIndexWithAStrictPolicy) {
  auto r = Get(router_, "/ui/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<script type=\"module\" src=\"app.js\"></script>"), std::string::npos);
  std::string csp = HeaderOf(r, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
}

TEST_F(UiRoutes, EveryAssetHasItsTypeAndRevalidatesByETag) {
  const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"}};
  ASSERT_GE(Assets().size(), 5u);
  for (const Asset& a : Assets()) {
    SCOPED_TRACE(std::string(a.name));
    auto r = Get(router_, "/ui/" + std::string(a.name));
    ASSERT_EQ(r.status, 200);
    EXPECT_FALSE(r.body.empty());
    EXPECT_EQ(r.body, a.body);
    std::string ext(a.name.substr(a.name.rfind('.')));
    EXPECT_EQ(r.content_type, types.at(ext));
    std::string etag = HeaderOf(r, "ETag");
    ASSERT_FALSE(etag.empty());
    auto again = Get(router_, "/ui/" + std::string(a.name), {{"if-none-match", "\"x\", " + etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(Get(router_, "/ui/" + std::string(a.name), {{"if-none-match", "\"other\""}}).status, 200);
  }
}

TEST_F(UiRoutes, UnknownFilesAreNotFound) {
  EXPECT_EQ(Get(router_, "/ui/secret.txt").status, 404);
  EXPECT_EQ(Get(router_, "/ui/..").status, 404);
  EXPECT_EQ(Get(router_, "/ui/a/b.js").status, 404);
}

// Untrusted text (titles, alert labels, command output) must reach the page
// as text only: no asset builds markup from strings, and the page has no
// inline script or handler the policy would have to allow.
TEST(UiAssets, NeverBuildMarkupFromStrings) {
  const std::regex markup(R"(innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function)");
  const std::regex inline_code(R"(<script>|<script [^>]*>[^<]|\son[a-z]+=|style=|javascript:)");
  for (const Asset& a : Assets()) {
    SCOPED_TRACE(std::string(a.name));
    std::string body(a.body);
    EXPECT_FALSE(std::regex_search(body, markup));
    if (a.name.ends_with(".html")) {
      EXPECT_FALSE(std::regex_search(body, inline_code));
    }
  }
}

}  // namespace
}  // namespace klaxon::ui
