#pragma once
// A small owner of one hiredis connection: blocking, with hiredis's connect
// and command timeouts, for one probe run. Not thread-safe; one per run.
// Error messages name host:port and what went wrong, never a command's
// arguments (AUTH carries the password). hiredis writes with write(2): the
// process must ignore SIGPIPE (serve does), or a server closing the
// connection mid-command kills it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

struct redisContext;

namespace klaxon::probe::redis {

// The part of a reply a probe reads.
struct Reply {
  enum class Type { kStatus, kError, kString, kInteger, kNil, kArray, kOther };
  Type type = Type::kOther;
  std::string text;     // kStatus, kError, kString
  long long integer = 0;  // kInteger
};

class Connection {
 public:
  // Connects to host:port (the name resolved by the system resolver, not
  // bounded by `timeout`), waiting at most `timeout` for the connection.
  // kUnavailable on refusal, timeout or any other failure.
  static Result<Connection> Open(const std::string& host, uint16_t port, Duration timeout);

  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();  // closes the connection

  // Sends `argv` (binary safe) and reads its reply, each socket wait bounded
  // by `timeout`. kUnavailable when the connection fails or times out (the
  // connection is then unusable); an error reply is a Reply of kError.
  Result<Reply> Command(const std::vector<std::string_view>& argv, Duration timeout);
  // Whether the last Command failed because its timeout passed.
  bool timed_out() const { return timed_out_; }

 private:
  struct Free {
    void operator()(redisContext* c) const;
  };
  Connection(std::unique_ptr<redisContext, Free> ctx, std::string where);

  std::unique_ptr<redisContext, Free> ctx_;
  std::string where_;  // host:port, for messages
  bool timed_out_ = false;
};

}  // namespace klaxon::probe::redis
