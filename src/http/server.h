#pragma once
// The HTTP/1.1 server (Boost.Beast inside server.cpp only). One io_context per
// thread with SO_REUSEPORT listeners, keep-alive, TCP_NODELAY. Enforces the
// body limit (413 before the body is read past the limit), a header size
// limit, and read/idle timeouts; never lets a malformed request crash it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "http/router.h"

namespace klaxon::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;            // 0: pick a free port (see Server::port())
  int threads = 0;              // 0: one per core
  uint64_t body_limit = 1 << 20;  // larger bodies get 413 and the connection is closed
  uint32_t header_limit = 16 * 1024;  // request line + headers; larger gets 431
  int idle_timeout_seconds = 75;  // keep-alive connection with no request in progress
  int read_timeout_seconds = 30;  // to receive the rest of a started request, or to write a reply
  std::string server_name = "klaxon";
};

class Server {
 public:
  // Binds and starts serving on background threads. `router` must outlive the
  // server. Fails (kUnavailable) if the address cannot be bound, including
  // when another process already listens on a fixed port.
  // Handlers run on a server thread, one request at a time per connection,
  // and must not block (hand slow work to another thread and reply from
  // there); the Request stays valid until its Reply is called. A Reply may
  // be called from any thread, also after Stop() or the server's destruction
  // (it is then dropped). A Reply destroyed without being called answers
  // 500; a handler that throws answers 500. A HEAD route's body sets the
  // Content-Length but is not sent.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                               const Router& router);
  virtual ~Server() = default;
  virtual uint16_t port() const = 0;
  // Stops accepting, closes connections, joins threads. Idempotent; the
  // destructor calls it. Must not be called from a handler (a server thread).
  virtual void Stop() = 0;
};

// "127.0.0.1:9099" -> host, port. Accepts "[::1]:9099" and ":9099" (host
// "0.0.0.0"). A malformed address is kInvalidArgument.
Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view listen);

}  // namespace klaxon::http
