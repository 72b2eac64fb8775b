#include "probe/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace klaxon::probe::redis {
namespace {

timeval ToTimeval(Duration d) {
  auto us = std::max<int64_t>(
      1000, std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  return timeval{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
}

// Whether the context failed by a timeout. hiredis keeps the words of the
// errno of an I/O failure in errstr; a timeout is EAGAIN (a read or write
// past SO_RCVTIMEO/SO_SNDTIMEO) or ETIMEDOUT (the connect).
bool TimedOut(const redisContext& c) {
  if (c.err != REDIS_ERR_IO) return false;
  std::string_view said = c.errstr;
  for (int e : {EAGAIN, EWOULDBLOCK, EINPROGRESS, ETIMEDOUT}) {
    if (said == std::strerror(e)) return true;
  }
  return false;
}

// What went wrong with the context, in words.
std::string Why(const redisContext& c, Duration timeout) {
  if (TimedOut(c)) return fmt::format("timed out after {}", FormatDuration(timeout));
  if (c.err == REDIS_ERR_EOF) return "the server closed the connection";
  std::string_view said = c.errstr;
  return said.empty() ? "unknown error" : std::string(said);
}

std::string Where(const std::string& host, uint16_t port) {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                             : fmt::format("{}:{}", host, port);
}

}  // namespace

void Connection::Free::operator()(redisContext* c) const { redisFree(c); }

Connection::Connection(std::unique_ptr<redisContext, Free> ctx, std::string where)
    : ctx_(std::move(ctx)), where_(std::move(where)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Result<Connection> Connection::Open(const std::string& host, uint16_t port, Duration timeout) {
  std::string where = Where(host, port);
  std::unique_ptr<redisContext, Free> ctx(
      redisConnectWithTimeout(host.c_str(), port, ToTimeval(timeout)));
  if (!ctx) return Fail(ErrorCode::kUnavailable, "cannot allocate a Redis connection", true);
  if (ctx->err != 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("connect to Redis at {} failed: {}", where, Why(*ctx, timeout)), true);
  }
  return Connection(std::move(ctx), std::move(where));
}

Result<Reply> Connection::Command(const std::vector<std::string_view>& argv, Duration timeout) {
  if (!ctx_ || ctx_->err != 0) {
    return Fail(ErrorCode::kUnavailable, fmt::format("the connection to {} is broken", where_), true);
  }
  if (redisSetTimeout(ctx_.get(), ToTimeval(timeout)) != REDIS_OK) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("cannot set a timeout on the connection to {}", where_), true);
  }
  std::vector<const char*> args;
  std::vector<size_t> lens;
  for (auto a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(ctx_.get(), static_cast<int>(args.size()), args.data(), lens.data()));
  timed_out_ = raw == nullptr && TimedOut(*ctx_);
  if (raw == nullptr) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("Redis at {}: {}", where_, Why(*ctx_, timeout)), true);
  }
  std::unique_ptr<redisReply, void (*)(void*)> reply(raw, freeReplyObject);
  Reply out;
  switch (reply->type) {
    case REDIS_REPLY_STATUS: out.type = Reply::Type::kStatus; break;
    case REDIS_REPLY_ERROR: out.type = Reply::Type::kError; break;
    case REDIS_REPLY_STRING: out.type = Reply::Type::kString; break;
    case REDIS_REPLY_INTEGER: out.type = Reply::Type::kInteger; break;
    case REDIS_REPLY_NIL: out.type = Reply::Type::kNil; break;
    case REDIS_REPLY_ARRAY: out.type = Reply::Type::kArray; break;
    default: out.type = Reply::Type::kOther; break;
  }
  if (reply->str != nullptr) out.text.assign(reply->str, reply->len);
  out.integer = reply->integer;
  return out;
}

}  // namespace klaxon::probe::redis
