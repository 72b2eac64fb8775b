#pragma once
// The benchmark's small local HTTP services (bench_receiver,
// bench_probe_target) share this server: keep-alive HTTP/1.1 on Beast,
// TCP_NODELAY, `threads` threads running one io_context, a handler called
// once per request. Benchmark code: not linked into klaxon.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace bench {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// Fills `response`, which arrives with the request's version, status 200, no
// fields and an empty body. Called on any of the server's threads at once.
using Handler = std::function<void(const Request& request, Response& response)>;

struct MiniServerOptions {
  std::string listen = "127.0.0.1:0";  // HOST:PORT
  int threads = 1;
  size_t body_limit = 64 * 1024;
};

// Binds, prints "listening on HOST:PORT" on stdout, serves until SIGINT or
// SIGTERM. Returns the process's exit status: 0 after a signal, 2 for a bad
// `listen`, 1 when it cannot listen.
int RunMiniServer(const MiniServerOptions& options, Handler handle);

// CLOCK_REALTIME in nanoseconds: the clock klaxon stamps incidents with and
// the harness compares against.
int64_t WallNanos();

}  // namespace bench
