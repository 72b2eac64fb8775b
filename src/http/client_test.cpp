// http::Send against the real server and against peers that misbehave.

#include "http/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "http/test_support.h"

namespace klaxon::http {
namespace {

using testing::NewRequest;
using testing::StartServer;
using testing::Url;

// A port on 127.0.0.1 where nothing listens (bound, then closed).
uint16_t ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(ClientTest, SendsMethodHeadersAndBodyAndCollectsTheResponse) {
  Router router;
  Request seen;
  router.Add("PUT", "/things/{id}", [&](Request& request, Reply reply) {
    seen = request;
    Response response = Response::Json(409, R"({"conflict":true})");
    response.headers.emplace_back("X-Trace", "abc");
    reply(std::move(response));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  ClientRequest request = NewRequest("PUT", Url(*server, "/things/7"), R"({"a":1})");
  request.headers = {{"Authorization", "Bearer t"}, {"Content-Type", "application/json"}};
  auto response = Send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 409);  // an HTTP error status is still a response
  EXPECT_EQ(response->body, R"({"conflict":true})");
  bool trace = false, type = false;
  for (const auto& [name, value] : response->headers) {
    trace |= name == "x-trace" && value == "abc";
    type |= name == "content-type" && value == "application/json";
  }
  EXPECT_TRUE(trace);
  EXPECT_TRUE(type);
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.body, R"({"a":1})");
  EXPECT_EQ(seen.Header("authorization"), "Bearer t");
  EXPECT_EQ(seen.Header("expect"), std::nullopt);
}

TEST(ClientTest, NoMadeUpContentType) {
  Router router;
  Request seen;
  router.Add("POST", "/", [&](Request& request, Reply reply) {
    seen = request;
    reply(Response::Text(200, ""));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  ASSERT_TRUE(Send(NewRequest("POST", Url(*server, "/"), "x")));
  EXPECT_EQ(seen.Header("content-type"), std::nullopt);
}

TEST(ClientTest, TimeoutAgainstAServerThatNeverRepliesIsRetryable) {
  std::mutex mu;
  std::vector<Reply> held;  // guarded by mu; answered by nobody until the test ends
  Router router;
  router.Add("GET", "/slow", [&](Request&, Reply reply) {
    std::lock_guard lock(mu);
    held.push_back(std::move(reply));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  ClientRequest request = NewRequest("GET", Url(*server, "/slow?token=s3cret"));
  request.timeout_ms = 200;
  auto response = Send(request);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(response.error().retryable);
  EXPECT_EQ(response.error().message.find("s3cret"), std::string::npos) << response.error().message;
  EXPECT_EQ(response.error().message.find("/slow"), std::string::npos) << response.error().message;
  EXPECT_NE(response.error().message.find("127.0.0.1"), std::string::npos) << response.error().message;
  server->Stop();
}

TEST(ClientTest, ConnectionRefusedIsRetryable) {
  ClientRequest request = NewRequest("GET", "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/x");
  request.timeout_ms = 2000;
  auto response = Send(request);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(response.error().retryable);
}

TEST(ClientTest, BadRequestsAreInvalidArguments) {
  ClientRequest bad_header = NewRequest("GET", "http://127.0.0.1:1/");
  bad_header.headers = {{"X", "a\r\nB: c"}};
  for (const ClientRequest& bad : {NewRequest("GET", "file:///etc/passwd"), NewRequest("GET", "not a url"),
                                   NewRequest("GET\r\nX: y", "http://127.0.0.1:1/"), bad_header}) {
    auto response = Send(bad);
    ASSERT_FALSE(response.has_value()) << bad.url;
    EXPECT_EQ(response.error().code, ErrorCode::kInvalidArgument) << bad.url << ": " << response.error().message;
    EXPECT_FALSE(response.error().retryable);
  }
}

TEST(ClientTest, OversizedResponseIsTooLarge) {
  Router router;
  router.Add("GET", "/big", [](Request&, Reply reply) { reply(Response::Text(200, std::string(5000, 'b'))); });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  ClientRequest request = NewRequest("GET", Url(*server, "/big"));
  request.max_response_bytes = 4096;
  auto response = Send(request);
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::kTooLarge);
  request.max_response_bytes = 5000;
  auto fits = Send(request);
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->body.size(), 5000u);
}

}  // namespace
}  // namespace klaxon::http
