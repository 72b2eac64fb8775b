#pragma once
// The HTTP/1.1 server (Boost.Beast inside server.cpp only). One io_context per
// thread with SO_REUSEPORT listeners, keep-alive, TCP_NODELAY. Enforces the
// body limit (413 before the body is read past the limit), a header size
// limit, and read/idle timeouts; never lets a malformed request crash it.

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/router.h"

namespace klaxon::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;            // 0: pick a free port (see Server::port())
  int threads = 0;              // 0: one per core
  uint64_t body_limit = 1 << 20;
  int idle_timeout_seconds = 75;
  std::string server_name = "klaxon";
};

class Server {
 public:
  // Binds and starts serving on background threads. `router` must outlive the
  // server. Fails (kUnavailable) if the address cannot be bound.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                               const Router& router);
  virtual ~Server() = default;
  virtual uint16_t port() const = 0;
  // Stops accepting, closes connections, joins threads. Idempotent.
  virtual void Stop() = 0;
};

// "127.0.0.1:9099" -> host, port. Accepts "[::1]:9099" and ":9099".
Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view listen);

}  // namespace klaxon::http
