// The server's request/response behaviour over real sockets on 127.0.0.1.

#include "http/server.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/client.h"
#include "http/test_support.h"

namespace klaxon::http {
namespace {

using testing::MakeRequest;
using testing::NewRequest;
using testing::RawClient;
using testing::ReplyThread;
using testing::StartServer;
using testing::Url;

Result<ClientResponse> Get(const Server& server, std::string_view target) {
  return Send(NewRequest("GET", Url(server, target)));
}

TEST(ServerTest, RoutesWith200And404And405) {
  Router router;
  router.Add("GET", "/api/v1/incidents/{id}", [](Request& request, Reply reply) {
    reply(Response::Json(200, "{\"id\":\"" + std::string(*request.Param("id")) + "\"}"));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);

  auto ok = Get(*server, "/api/v1/incidents/inc-42");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, R"({"id":"inc-42"})");

  auto missing = Get(*server, "/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, R"({"error":"not found"})");

  auto wrong_method = Send(NewRequest("DELETE", Url(*server, "/api/v1/incidents/1")));
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
  bool has_allow = false;
  for (const auto& [name, value] : wrong_method->headers) {
    if (name == "allow") has_allow = value == "GET";
  }
  EXPECT_TRUE(has_allow);
}

TEST(ServerTest, FillsRequestFieldsAndResponseHeaders) {
  Router router;
  Request seen;
  router.Add("POST", "/a b/{name}", [&](Request& request, Reply reply) {
    seen = request;
    Response response = Response::Text(201, "made");
    response.headers.emplace_back("X-Request-Id", "r1");
    response.headers.emplace_back("X-Bad", "evil\r\nSet-Cookie: x=1");  // dropped: would split headers
    reply(std::move(response));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  ClientRequest request = NewRequest("POST", Url(*server, "/a%20b/caf%C3%A9?x=1&y=a+b"), "payload");
  request.headers = {{"X-Custom-Header", "Value"}, {"Content-Type", "text/plain"}};
  auto response = Send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "made");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/a%20b/caf%C3%A9?x=1&y=a+b");
  EXPECT_EQ(seen.path, "/a b/caf\xC3\xA9");
  EXPECT_EQ(seen.query, "x=1&y=a+b");
  EXPECT_EQ(seen.Query("y"), "a b");
  EXPECT_EQ(seen.Param("name"), "caf\xC3\xA9");
  EXPECT_EQ(seen.body, "payload");
  EXPECT_EQ(seen.Header("x-custom-header"), "Value");
  bool lower_cased = false;
  for (const auto& [name, value] : seen.headers) lower_cased |= name == "x-custom-header";
  EXPECT_TRUE(lower_cased);
  EXPECT_TRUE(seen.remote.starts_with("127.0.0.1:")) << seen.remote;

  std::vector<std::pair<std::string, std::string>> expected = {
      {"server", "klaxon"}, {"content-type", "text/plain; charset=utf-8"}, {"x-request-id", "r1"}};
  for (const auto& pair : expected) {
    EXPECT_NE(std::find(response->headers.begin(), response->headers.end(), pair), response->headers.end())
        << pair.first;
  }
  for (const auto& [name, value] : response->headers) EXPECT_NE(name, "set-cookie");
}

TEST(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Router router;
  std::atomic<int> calls{0};
  router.Add("POST", "/echo", [&](Request& request, Reply reply) {
    ++calls;
    reply(Response::Text(200, request.body));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  RawClient client(server->port());
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.Send(MakeRequest("POST", "/echo", "n" + std::to_string(i))));
    auto response = client.Read();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "n" + std::to_string(i));
    EXPECT_NE(response->Header("connection"), "close");
  }
  EXPECT_EQ(calls.load(), 20);
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Router router;
  ReplyThread later;
  // Odd requests are answered later from another thread, even ones at once:
  // order must still follow the requests.
  router.Add("POST", "/echo", [&](Request& request, Reply reply) {
    Response response = Response::Text(200, request.body);
    if (std::stoi(request.body) % 2 == 1) {
      later.Complete(std::move(reply), std::move(response));
    } else {
      reply(std::move(response));
    }
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  RawClient client(server->port());
  std::string all;
  for (int i = 0; i < 10; ++i) all += MakeRequest("POST", "/echo", std::to_string(i));
  ASSERT_TRUE(client.Send(all));
  for (int i = 0; i < 10; ++i) {
    auto response = client.Read();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->body, std::to_string(i));
  }
}

TEST(ServerTest, HandlerRepliesLaterFromAnotherThread) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<Reply, std::string>> pending;  // guarded by mu
  Router router;
  router.Add("POST", "/alerts", [&](Request& request, Reply reply) {
    std::lock_guard lock(mu);
    pending.emplace_back(std::move(reply), request.body);
    cv.notify_all();
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);

  constexpr int kRequests = 5;
  std::thread committer([&] {
    for (int i = 0; i < kRequests; ++i) {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return !pending.empty(); });
      auto [reply, body] = std::move(pending.front());
      pending.erase(pending.begin());
      lock.unlock();
      reply(Response::Json(202, "{\"committed\":\"" + body + "\"}"));
    }
  });
  RawClient client(server->port());
  for (int i = 0; i < kRequests; ++i) {  // the same connection keeps working after each late reply
    ASSERT_TRUE(client.Send(MakeRequest("POST", "/alerts", "a" + std::to_string(i))));
    auto response = client.Read();
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->status, 202);
    EXPECT_EQ(response->body, "{\"committed\":\"a" + std::to_string(i) + "\"}");
  }
  committer.join();
}

TEST(ServerTest, DroppedReplyAnswers500) {
  Router router;
  ReplyThread other;
  router.Add("GET", "/forgets", [](Request&, Reply) {});
  router.Add("GET", "/drops-elsewhere", [&](Request&, Reply reply) {
    other.Run([reply = std::move(reply)]() mutable { Reply dying = std::move(reply); });
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  for (const char* target : {"/forgets", "/drops-elsewhere"}) {
    auto response = Get(*server, target);
    ASSERT_TRUE(response) << target << ": " << response.error().message;
    EXPECT_EQ(response->status, 500) << target;
    EXPECT_EQ(response->body, R"({"error":"the request was not answered"})");
  }
}

TEST(ServerTest, SecondReplyIsIgnored) {
  Router router;
  router.Add("GET", "/twice", [](Request&, Reply reply) {
    reply(Response::Text(200, "first"));
    reply(Response::Text(200, "second"));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(MakeRequest("GET", "/twice") + MakeRequest("GET", "/twice")));
  for (int i = 0; i < 2; ++i) {
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "first");
  }
}

TEST(ServerTest, ThrowingHandlerAnswers500AndServerKeepsServing) {
  Router router;
  router.Add("GET", "/throws", [](Request&, Reply) -> void { throw std::runtime_error("boom"); });
  router.Add("GET", "/throws-after-reply", [](Request&, Reply reply) -> void {
    reply(Response::Text(200, "replied"));
    throw 42;
  });
  router.Add("GET", "/ok", [](Request&, Reply reply) { reply(Response::Text(200, "ok")); });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(MakeRequest("GET", "/throws")));
  auto failed = client.Read();
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(failed->body, R"({"error":"internal error"})");
  ASSERT_TRUE(client.Send(MakeRequest("GET", "/throws-after-reply")));
  auto replied = client.Read();
  ASSERT_TRUE(replied);
  EXPECT_EQ(replied->body, "replied");
  ASSERT_TRUE(client.Send(MakeRequest("GET", "/ok")));
  auto ok = client.Read();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ServerTest, InvalidStatusFromHandlerBecomes500AndNoContentHasNoBody) {
  Router router;
  router.Add("GET", "/bad", [](Request&, Reply reply) { reply(Response::Text(42, "?")); });
  router.Add("GET", "/empty", [](Request&, Reply reply) { reply(Response::Text(204, "ignored")); });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  auto bad = Get(*server, "/bad");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 500);
  auto empty = Get(*server, "/empty");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 204);
  EXPECT_EQ(empty->body, "");
}

TEST(ServerTest, HeadSendsTheLengthButNoBody) {
  Router router;
  router.Add("HEAD", "/h", [](Request&, Reply reply) { reply(Response::Text(200, "abc")); });
  router.Add("GET", "/h", [](Request&, Reply reply) { reply(Response::Text(200, "abc")); });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  RawClient client(server->port());
  ASSERT_TRUE(client.Send(MakeRequest("HEAD", "/h") + MakeRequest("GET", "/h")));
  auto head = client.Read(/*head_only=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), "3");
  auto get = client.Read();  // framing intact: the next answer starts right after the head
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "abc");
}

TEST(ServerTest, HttpOneZeroAndConnectionCloseEndTheConnection) {
  Router router;
  router.Add("GET", "/", [](Request&, Reply reply) { reply(Response::Text(200, "hi")); });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  {
    RawClient client(server->port());
    ASSERT_TRUE(client.Send("GET / HTTP/1.0\r\n\r\n"));
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->head.substr(0, 8), "HTTP/1.0");
    EXPECT_EQ(response->body, "hi");
    EXPECT_TRUE(client.WaitForClose());
  }
  {
    RawClient client(server->port());
    ASSERT_TRUE(client.Send(MakeRequest("GET", "/", "", "Connection: close\r\n")));
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->Header("connection"), "close");
    EXPECT_TRUE(client.WaitForClose());
  }
}

TEST(ServerTest, ManyConcurrentConnections) {
  Router router;
  ReplyThread later;
  router.Add("POST", "/echo", [](Request& request, Reply reply) { reply(Response::Text(200, request.body)); });
  router.Add("POST", "/later", [&](Request& request, Reply reply) {
    later.Complete(std::move(reply), Response::Text(202, request.body));
  });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  constexpr int kClients = 64;
  constexpr int kRequests = 50;
  std::atomic<int> correct{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      RawClient client(server->port(), 20000);
      for (int r = 0; r < kRequests; ++r) {
        const std::string body = std::to_string(c) + "/" + std::to_string(r);
        const bool late = (c + r) % 4 == 0;
        if (!client.Send(MakeRequest("POST", late ? "/later" : "/echo", body))) return;
        auto response = client.Read();
        if (!response) return;
        if (response->status == (late ? 202 : 200) && response->body == body) ++correct;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(correct.load(), kClients * kRequests);

  // The real client, one connection per call, from several threads.
  std::atomic<int> client_correct{0};
  std::vector<std::thread> senders;
  for (int c = 0; c < 8; ++c) {
    senders.emplace_back([&, c] {
      for (int r = 0; r < 10; ++r) {
        const std::string body = "s" + std::to_string(c) + "/" + std::to_string(r);
        auto response = Send(NewRequest("POST", Url(*server, "/echo"), body));
        if (response && response->status == 200 && response->body == body) ++client_correct;
      }
    });
  }
  for (auto& t : senders) t.join();
  EXPECT_EQ(client_correct.load(), 80);
}

// Not an assertion: a rough figure to notice regressions by eye.
TEST(ServerTest, PrintsThroughputOfATrivialHandler) {
  Router router;
  router.Add("POST", "/api/v2/alerts", [](Request&, Reply reply) { reply(Response::Json(202, "{}")); });
  auto server = StartServer(router);
  ASSERT_TRUE(server);
  constexpr int kConnections = 32;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  const std::string request = MakeRequest("POST", "/api/v2/alerts", std::string(1024, 'a'),
                                          "Content-Type: application/json\r\n");
  std::atomic<long> done{0};
  std::vector<std::thread> clients;
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < kConnections; ++c) {
    clients.emplace_back([&] {
      RawClient client(server->port());
      long n = 0;
      while (std::chrono::steady_clock::now() < deadline) {
        if (!client.Send(request)) break;
        auto response = client.Read();
        if (!response || response->status != 202) break;
        ++n;
      }
      done += n;
    });
  }
  for (auto& t : clients) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ throughput ] %ld requests in %.2f s over %d connections: %.0f req/s\n", done.load(), seconds,
              kConnections, static_cast<double>(done.load()) / seconds);
}

}  // namespace
}  // namespace klaxon::http
