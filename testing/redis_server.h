#pragma once
// A real Redis for tests: Debian's redis-server (or $KLAXON_REDIS_SERVER) on
// 127.0.0.1 on a free port, in a fresh directory, with no persistence. The
// test stops it (SIGKILL, as a crash would) and starts it again on the same
// port, itself or through StartCommand() run by something else (a klaxon
// remediation step); either way the server's pid file says which process to
// stop. Never the system's Redis on 6379, never a fixed port.
//
// Not thread-safe: one test thread drives it.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "testing/temp_dir.h"

namespace klaxon::testing {

struct RedisServerOptions {
  std::string password;   // requirepass; "" = none
  std::string maxmemory;  // e.g. "64mb"; "" = no limit
};

class RedisServer {
 public:
  // Starts a server and waits (at most 10 s) until it answers PING.
  static Result<std::unique_ptr<RedisServer>> Start(RedisServerOptions options = {});
  ~RedisServer();  // kills whichever server of this port is running
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Kills the running server and waits until it is gone (at most 10 s).
  Status Stop();
  // Starts it again on the same port, as a child of the test, and waits
  // until it answers PING (at most 10 s).
  Status Restart();
  // Whether it answers PING now (after AUTH when it has a password).
  bool Answers() const;

  uint16_t port() const { return port_; }
  std::string address() const;  // "127.0.0.1:<port>"
  const std::string& password() const { return options_.password; }
  // A program and its arguments that start this server again as a daemon of
  // its own (its own session, so a process-group kill of whoever ran it
  // spares it) and return at once.
  std::vector<std::string> StartCommand() const;
  // Writes an executable /bin/sh script at `path` that runs StartCommand()
  // and returns once the server answers PING (exit 0), or exits 1 after
  // 10 s. A remediation step can run it to "restart Redis".
  Status WriteStartScript(const std::string& path) const;
  // The tail of the server's log, for failure messages.
  std::string LogTail() const;

 private:
  RedisServer() = default;
  Status WaitUntilAnswering();
  pid_t RunningPid() const;  // from the pid file; 0 if none

  RedisServerOptions options_;
  TempDir dir_;
  uint16_t port_ = 0;
  pid_t child_ = -1;  // a server started by Restart()/Start(), until reaped
};

// The redis-server program: $KLAXON_REDIS_SERVER, else the first in PATH,
// else /usr/bin/redis-server.
std::string RedisServerBinary();

}  // namespace klaxon::testing
