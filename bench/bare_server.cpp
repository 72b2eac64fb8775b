// bench_bare_server: the ceiling of this machine for klaxon's ingest path.
//
// The same HTTP library and threading model as src/http/server.cpp (one
// io_context per thread, each with its own SO_REUSEPORT acceptor on the same
// address, keep-alive, TCP_NODELAY, Beast's request_parser with a body limit)
// and the same JSON library, but nothing else: every POST body is parsed with
// Boost.JSON and answered 202 (400 if it is not JSON). No authentication, no
// queue, no storage. `GET /readyz` answers 200 so the harness can wait for it.
//
// With --durable DB it is the *durable floor* instead: each well-formed body
// is appended to SQLite (bench/durable_log.h: group commit, one fdatasync of
// the WAL per group) and answered 202 only once it is on disk, with replies
// handed back to each thread in batches as klaxon does. That is the least any
// server that keeps what it acknowledges must add to the bare server.
//
// --durable-steps handoff|commit|sync (default sync) stops short of the
// floor to take its cost apart: only the hand-off to the writer and back,
// or also the SQLite commit, or everything.
//
// Usage: bench_bare_server [--listen 127.0.0.1:PORT] [--threads N] [--durable DB]
//                          [--durable-steps handoff|commit|sync]
// Prints "listening on HOST:PORT" once bound; stops on SIGINT/SIGTERM.
//
// Benchmark code: not linked into klaxon, not built by default.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parser.hpp>

#include "durable_log.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr uint64_t kBodyLimit = 4 * 1024 * 1024;  // as bench/klaxon-bench.yaml
constexpr uint32_t kHeaderLimit = 16 * 1024;
constexpr std::chrono::seconds kIdleTimeout{75};

DurableLog* durable = nullptr;  // set by --durable

class Connection;

// Replies that became durable, handed back to a worker's thread: one post
// wakes the thread for every reply queued until it runs.
class Inbox {
 public:
  explicit Inbox(asio::io_context& ioc) : ioc_(ioc) {}
  void Deliver(std::shared_ptr<Connection> c);

 private:
  void Drain();
  asio::io_context& ioc_;
  std::mutex mu_;
  std::vector<std::shared_ptr<Connection>> ready_;  // guarded by mu_
  bool posted_ = false;                             // guarded by mu_
};

// One client connection, touched only on its io_context's thread.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Inbox& inbox) : stream_(std::move(socket)), inbox_(inbox) {}

  void Start() { Read(); }
  void Write() {
    bhttp::async_write(stream_, response_,
                       [self = shared_from_this()](const beast::error_code& write_ec, size_t) {
                         self->OnWrite(write_ec);
                       });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(kBodyLimit);
    stream_.expires_after(kIdleTimeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](const beast::error_code& ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(const beast::error_code& ec) {
    if (ec) return Close();
    auto& request = parser_->get();
    keep_alive_ = request.keep_alive();
    response_ = {};
    response_.version(request.version());
    response_.set(bhttp::field::server, "bench_bare_server");
    if (request.method() == bhttp::verb::post) {
      json_.reset();
      boost::system::error_code parse_ec;
      json_.write(request.body().data(), request.body().size(), parse_ec);  // the whole document
      if (!parse_ec) {
        const boost::json::value parsed = json_.release();
        (void)parsed;
        response_.result(bhttp::status::accepted);
        if (durable != nullptr) {
          response_.set(bhttp::field::content_type, "application/json");
          response_.keep_alive(keep_alive_);
          response_.prepare_payload();
          durable->Append(std::move(request.body()),
                          [self = shared_from_this()] { self->inbox_.Deliver(self); });
          return;
        }
      } else {
        response_.result(bhttp::status::bad_request);
      }
      response_.set(bhttp::field::content_type, "application/json");
      response_.body() = "";
    } else {
      response_.result(bhttp::status::ok);
      response_.set(bhttp::field::content_type, "application/json");
      response_.body() = R"({"status":"ready"})";
    }
    response_.keep_alive(keep_alive_);
    response_.prepare_payload();
    Write();
  }

  void OnWrite(const beast::error_code& ec) {
    if (ec) return Close();
    if (!keep_alive_) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return Close();
    }
    Read();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  boost::json::parser json_;  // reused across the connection's requests
  bool keep_alive_ = true;
  Inbox& inbox_;
};

void Inbox::Deliver(std::shared_ptr<Connection> c) {
  bool post = false;
  {
    std::lock_guard lock(mu_);
    ready_.push_back(std::move(c));
    post = !std::exchange(posted_, true);
  }
  if (post) asio::post(ioc_, [this] { Drain(); });
}

void Inbox::Drain() {
  std::vector<std::shared_ptr<Connection>> ready;
  {
    std::lock_guard lock(mu_);
    ready.swap(ready_);
    posted_ = false;
  }
  for (auto& c : ready) c->Write();
}

// One thread: its io_context and its listener.
class Worker {
 public:
  bool Listen(const tcp::endpoint& endpoint, std::string* error) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.set_option(ReusePort(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) *error = ec.message();
    return !ec;
  }
  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void Accept() {
    acceptor_.async_accept([this](const beast::error_code& ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      if (!ec) {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Connection>(std::move(socket), inbox_)->Start();
      }
      Accept();
    });
  }
  asio::io_context& ioc() { return ioc_; }

 private:
  asio::io_context ioc_{1};
  tcp::acceptor acceptor_{ioc_};
  Inbox inbox_{ioc_};
};

bool ParseListen(std::string_view text, std::string* host, unsigned short* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return false;
  *host = std::string(text.substr(0, colon));
  const int value = std::atoi(std::string(text.substr(colon + 1)).c_str());
  if (value < 0 || value > 65535) return false;
  *port = static_cast<unsigned short>(value);
  return !host->empty();
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string durable_path;
  DurableLog::Steps steps = DurableLog::Steps::kSync;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--listen" && i + 1 < argc) {
      if (!ParseListen(argv[++i], &host, &port)) {
        std::cerr << "bad --listen, expected HOST:PORT\n";
        return 2;
      }
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--durable" && i + 1 < argc) {
      durable_path = argv[++i];
    } else if (arg == "--durable-steps" && i + 1 < argc) {
      const std::string_view value = argv[++i];
      if (value == "handoff") {
        steps = DurableLog::Steps::kHandOff;
      } else if (value == "commit") {
        steps = DurableLog::Steps::kCommit;
      } else if (value != "sync") {
        std::cerr << "bad --durable-steps, expected handoff, commit or sync\n";
        return 2;
      }
    } else {
      std::cerr << "usage: bench_bare_server [--listen HOST:PORT] [--threads N] [--durable DB] [--durable-steps handoff|commit|sync]\n";
      return 2;
    }
  }

  DurableLog log;
  if (!durable_path.empty()) {
    std::string error;
    if (!log.Open(durable_path, steps, &error)) {
      std::cerr << "cannot open " << durable_path << ": " << error << "\n";
      return 1;
    }
    durable = &log;
  }

  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) {
    std::cerr << "bad listen host " << host << "\n";
    return 2;
  }
  tcp::endpoint endpoint(address, port);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < threads; ++i) {
    auto worker = std::make_unique<Worker>();
    std::string error;
    if (!worker->Listen(endpoint, &error)) {
      std::cerr << "cannot listen on " << host << ":" << endpoint.port() << ": " << error << "\n";
      return 1;
    }
    if (i == 0) endpoint = worker->local_endpoint();  // port 0: the others join the chosen port
    workers.push_back(std::move(worker));
  }

  // Signals are handled on the first worker's loop; it stops every loop.
  asio::signal_set signals(workers.front()->ioc(), SIGINT, SIGTERM);
  signals.async_wait([&workers](const beast::error_code&, int) {
    for (auto& worker : workers) worker->ioc().stop();
  });

  std::cout << "listening on " << host << ":" << endpoint.port() << std::endl;
  std::vector<std::thread> running;
  for (auto& worker : workers) {
    worker->Accept();
    Worker* raw = worker.get();
    running.emplace_back([raw] { raw->ioc().run(); });
  }
  for (auto& thread : running) thread.join();
  return 0;
}
