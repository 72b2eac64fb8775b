// bench_receiver: a local notification receiver for the outbox and
// notify-latency phases of bench/run.sh. It answers like Slack's Web API and
// keeps nothing but the arrival time of every request, so it costs the
// machine as little as possible (src/standins/ checks the wire format;
// this only counts and times).
//
//   POST /api/chat.postMessage, /api/chat.update
//       200 {"ok":true,"channel":"C0INCIDENTS","ts":"<counter>"}
//   POST anything else (a generic webhook)   200 "ok"
//   GET /readyz                               200
//   GET /stats                                {"requests":N,"first_ns":..,"last_ns":..}
//   GET /arrivals                             one line per POST, in arrival order:
//                                             "<unix ns> <path> <first INC-<n> in the body, or ->"
//                                             (--ref-prefix changes "INC")
//
// Arrival is the wall clock (CLOCK_REALTIME, the clock the probe client
// reads) once the whole request has been read: the moment klaxon's request
// has left klaxon and reached the receiver.
//
// Usage: bench_receiver [--listen 127.0.0.1:PORT] [--threads N] [--ref-prefix INC]
// Prints "listening on HOST:PORT" once bound; stops on SIGINT/SIGTERM.
//
// Benchmark code: not linked into klaxon, not built by default.

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
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

std::string ref_prefix = "INC-";  // --ref-prefix: the incidents' id_prefix and "-"

// The first "<ref_prefix><digits>" in `body` not preceded by a letter or digit.
std::string IncidentRef(std::string_view body) {
  for (size_t at = body.find(ref_prefix); at != std::string_view::npos; at = body.find(ref_prefix, at + 1)) {
    size_t end = at + ref_prefix.size();
    while (end < body.size() && std::isdigit(static_cast<unsigned char>(body[end]))) ++end;
    if (end > at + ref_prefix.size() && (at == 0 || !std::isalnum(static_cast<unsigned char>(body[at - 1])))) {
      return std::string(body.substr(at, end - at));
    }
  }
  return "-";
}

struct Arrival {
  int64_t at_ns;
  std::string path;
  std::string ref;
};

class Journal {
 public:
  void Add(Arrival a) {
    std::lock_guard lock(mu_);
    arrivals_.push_back(std::move(a));
  }
  std::string Stats() {
    std::lock_guard lock(mu_);
    std::string out = "{\"requests\":" + std::to_string(arrivals_.size());
    if (!arrivals_.empty()) {
      out += ",\"first_ns\":" + std::to_string(arrivals_.front().at_ns) +
             ",\"last_ns\":" + std::to_string(arrivals_.back().at_ns);
    }
    return out + "}";
  }
  std::string Lines() {
    std::lock_guard lock(mu_);
    std::string out;
    out.reserve(arrivals_.size() * 48);
    for (const auto& a : arrivals_) {
      out += std::to_string(a.at_ns);
      out += ' ';
      out += a.path;
      out += ' ';
      out += a.ref;
      out += '\n';
    }
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<Arrival> arrivals_;  // guarded by mu_
};

Journal journal;
std::atomic<uint64_t> next_ts{1};

void Handle(const bench::Request& request, bench::Response& response) {
  const int64_t now = WallNanos();
  const std::string path(request.target());
  if (request.method() == bhttp::verb::post) {
    journal.Add({now, path, IncidentRef(request.body())});
    if (path.starts_with("/api/chat.")) {
      const uint64_t n = next_ts.fetch_add(1);
      char ts[32];
      std::snprintf(ts, sizeof ts, "1754550000.%06llu", static_cast<unsigned long long>(n));
      response.set(bhttp::field::content_type, "application/json; charset=utf-8");
      response.body() = std::string(R"({"ok":true,"channel":"C0INCIDENTS","ts":")") + ts + "\"}";
    } else {
      response.set(bhttp::field::content_type, "text/plain");
      response.body() = "ok";
    }
  } else if (path == "/stats") {
    response.set(bhttp::field::content_type, "application/json");
    response.body() = journal.Stats();
  } else if (path == "/arrivals") {
    response.set(bhttp::field::content_type, "text/plain");
    response.body() = journal.Lines();
  } else {
    response.set(bhttp::field::content_type, "application/json");
    response.body() = R"({"status":"ready"})";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  int threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--listen") {
      listen = argv[i + 1];
    } else if (flag == "--ref-prefix") {
      ref_prefix = std::string(argv[i + 1]) + "-";
    } else if (flag == "--threads") {
      threads = std::max(1, std::atoi(argv[i + 1]));
    } else {
      std::cerr << "usage: bench_receiver [--listen 127.0.0.1:PORT] [--threads N] [--ref-prefix INC]\n";
      return 2;
    }
  }
  return bench::RunMiniServer({listen, threads, 16 * 1024 * 1024}, Handle);
}
