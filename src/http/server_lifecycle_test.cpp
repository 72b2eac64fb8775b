// Starting, binding and stopping the server, and Replies that outlive it.

#include <chrono>
#include <vector>

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

TEST(LifecycleTest, StopWithOpenConnectionsIsPromptAndLateRepliesAreHarmless) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Reply> held;  // guarded by mu
  Router router;
  router.Add("POST", "/hold", [&](Request&, Reply reply) {
    std::lock_guard lock(mu);
    held.push_back(std::move(reply));
    cv.notify_all();
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);

  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 10; ++i) {  // idle keep-alive connections
    clients.push_back(std::make_unique<RawClient>(server->port()));
  }
  for (int i = 0; i < 3; ++i) {  // half-sent requests
    clients.push_back(std::make_unique<RawClient>(server->port()));
    ASSERT_TRUE(clients.back()->Send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Le"));
  }
  for (int i = 0; i < 3; ++i) {  // requests waiting for a Reply held elsewhere
    clients.push_back(std::make_unique<RawClient>(server->port()));
    ASSERT_TRUE(clients.back()->Send(MakeRequest("POST", "/hold", "x")));
  }
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return held.size() == 3; }));
  }

  const auto start = std::chrono::steady_clock::now();
  server->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  server->Stop();  // idempotent
  for (auto& client : clients) EXPECT_TRUE(client->WaitForClose());

  // A Reply completed after Stop, and one after the server is gone, and one
  // dropped after that: all must be harmless.
  held[0](Response::Text(200, "too late"));
  server.reset();
  held[1](Response::Text(200, "far too late"));
  std::lock_guard lock(mu);
  held.clear();
}

TEST(LifecycleTest, DestructorStops) {
  Router router;
  router.Add("GET", "/", [](Request&, Reply reply) { reply(Response::Text(200, "")); });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(MakeRequest("GET", "/")));
  ASSERT_TRUE(client.Read());
  server.reset();
  EXPECT_TRUE(client.WaitForClose());
}

TEST(LifecycleTest, FixedPortAlreadyInUseIsAnError) {
  Router router;
  auto first = StartServer(router);
  ASSERT_TRUE(first);
  ServerOptions options;
  options.port = first->port();
  auto second = Server::Start(options, router);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
}

TEST(LifecycleTest, FixedPortWorksWithSeveralThreads) {
  Router router;
  router.Add("GET", "/", [](Request&, Reply reply) { reply(Response::Text(200, "up")); });
  // Find a free port, release it, bind it again; another process may take it
  // in between, hence a few attempts.
  uint16_t port = 0;
  Result<std::unique_ptr<Server>> server = Fail(ErrorCode::kUnavailable, "not started");
  for (int attempt = 0; attempt < 5 && !server; ++attempt) {
    port = StartServer(router)->port();
    ServerOptions options;
    options.port = port;
    options.threads = 4;
    server = Server::Start(options, router);
  }
  ASSERT_TRUE(server) << server.error().message;
  EXPECT_EQ((*server)->port(), port);
  for (int i = 0; i < 20; ++i) {
    auto response = Send(NewRequest("GET", Url(**server, "/")));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, "up");
  }
}

TEST(LifecycleTest, UnusableAddressIsAnError) {
  Router router;
  ServerOptions options;
  options.host = "203.0.113.7";  // TEST-NET-3: not an address of this machine
  auto server = Server::Start(options, router);
  ASSERT_FALSE(server.has_value());
  EXPECT_EQ(server.error().code, ErrorCode::kUnavailable);

  options.host = "127.0.0.1";
  options.idle_timeout_seconds = 0;
  auto invalid = Server::Start(options, router);
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace klaxon::http
