// bench_probe_target: the local HTTP service the probes phase of
// bench/run.sh checks. Each probe of the benchmark has its own path; the
// harness can make a range of them fail at once and reads back when each
// failing path was first answered with a failure.
//
//   GET /t/<n>        200 "ok", or 503 "failing" while n is in the failing range
//   POST /fail?from=A&to=B
//                     paths A <= n < B fail from now on (the previous range is
//                     forgotten); answers the wall-clock instant of the flip (ns)
//   POST /heal        no path fails any more
//   GET /first-failures
//                     one line "<n> <unix ns>" per path of the range that has
//                     been answered 503 since the flip: the instant its first
//                     503 was handed to the socket
//   GET /stats        {"requests":N,"failing_answers":N} since start
//   GET /readyz       200
//
// Times are CLOCK_REALTIME, the clock klaxon stamps incidents with. Keep-alive,
// TCP_NODELAY, one thread by default: its CPU time is measured separately so
// that it is seen not to be the bottleneck.
//
// Usage: bench_probe_target [--listen 127.0.0.1:PORT] [--threads N] [--paths N]
// Prints "listening on HOST:PORT" once bound; stops on SIGINT/SIGTERM.
//
// Benchmark code: not linked into klaxon, not built by default.

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/beast/http.hpp>

#include "mini_server.h"

namespace {

namespace bhttp = boost::beast::http;
using bench::WallNanos;

// The failing range and, per path, its first failing answer since the flip.
struct Failures {
  explicit Failures(size_t paths) : first(paths) {}
  std::atomic<int64_t> from{0}, to{0};  // [from, to); empty when from >= to
  std::vector<std::atomic<int64_t>> first;  // 0: not answered 503 since the flip

  bool Failing(int64_t n) const {
    return n >= from.load(std::memory_order_acquire) && n < to.load(std::memory_order_acquire);
  }
};

Failures* failures = nullptr;
std::atomic<uint64_t> requests{0};
std::atomic<uint64_t> failing_answers{0};

std::optional<int64_t> QueryInt(std::string_view target, std::string_view key) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.starts_with(key) && pair.size() > key.size() && pair[key.size()] == '=') {
      int64_t v = 0;
      auto digits = pair.substr(key.size() + 1);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), v).ec == std::errc()) return v;
      return std::nullopt;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

void Handle(const bench::Request& request, bench::Response& response) {
  requests.fetch_add(1, std::memory_order_relaxed);
  const std::string_view path(request.target().data(), request.target().size());
  response.set(bhttp::field::content_type, "text/plain");
  if (path.starts_with("/t/")) {
    int64_t n = -1;
    std::from_chars(path.data() + 3, path.data() + path.size(), n);
    if (n >= 0 && failures->Failing(n)) {
      response.result(bhttp::status::service_unavailable);
      response.body() = "failing";
      failing_answers.fetch_add(1, std::memory_order_relaxed);
      if (static_cast<size_t>(n) < failures->first.size()) {
        int64_t expected = 0;
        failures->first[static_cast<size_t>(n)].compare_exchange_strong(expected, WallNanos());
      }
    } else {
      response.body() = "ok";
    }
  } else if (request.method() == bhttp::verb::post && path.starts_with("/fail")) {
    auto from = QueryInt(path, "from"), to = QueryInt(path, "to");
    if (!from || !to || *from < 0 || *to < *from) {
      response.result(bhttp::status::bad_request);
      response.body() = "want /fail?from=A&to=B";
    } else {
      failures->to.store(0, std::memory_order_release);  // nothing fails while the range changes
      for (auto& f : failures->first) f.store(0, std::memory_order_relaxed);
      failures->from.store(*from, std::memory_order_release);
      failures->to.store(*to, std::memory_order_release);
      response.body() = std::to_string(WallNanos());
    }
  } else if (request.method() == bhttp::verb::post && path == "/heal") {
    failures->to.store(0, std::memory_order_release);
    response.body() = "healed";
  } else if (path == "/first-failures") {
    std::string out;
    for (size_t i = 0; i < failures->first.size(); ++i) {
      int64_t at = failures->first[i].load(std::memory_order_relaxed);
      if (at != 0) out += std::to_string(i) + " " + std::to_string(at) + "\n";
    }
    response.body() = std::move(out);
  } else if (path == "/stats") {
    response.set(bhttp::field::content_type, "application/json");
    response.body() = "{\"requests\":" + std::to_string(requests.load()) +
                      ",\"failing_answers\":" + std::to_string(failing_answers.load()) + "}";
  } else {
    response.body() = "ready";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  int threads = 1;
  size_t paths = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--listen") {
      listen = argv[i + 1];
    } else if (flag == "--threads") {
      threads = std::max(1, std::atoi(argv[i + 1]));
    } else if (flag == "--paths") {
      paths = static_cast<size_t>(std::max(1, std::atoi(argv[i + 1])));
    } else {
      std::cerr << "usage: bench_probe_target [--listen 127.0.0.1:PORT] [--threads N] [--paths N]\n";
      return 2;
    }
  }
  Failures state(paths);
  failures = &state;
  return bench::RunMiniServer({listen, threads, 64 * 1024}, Handle);
}
