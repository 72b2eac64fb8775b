// The HTTP/1.1 server: the only translation unit that includes Boost.Beast.
//
// Threading: one Worker per thread, each with its own io_context and its own
// SO_REUSEPORT acceptor on the same address; the kernel spreads connections
// over them. A Connection's members are touched only on its worker's thread,
// or by Stop() after that thread has been joined. The one cross-thread entry
// is a Reply, which posts to the worker under Worker::mu_.
//
// Lifetime: a Connection holds a shared_ptr to its Worker, so the io_context
// outlives every socket created on it, even when a handler keeps a Reply past
// Stop() or the server's destruction. Handlers queued on an io_context hold
// Connections; Stop() drains them so no ownership cycle survives it.

#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/log.h"
#include "core/thread_name.h"
#include "http/percent_encoding.h"

namespace klaxon::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr std::chrono::seconds kLingerTime{2};  // to let a rejected client read our answer
constexpr size_t kLingerChunk = 16 * 1024;
constexpr size_t kIdleBufferCapacity = 8 * 1024;  // an idle connection keeps no more

template <class StringView>
std::string ToString(StringView view) {
  return std::string(view.data(), view.size());
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A handler's header is written only if it cannot corrupt the framing.
bool IsWritableHeader(std::string_view name, std::string_view value) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) return false;
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) return false;
  const std::string lower = Lower(name);
  return lower != "content-length" && lower != "transfer-encoding" && lower != "connection";
}

std::string FormatEndpoint(const tcp::endpoint& endpoint) {
  const std::string address = endpoint.address().to_string();
  const std::string port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + address + "]:" + port : address + ":" + port;
}

struct Settings {
  uint64_t body_limit;
  uint32_t header_limit;
  std::chrono::seconds idle_timeout;
  std::chrono::seconds read_timeout;
  std::string server_name;
  std::string body_limit_reason;
};

class Connection;

// One thread, its io_context and its listener. Shared by the server and by
// every Connection created on it.
class Worker : public std::enable_shared_from_this<Worker> {
 public:
  Worker(Settings settings, const Router& router) : settings(std::move(settings)), router(router) {}

  const Settings settings;  // a copy: a Connection may outlive the server
  const Router& router;     // used only while the server runs (Server::Start's contract)
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};

  Status Listen(const tcp::endpoint& endpoint);
  void Accept();
  // Runs the io_context on this worker's thread until Stop().
  void Run();
  // Runs `f` on the worker's thread; drops it once Drain() has begun. Any
  // thread. Functions posted before the worker thread gets to them run
  // together, in order, after one wake-up.
  void Post(std::function<void()> f);
  // After the thread has been joined: closes everything and runs what is left
  // so that no queued handler keeps a Connection (and thereby the Worker) alive.
  void Drain();

  std::thread thread;

 private:
  void OnAccept(const beast::error_code& ec, tcp::socket socket);

  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc);
  asio::steady_timer accept_backoff_{ioc};
  std::vector<std::weak_ptr<Connection>> connections_;  // worker thread only; pruned lazily
  size_t prune_at_ = 64;
  // Runs the replies Post() queued, on the worker thread.
  void RunInbox();

  std::mutex mu_;
  bool draining_ = false;                     // guarded by mu_
  std::vector<std::function<void()>> inbox_;  // guarded by mu_
  bool inbox_scheduled_ = false;              // guarded by mu_: a RunInbox is posted
};

// One client connection. Reads one request at a time (pipelined requests wait
// in the buffer), dispatches it, writes the reply, repeats.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(std::shared_ptr<Worker> worker, tcp::socket socket)
      : worker_(std::move(worker)), stream_(std::move(socket)) {
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = FormatEndpoint(peer);
  }

  void Start() { ReadHeader(); }
  // Idempotent; cancels pending operations. Worker thread (or Stop()).
  void Close();
  // Completes the current request. Any thread; called once per request.
  static void Deliver(std::shared_ptr<Connection> self, Response response);

 private:
  enum class After { kKeepAlive, kClose, kLinger };

  void ReadHeader();
  void ParseHeader();
  void OnHeader(const beast::error_code& ec);
  void ReadBody();
  void OnReadError(const beast::error_code& ec);
  void StartRequest();
  void Dispatch();
  void OnReply(Response response);
  void Reject(int status, std::string_view reason);
  void Write(Response response, After after);
  void OnWrite(const beast::error_code& ec, After after);
  void Linger();
  void DrainLinger();

  const Settings& settings() const { return worker_->settings; }

  std::shared_ptr<Worker> worker_;  // declared first: destroyed after stream_
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  Request request_;
  std::string remote_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_request_ = false;              // answer with headers only
  bool dispatching_ = false;               // inside the handler call
  std::optional<Response> sync_response_;  // a reply given before the handler returned
  bool closed_ = false;
  std::unique_ptr<char[]> linger_buffer_;
  std::chrono::steady_clock::time_point linger_deadline_;
};

// Shared by every copy of one request's Reply: completes the request exactly
// once, with 500 if the last copy dies unanswered.
class ReplyState {
 public:
  explicit ReplyState(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}
  ReplyState(const ReplyState&) = delete;
  ReplyState& operator=(const ReplyState&) = delete;
  ~ReplyState() {
    if (done_.load()) return;
    try {
      Complete(Response::Error(500, "the request was not answered"));
    } catch (...) {  // nothing sensible to do in a destructor
    }
  }

  void Complete(Response response) {
    if (done_.exchange(true)) return;  // a second reply is a handler bug: ignored
    Connection::Deliver(std::move(connection_), std::move(response));
  }

 private:
  std::atomic<bool> done_{false};
  std::shared_ptr<Connection> connection_;  // moved out by the first Complete()
};

// ---- Worker ----

Status Worker::Listen(const tcp::endpoint& endpoint) {
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.set_option(ReusePort(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorCode::kUnavailable,
                "cannot listen on " + FormatEndpoint(endpoint) + ": " + ec.message());
  }
  return {};
}

void Worker::Accept() {
  acceptor.async_accept([this](const beast::error_code& ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Worker::OnAccept(const beast::error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    // Typically out of file descriptors: back off instead of spinning.
    log::Warn("http accept failed error={}", ec.message());
    accept_backoff_.expires_after(std::chrono::milliseconds(50));
    accept_backoff_.async_wait([this](const beast::error_code& wait_ec) {
      if (!wait_ec) Accept();
    });
    return;
  }
  try {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto connection = std::make_shared<Connection>(shared_from_this(), std::move(socket));
    if (connections_.size() >= prune_at_) {
      std::erase_if(connections_, [](const auto& weak) { return weak.expired(); });
      prune_at_ = std::max<size_t>(64, connections_.size() * 2);
    }
    connections_.push_back(connection);
    connection->Start();
  } catch (const std::exception& e) {  // out of memory: drop this client, keep accepting
    log::Error("http connection setup failed error={}", e.what());
  }
  Accept();
}

void Worker::Run() {
  while (true) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      log::Error("http server thread caught error={}", e.what());
    } catch (...) {
      log::Error("http server thread caught an unknown exception");
    }
  }
}

void Worker::Post(std::function<void()> f) {
  std::lock_guard lock(mu_);
  if (draining_) return;  // `f` and the Connection it holds die in the caller
  inbox_.push_back(std::move(f));
  if (inbox_scheduled_) return;
  // One wake-up of the worker thread for every reply queued until it runs:
  // the replies of one engine batch arrive together.
  inbox_scheduled_ = true;
  asio::post(ioc, [this] { RunInbox(); });  // ioc dies with *this, so do its handlers
}

void Worker::RunInbox() {
  std::vector<std::function<void()>> work;
  {
    std::lock_guard lock(mu_);
    work.swap(inbox_);
    inbox_scheduled_ = false;
  }
  for (auto& f : work) {
    try {
      f();
    } catch (const std::exception& e) {
      log::Error("http reply handler threw error={}", e.what());
    } catch (...) {
      log::Error("http reply handler threw an unknown exception");
    }
  }
}

void Worker::Drain() {
  std::vector<std::function<void()>> unsent;
  {
    std::lock_guard lock(mu_);
    draining_ = true;
    unsent.swap(inbox_);
  }
  unsent.clear();  // releases the Connections the replies hold
  ioc.restart();
  beast::error_code ignored;
  acceptor.close(ignored);
  accept_backoff_.cancel();
  for (auto& weak : connections_) {
    if (auto connection = weak.lock()) connection->Close();
  }
  connections_.clear();
  work_.reset();
  while (true) {
    try {
      ioc.poll();
      return;
    } catch (...) {  // keep draining; the handler that threw is gone
    }
  }
}

// ---- Connection: reading ----

void Connection::ReadHeader() {
  if (closed_) return;
  head_request_ = false;
  parser_.emplace();
  parser_->header_limit(settings().header_limit);
  parser_->body_limit(settings().body_limit);
  if (buffer_.size() > 0) return ParseHeader();  // a pipelined request is waiting
  // Idle: wait for the first bytes under the idle timeout; the rest of the
  // request then gets the (shorter) read timeout.
  if (buffer_.capacity() > kIdleBufferCapacity) buffer_.shrink_to_fit();
  stream_.expires_after(settings().idle_timeout);
  stream_.async_read_some(buffer_.prepare(std::max<size_t>(buffer_.capacity(), 4096)),
                          [self = shared_from_this()](const beast::error_code& ec, size_t n) {
                            if (ec) return self->Close();
                            self->buffer_.commit(n);
                            self->ParseHeader();
                          });
}

void Connection::ParseHeader() {
  stream_.expires_after(settings().read_timeout);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           [self = shared_from_this()](const beast::error_code& ec, size_t) {
                             self->OnHeader(ec);
                           });
}

void Connection::OnHeader(const beast::error_code& ec) {
  if (ec) return OnReadError(ec);
  const auto& message = parser_->get();
  version_ = message.version();
  keep_alive_ = message.keep_alive();
  head_request_ = message.method() == bhttp::verb::head;
  if (parser_->is_done()) return StartRequest();
  if (version_ >= 11 && beast::iequals(message[bhttp::field::expect], "100-continue") &&
      buffer_.size() == 0) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(settings().read_timeout);
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](const beast::error_code& write_ec, size_t) {
                        if (write_ec) return self->Close();
                        self->ReadBody();
                      });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  stream_.expires_after(settings().read_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](const beast::error_code& ec, size_t) {
                      if (ec) return self->OnReadError(ec);
                      self->StartRequest();
                    });
}

void Connection::OnReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return Reject(413, settings().body_limit_reason);
  if (ec == bhttp::error::header_limit) return Reject(431, "request header fields too large");
  const bool parse_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
                           ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
  if (parse_error) return Reject(400, "malformed HTTP request");
  Close();  // peer closed, reset, timed out, or the server is stopping
}

void Connection::StartRequest() {
  auto& message = parser_->get();
  const std::string_view target(message.target().data(), message.target().size());
  if (target.empty() || target.front() != '/') {
    return Reject(400, "the request target must be an absolute path");
  }
  const size_t question = target.find('?');
  std::optional<std::string> path = PercentDecode(target.substr(0, question), false);
  if (!path) return Reject(400, "malformed percent-encoding in the request path");

  request_.method = ToString(message.method_string());
  request_.target = std::string(target);
  request_.path = std::move(*path);
  request_.query = question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1));
  request_.headers.clear();
  for (const auto& field : message) {
    request_.headers.emplace_back(Lower(ToString(field.name_string())), ToString(field.value()));
  }
  request_.body = std::move(message.body());
  request_.remote = remote_;
  request_.path_params.clear();
  Dispatch();
}

// ---- Connection: dispatching and replying ----

void Connection::Dispatch() {
  dispatching_ = true;
  {
    auto state = std::make_shared<ReplyState>(shared_from_this());
    try {
      worker_->router.Dispatch(request_, [state](Response response) { state->Complete(std::move(response)); });
    } catch (const std::exception& e) {
      log::Error("http handler threw method={} path={} error={}", request_.method, request_.path, e.what());
      state->Complete(Response::Error(500, "internal error"));
    } catch (...) {
      log::Error("http handler threw method={} path={}", request_.method, request_.path);
      state->Complete(Response::Error(500, "internal error"));
    }
  }  // if the handler kept no copy of the Reply, ~ReplyState has answered 500 by now
  dispatching_ = false;
  if (sync_response_) {
    Response response = std::move(*sync_response_);
    sync_response_.reset();
    OnReply(std::move(response));
  }
}

void Connection::Deliver(std::shared_ptr<Connection> self, Response response) {
  Connection& connection = *self;
  if (connection.worker_->ioc.get_executor().running_in_this_thread() && connection.dispatching_) {
    connection.sync_response_ = std::move(response);  // written once the handler returns
    return;
  }
  std::shared_ptr<Worker> worker = connection.worker_;  // keeps Worker::mu alive through Post
  try {
    worker->Post([self = std::move(self), response = std::move(response)]() mutable {
      self->OnReply(std::move(response));
    });
  } catch (...) {  // out of memory: the connection closes when its last owner lets go
  }
}

void Connection::OnReply(Response response) {
  if (closed_) return;
  try {
    Write(std::move(response), keep_alive_ ? After::kKeepAlive : After::kClose);
  } catch (const std::exception& e) {
    log::Error("http response could not be written path={} error={}", request_.path, e.what());
    Close();
  }
}

void Connection::Reject(int status, std::string_view reason) {
  keep_alive_ = false;
  Write(Response::Error(status, reason), After::kLinger);
}

void Connection::Write(Response response, After after) {
  if (closed_) return;
  if (response.status < 200 || response.status > 999) {
    log::Error("http handler answered an invalid status={} path={}", response.status, request_.path);
    response = Response::Error(500, "internal error");
  }
  const bool bodiless = response.status == 204 || response.status == 304;
  response_ = {};
  response_.version(version_);
  response_.result(static_cast<unsigned>(response.status));
  if (!settings().server_name.empty()) response_.set(bhttp::field::server, settings().server_name);
  if (!bodiless && !response.content_type.empty() && IsWritableHeader("content-type", response.content_type)) {
    response_.set(bhttp::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (IsWritableHeader(name, value)) {
      response_.insert(name, value);
    } else {
      log::Warn("http response header dropped name={}", name);
    }
  }
  response_.keep_alive(after == After::kKeepAlive);
  if (bodiless) {
    response_.prepare_payload();
  } else if (head_request_) {
    response_.content_length(response.body.size());  // what a GET would send, without the bytes
  } else {
    response_.body() = std::move(response.body);
    response_.prepare_payload();
  }
  stream_.expires_after(settings().read_timeout);
  bhttp::async_write(stream_, response_,
                     [self = shared_from_this(), after](const beast::error_code& ec, size_t) {
                       self->OnWrite(ec, after);
                     });
}

void Connection::OnWrite(const beast::error_code& ec, After after) {
  if (ec) return Close();
  // Idle keep-alive connections should not hold on to the last exchange.
  response_ = {};
  std::string().swap(request_.body);
  switch (after) {
    case After::kKeepAlive:
      return ReadHeader();
    case After::kClose: {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return Close();
    }
    case After::kLinger:
      return Linger();
  }
}

// ---- Connection: closing ----

// Closing with unread request bytes makes the kernel send RST, which can
// destroy our answer before the client reads it. So: send FIN, discard input
// until the client closes or kLingerTime passes, then close.
void Connection::Linger() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return Close();
  linger_buffer_ = std::make_unique<char[]>(kLingerChunk);
  linger_deadline_ = std::chrono::steady_clock::now() + kLingerTime;
  DrainLinger();
}

void Connection::DrainLinger() {
  if (closed_) return;
  stream_.expires_at(linger_deadline_);
  stream_.async_read_some(asio::buffer(linger_buffer_.get(), kLingerChunk),
                          [self = shared_from_this()](const beast::error_code& ec, size_t) {
                            if (ec) return self->Close();
                            self->DrainLinger();
                          });
}

void Connection::Close() {
  if (closed_) return;
  closed_ = true;
  stream_.close();
}

// ---- Server ----

class BeastServer final : public Server {
 public:
  explicit BeastServer(Settings settings) : settings_(std::move(settings)) {}
  ~BeastServer() override { Stop(); }

  uint16_t port() const override { return port_; }

  void Stop() override {
    std::lock_guard lock(stop_mu_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& worker : workers_) worker->ioc.stop();
    for (auto& worker : workers_) {
      if (worker->thread.joinable()) worker->thread.join();
    }
    for (auto& worker : workers_) worker->Drain();
  }

  Status Listen(const tcp::endpoint& endpoint, int threads, const Router& router) {
    tcp::endpoint bind_to = endpoint;
    for (int i = 0; i < threads; ++i) {
      auto worker = std::make_shared<Worker>(settings_, router);
      workers_.push_back(worker);
      if (Status listening = worker->Listen(bind_to); !listening) return listening;
      if (i == 0) {
        beast::error_code ec;
        bind_to = worker->acceptor.local_endpoint(ec);  // port 0: the others join the chosen port
        if (ec) return Fail(ErrorCode::kUnavailable, "cannot read the listening port: " + ec.message());
        port_ = bind_to.port();
      }
    }
    for (size_t i = 0; i < workers_.size(); ++i) {
      auto& worker = workers_[i];
      worker->Accept();
      Worker* raw = worker.get();  // the server keeps the worker alive until join
      worker->thread = std::thread([raw, i] {
        NameThisThread(fmt::format("klaxon-http-{}", i));
        raw->Run();
      });
    }
    return {};
  }

 private:
  const Settings settings_;  // copied into each worker
  std::vector<std::shared_ptr<Worker>> workers_;
  uint16_t port_ = 0;
  std::mutex stop_mu_;
  bool stopped_ = false;  // guarded by stop_mu_
};

Result<tcp::endpoint> ResolveEndpoint(const std::string& host, uint16_t port) {
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, port);
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    return Fail(ErrorCode::kUnavailable, "cannot resolve listen host \"" + host + "\"");
  }
  return results.begin()->endpoint();
}

// SO_REUSEPORT would let us share a fixed port with another running process
// (say, a second klaxon) without an error. A plain bind first detects that.
Status CheckPortFree(const tcp::endpoint& endpoint) {
  asio::io_context ioc;
  tcp::acceptor probe(ioc);
  beast::error_code ec;
  probe.open(endpoint.protocol(), ec);
  if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) probe.bind(endpoint, ec);
  if (ec) {
    return Fail(ErrorCode::kUnavailable,
                "cannot listen on " + FormatEndpoint(endpoint) + ": " + ec.message());
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, const Router& router) {
  if (options.idle_timeout_seconds <= 0 || options.read_timeout_seconds <= 0 || options.header_limit == 0) {
    return Fail(ErrorCode::kInvalidArgument, "http server timeouts and header limit must be positive");
  }
  try {
    Result<tcp::endpoint> endpoint = ResolveEndpoint(options.host, options.port);
    if (!endpoint) return Fail(endpoint.error());
    if (options.port != 0) {
      if (Status free = CheckPortFree(*endpoint); !free) return Fail(free.error());
    }
    Settings settings{
        .body_limit = options.body_limit,
        .header_limit = options.header_limit,
        .idle_timeout = std::chrono::seconds(options.idle_timeout_seconds),
        .read_timeout = std::chrono::seconds(options.read_timeout_seconds),
        .server_name = options.server_name,
        .body_limit_reason =
            "request body exceeds the limit of " + std::to_string(options.body_limit) + " bytes",
    };
    const int threads = options.threads > 0
                            ? options.threads
                            : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    auto server = std::make_unique<BeastServer>(std::move(settings));
    if (Status listening = server->Listen(*endpoint, threads, router); !listening) {
      return Fail(listening.error());
    }
    return std::unique_ptr<Server>(std::move(server));
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("cannot start the http server: ") + e.what());
  }
}

}  // namespace klaxon::http
