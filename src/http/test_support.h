#pragma once
// Test-only helpers for the http tests: a blocking raw TCP client for what the
// real client cannot send (malformed requests, pipelining, chunked uploads),
// and a thread that completes Replies later, like a database commit would.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "http/client.h"
#include "http/router.h"
#include "http/server.h"

namespace klaxon::http::testing {

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  // Case-insensitive header lookup.
  std::optional<std::string> Header(std::string_view name) const;
};

// One blocking connection to 127.0.0.1:port. Every read gives up after
// timeout_ms, so a broken server fails a test instead of hanging it.
class RawClient {
 public:
  explicit RawClient(uint16_t port, int timeout_ms = 5000);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool Send(std::string_view bytes);
  // One response, framed by Content-Length (no length, or head_only for an
  // answer to HEAD: no body). nullopt on EOF or timeout.
  std::optional<RawResponse> Read(bool head_only = false);
  // True if the server closes the connection (EOF or reset) within the timeout.
  bool WaitForClose();
  void ShutdownWrite();

 private:
  bool Fill();  // appends what the socket has to buffer_; false on EOF/error/timeout
  int fd_ = -1;
  std::string buffer_;
};

// "POST /path HTTP/1.1" with Host and Content-Length.
std::string MakeRequest(std::string_view method, std::string_view target, std::string_view body = {},
                        std::string_view extra_headers = {});

// Completes Replies on its own thread, in order (a stand-in for the thread
// that commits to the database before answering).
class ReplyThread {
 public:
  ReplyThread();
  ~ReplyThread();
  void Complete(Reply reply, Response response);
  // Runs `f` on the thread (e.g. to destroy a Reply there).
  void Run(std::function<void()> f);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool done_ = false;                        // guarded by mu_
  std::thread thread_;
};

// A ClientRequest without designated initializers (g++ 12 warns about the
// fields they leave out).
ClientRequest NewRequest(std::string method, std::string url, std::string body = {});

// Starts a server on 127.0.0.1:0 with two threads; fails the test if it cannot.
std::unique_ptr<Server> StartServer(const Router& router, ServerOptions options = {});
std::string Url(const Server& server, std::string_view target);

}  // namespace klaxon::http::testing
