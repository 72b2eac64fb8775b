// bench_receiver: a local notification receiver for the outbox and
// notify-latency phases of bench/run.sh. It answers like Slack's Web API and
// keeps nothing but the arrival time of every request, so it costs the
// machine as little as possible (testing/standins/ checks the wire format;
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

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

int64_t WallNanos() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

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

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket) : stream_(std::move(socket)) {}
  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(16 * 1024 * 1024);
    stream_.expires_after(std::chrono::seconds(120));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](const beast::error_code& ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(const beast::error_code& ec) {
    if (ec) return Close();
    const int64_t now = WallNanos();
    auto& request = parser_->get();
    keep_alive_ = request.keep_alive();
    const std::string path(request.target());
    response_ = {};
    response_.version(request.version());
    response_.result(bhttp::status::ok);
    if (request.method() == bhttp::verb::post) {
      journal.Add({now, path, IncidentRef(request.body())});
      if (path.starts_with("/api/chat.")) {
        const uint64_t n = next_ts.fetch_add(1);
        char ts[32];
        std::snprintf(ts, sizeof ts, "1754550000.%06llu", static_cast<unsigned long long>(n));
        response_.set(bhttp::field::content_type, "application/json; charset=utf-8");
        response_.body() = std::string(R"({"ok":true,"channel":"C0INCIDENTS","ts":")") + ts + "\"}";
      } else {
        response_.set(bhttp::field::content_type, "text/plain");
        response_.body() = "ok";
      }
    } else if (path == "/stats") {
      response_.set(bhttp::field::content_type, "application/json");
      response_.body() = journal.Stats();
    } else if (path == "/arrivals") {
      response_.set(bhttp::field::content_type, "text/plain");
      response_.body() = journal.Lines();
    } else {
      response_.set(bhttp::field::content_type, "application/json");
      response_.body() = R"({"status":"ready"})";
    }
    response_.keep_alive(keep_alive_);
    response_.prepare_payload();
    bhttp::async_write(stream_, response_, [self = shared_from_this()](const beast::error_code& write_ec, size_t) {
      self->OnWrite(write_ec);
    });
  }

  void OnWrite(const beast::error_code& ec) {
    if (ec || !keep_alive_) return Close();
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  bool keep_alive_ = true;
};

void Accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](const beast::error_code& ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Connection>(std::move(socket))->Start();
    }
    if (acceptor.is_open()) Accept(acceptor);
  });
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
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen wants HOST:PORT\n";
    return 2;
  }
  asio::io_context ioc(threads);
  beast::error_code ec;
  const auto address = asio::ip::make_address(listen.substr(0, colon), ec);
  if (ec) {
    std::cerr << "bad address: " << ec.message() << "\n";
    return 2;
  }
  tcp::acceptor acceptor(ioc);
  const tcp::endpoint endpoint(address, static_cast<uint16_t>(std::atoi(listen.c_str() + colon + 1)));
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << "listen on " << listen << ": " << ec.message() << "\n";
    return 1;
  }
  std::cout << "listening on " << acceptor.local_endpoint() << std::endl;
  Accept(acceptor);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) { ioc.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
