#include "mini_server.h"

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const Handler& handle, size_t body_limit)
      : stream_(std::move(socket)), handle_(handle), body_limit_(body_limit) {}
  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    stream_.expires_after(std::chrono::seconds(120));
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](const beast::error_code& ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(const beast::error_code& ec) {
    if (ec) return Close();
    const Request& request = parser_->get();
    keep_alive_ = request.keep_alive();
    response_ = {};
    response_.version(request.version());
    response_.result(bhttp::status::ok);
    handle_(request, response_);
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
  const Handler& handle_;
  const size_t body_limit_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Response response_;
  bool keep_alive_ = true;
};

void Accept(tcp::acceptor& acceptor, const Handler& handle, size_t body_limit) {
  acceptor.async_accept([&acceptor, &handle, body_limit](const beast::error_code& ec, tcp::socket socket) {
    if (!ec) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Connection>(std::move(socket), handle, body_limit)->Start();
    }
    if (acceptor.is_open()) Accept(acceptor, handle, body_limit);
  });
}

}  // namespace

int64_t WallNanos() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int RunMiniServer(const MiniServerOptions& options, Handler handle) {
  const std::string& listen = options.listen;
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen wants HOST:PORT\n";
    return 2;
  }
  const int threads = std::max(1, options.threads);
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
  Accept(acceptor, handle, options.body_limit);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) { ioc.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}

}  // namespace bench
