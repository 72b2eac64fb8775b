#include "http/types.h"

#include <gtest/gtest.h>

namespace klaxon::http {
namespace {

TEST(RequestTest, HeaderIsCaseInsensitiveAndFirstWins) {
  Request request;
  request.headers = {{"content-type", "application/json"}, {"x-token", "a"}, {"x-token", "b"}};
  EXPECT_EQ(request.Header("Content-Type"), "application/json");
  EXPECT_EQ(request.Header("X-TOKEN"), "a");
  EXPECT_EQ(request.Header("missing"), std::nullopt);
}

TEST(RequestTest, QueryDecodesNamesAndValues) {
  Request request;
  request.query = "status=open&q=disk+full%21&empty=&flag&a%20b=c&status=closed";
  EXPECT_EQ(request.Query("status"), "open");
  EXPECT_EQ(request.Query("q"), "disk full!");
  EXPECT_EQ(request.Query("empty"), "");
  EXPECT_EQ(request.Query("flag"), "");
  EXPECT_EQ(request.Query("a b"), "c");
  EXPECT_EQ(request.Query("missing"), std::nullopt);
}

TEST(RequestTest, QueryKeepsMalformedEscapesAsWritten) {
  Request request;
  request.query = "pct=100%&&x=%zz";
  EXPECT_EQ(request.Query("pct"), "100%");
  EXPECT_EQ(request.Query("x"), "%zz");
}

TEST(RequestTest, Param) {
  Request request;
  request.path_params = {{"id", "42"}};
  EXPECT_EQ(request.Param("id"), "42");
  EXPECT_EQ(request.Param("other"), std::nullopt);
}

TEST(ResponseTest, Constructors) {
  Response json = Response::Json(201, "{}");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.body, "{}");
  Response text = Response::Text(200, "ok");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text.body, "ok");
}

TEST(ResponseTest, ErrorEscapesTheReason) {
  Response error = Response::Error(400, "bad \"name\"\\ at\nline\t1 \x01");
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.content_type, "application/json");
  EXPECT_EQ(error.body, R"({"error":"bad \"name\"\\ at\nline\t1 \u0001"})");
  EXPECT_EQ(Response::Error(404, "not found").body, R"({"error":"not found"})");
}

}  // namespace
}  // namespace klaxon::http
