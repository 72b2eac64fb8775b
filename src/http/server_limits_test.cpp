// What the server does with oversized, malformed and slow requests.

#include <chrono>

#include <gtest/gtest.h>

#include "http/client.h"
#include "http/server.h"
#include "http/test_support.h"

namespace klaxon::http {
namespace {

using testing::MakeRequest;
using testing::NewRequest;
using testing::RawClient;
using testing::StartServer;
using testing::Url;

constexpr uint64_t kLimit = 1000;

class LimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("POST", "/in", [](Request& request, Reply reply) {
      reply(Response::Text(200, std::to_string(request.body.size())));
    });
    ServerOptions options;
    options.body_limit = kLimit;
    options.header_limit = 4096;
    server_ = StartServer(router_, options);
    ASSERT_TRUE(server_);
  }

  static std::string Chunked(const std::string& body) {
    std::string out;
    for (size_t at = 0; at < body.size(); at += 300) {
      const std::string piece = body.substr(at, 300);
      char size[16];
      std::snprintf(size, sizeof size, "%zx", piece.size());
      out += std::string(size) + "\r\n" + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
  }

  Router router_;
  std::unique_ptr<Server> server_;
};

TEST_F(LimitsTest, BodyAtTheLimitIsAcceptedOneByteMoreIs413) {
  auto at_limit = Send(NewRequest("POST", Url(*server_, "/in"), std::string(kLimit, 'x')));
  ASSERT_TRUE(at_limit) << at_limit.error().message;
  EXPECT_EQ(at_limit->status, 200);
  EXPECT_EQ(at_limit->body, std::to_string(kLimit));

  auto over = Send(NewRequest("POST", Url(*server_, "/in"), std::string(kLimit + 1, 'x')));
  ASSERT_TRUE(over) << over.error().message;
  EXPECT_EQ(over->status, 413);
  EXPECT_EQ(over->body, R"({"error":"request body exceeds the limit of 1000 bytes"})");
}

TEST_F(LimitsTest, ContentLengthOverTheLimitIsRejectedBeforeTheBodyAndClosed) {
  RawClient client(server_->port());
  // Only the head is sent: the answer must not wait for the body.
  ASSERT_TRUE(client.Send("POST /in HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(LimitsTest, ChunkedBodyAtTheLimitIsAcceptedOneByteMoreIs413) {
  const std::string head = "POST /in HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  {
    RawClient client(server_->port());
    ASSERT_TRUE(client.Send(head + Chunked(std::string(kLimit, 'x'))));
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, std::to_string(kLimit));
  }
  {
    RawClient client(server_->port());
    ASSERT_TRUE(client.Send(head + Chunked(std::string(kLimit + 1, 'x'))));
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(response->body, R"({"error":"request body exceeds the limit of 1000 bytes"})");
    EXPECT_TRUE(client.WaitForClose());
  }
}

TEST_F(LimitsTest, MalformedRequestLineIs400AndClosed) {
  for (const char* bad : {"GARBAGE\r\n\r\n", "GET / HTTP/9\r\n\r\n", "GET\t/ HTTP/1.1\r\n\r\n",
                          "POST /in HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
                          "POST /in HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
    RawClient client(server_->port());
    ASSERT_TRUE(client.Send(bad));
    auto response = client.Read();
    ASSERT_TRUE(response) << bad;
    EXPECT_EQ(response->status, 400) << bad;
    EXPECT_EQ(response->body, R"({"error":"malformed HTTP request"})");
    EXPECT_TRUE(client.WaitForClose()) << bad;
  }
}

TEST_F(LimitsTest, BadTargetsAre400) {
  for (const char* target : {"/bad%zz", "/nul%00", "*"}) {
    RawClient client(server_->port());
    ASSERT_TRUE(client.Send(MakeRequest("GET", target)));
    auto response = client.Read();
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->status, 400) << target;
  }
}

TEST_F(LimitsTest, OversizedHeaderIs431) {
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(MakeRequest("GET", "/in", "", "X-Big: " + std::string(5000, 'h') + "\r\n")));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(LimitsTest, ExpectContinueGetsAnInterimResponse) {
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("POST /in HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("hello"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "5");
}

TEST(TimeoutTest, IdleConnectionIsClosed) {
  Router router;
  ServerOptions options;
  options.idle_timeout_seconds = 1;
  auto server = StartServer(router, options);
  ASSERT_TRUE(server);
  RawClient client(server->port());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.WaitForClose());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
}

TEST(TimeoutTest, StalledRequestIsClosedAfterTheReadTimeoutNotTheIdleOne) {
  Router router;
  router.Add("POST", "/in", [](Request&, Reply reply) { reply(Response::Text(200, "")); });
  ServerOptions options;
  options.idle_timeout_seconds = 60;
  options.read_timeout_seconds = 1;
  auto server = StartServer(router, options);
  ASSERT_TRUE(server);
  RawClient stalled_head(server->port());
  RawClient stalled_body(server->port());
  ASSERT_TRUE(stalled_head.Send("POST /in HTTP/1.1\r\nHost: t\r\nContent-"));
  ASSERT_TRUE(stalled_body.Send("POST /in HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_TRUE(stalled_head.WaitForClose());  // RawClient gives up after 5 s, far below 60
  EXPECT_TRUE(stalled_body.WaitForClose());
}

}  // namespace
}  // namespace klaxon::http
