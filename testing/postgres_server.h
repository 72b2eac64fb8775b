#pragma once
// A real PostgreSQL server for tests: initdb into a fresh directory under
// /tmp, then `postgres` listening on 127.0.0.1 on a free port (and on a Unix
// socket in that directory), stopped and removed at destruction. Running as
// root (CI), initdb and postgres refuse to start, so both run as the
// unprivileged `postgres` user (created by Debian's postgresql package),
// which then owns the directory.
//
// Authentication: trust for every role from 127.0.0.1, except the role
// kPasswordRole, which must give its password (scram-sha-256), so that tests
// can see what a wrong password says. The binaries come from
// $KLAXON_POSTGRES_BIN or /usr/lib/postgresql/15/bin.
//
// Not thread-safe: one owner (a test or a test suite).

#include <sys/types.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace klaxon::testing {

struct PostgresOptions {
  int max_connections = 20;
  std::vector<std::string> settings;  // extra "name=value" server settings
};

class PostgresServer {
 public:
  static constexpr const char* kPasswordRole = "klaxon_secret";

  // Creates the cluster and starts the server; waits (polling, up to a
  // minute) until it accepts connections. The error says why not, with the
  // tail of the server's log.
  static std::expected<std::unique_ptr<PostgresServer>, std::string> Start(
      PostgresOptions options = {});
  ~PostgresServer();  // stops the server, removes the directory
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  uint16_t port() const { return port_; }
  // "host=127.0.0.1 port=N user=U dbname=D" (plus password when given).
  std::string Dsn(const std::string& user = "postgres", const std::string& dbname = "postgres",
                  const std::string& password = "") const;

  // Stops the server (fast shutdown) and waits until it has exited; the
  // cluster stays, and Resume() starts it again on the same port.
  void Stop();
  std::expected<void, std::string> Resume();
  bool running() const { return pid_ > 0; }

  // Runs `sql` as the superuser, for test setup and assertions: the first
  // column of the first row ("" when none), or the server's error.
  std::expected<std::string, std::string> Query(const std::string& sql) const;

  // The server's log so far.
  std::string Log() const;

 private:
  PostgresServer() = default;
  std::expected<void, std::string> Launch();
  std::expected<void, std::string> WaitReady();

  std::string dir_;      // owned by the server's user when running as root
  std::string bin_;
  PostgresOptions options_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  uid_t uid_ = 0;        // the user the server runs as (ours unless root)
  gid_t gid_ = 0;
  bool drop_ = false;    // run the binaries as uid_/gid_
};

}  // namespace klaxon::testing
