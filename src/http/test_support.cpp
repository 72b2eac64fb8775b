#include "http/test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>

#include <gtest/gtest.h>

namespace klaxon::http::testing {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> RawResponse::Header(std::string_view name) const {
  const std::string wanted = Lower(name);
  size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos + 2 < head.size()) {
    const size_t start = pos + 2;
    const size_t end = head.find("\r\n", start);
    const std::string_view line(head.data() + start, (end == std::string::npos ? head.size() : end) - start);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && Lower(line.substr(0, colon)) == wanted) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return std::string(value);
    }
    pos = end;
  }
  return std::nullopt;
}

RawClient::RawClient(uint16_t port, int timeout_ms) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawClient::~RawClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool RawClient::Fill() {
  char chunk[16384];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

std::optional<RawResponse> RawClient::Read(bool head_only) {
  size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill()) return std::nullopt;
  }
  RawResponse response;
  response.head = buffer_.substr(0, head_end);
  buffer_.erase(0, head_end + 4);
  if (response.head.size() > 12) response.status = std::atoi(response.head.c_str() + 9);  // "HTTP/1.1 200"
  size_t length = 0;
  if (auto content_length = response.Header("content-length"); content_length && !head_only) {
    length = std::stoul(*content_length);
  }
  while (buffer_.size() < length) {
    if (!Fill()) return std::nullopt;
  }
  response.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return response;
}

bool RawClient::WaitForClose() {
  char chunk[4096];
  while (true) {
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;  // EAGAIN: timed out, still open
  }
}

void RawClient::ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }

std::string MakeRequest(std::string_view method, std::string_view target, std::string_view body,
                        std::string_view extra_headers) {
  std::string request = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n";
  request += extra_headers;
  if (!body.empty() || method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n";
  request += body;
  return request;
}

ReplyThread::ReplyThread()
    : thread_([this] {
        std::unique_lock lock(mu_);
        while (true) {
          cv_.wait(lock, [&] { return done_ || !queue_.empty(); });
          if (queue_.empty()) return;
          auto f = std::move(queue_.front());
          queue_.pop_front();
          lock.unlock();
          f();
          lock.lock();
        }
      }) {}

ReplyThread::~ReplyThread() {
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ReplyThread::Complete(Reply reply, Response response) {
  Run([reply = std::move(reply), response = std::move(response)]() mutable { reply(std::move(response)); });
}

void ReplyThread::Run(std::function<void()> f) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(f));
  }
  cv_.notify_all();
}

ClientRequest NewRequest(std::string method, std::string url, std::string body) {
  ClientRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  return request;
}

std::unique_ptr<Server> StartServer(const Router& router, ServerOptions options) {
  options.host = "127.0.0.1";
  options.port = 0;
  if (options.threads == 0) options.threads = 2;
  auto server = Server::Start(options, router);
  EXPECT_TRUE(server.has_value()) << (server ? "" : server.error().message);
  return server ? std::move(*server) : nullptr;
}

std::string Url(const Server& server, std::string_view target) {
  return "http://127.0.0.1:" + std::to_string(server.port()) + std::string(target);
}

}  // namespace klaxon::http::testing
