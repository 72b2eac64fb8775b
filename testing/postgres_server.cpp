#include "testing/postgres_server.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace klaxon::testing {
namespace {

using Clock = std::chrono::steady_clock;

uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

struct Child {
  pid_t pid = -1;
  std::string error;
};

// Forks and execs argv (argv[0] a full path) with stdout and stderr
// appended to `log`, in `dir`, as uid/gid when `drop`.
Child Spawn(const std::vector<std::string>& argv, const std::string& dir, const std::string& log,
            bool drop, uid_t uid, gid_t gid) {
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return {-1, "cannot open " + log + ": " + std::strerror(errno)};
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return {-1, std::string("fork: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test leaves no server behind
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (chdir(dir.c_str()) != 0) _exit(126);
    if (drop && (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0)) _exit(126);
    execv(argp[0], argp.data());
    _exit(127);
  }
  close(log_fd);
  return {pid, ""};
}

std::string Tail(const std::string& text, size_t n = 2000) {
  return text.size() > n ? "..." + text.substr(text.size() - n) : text;
}

}  // namespace

std::expected<std::unique_ptr<PostgresServer>, std::string> PostgresServer::Start(
    PostgresOptions options) {
  std::unique_ptr<PostgresServer> s(new PostgresServer());
  s->options_ = std::move(options);
  const char* bin = std::getenv("KLAXON_POSTGRES_BIN");
  s->bin_ = bin && *bin ? bin : "/usr/lib/postgresql/15/bin";
  if (access((s->bin_ + "/initdb").c_str(), X_OK) != 0) {
    return std::unexpected("no initdb in " + s->bin_ + " (install postgresql: scripts/deps.sh)");
  }
  // /tmp itself: every directory on the way must be reachable by the
  // server's user, which $TMPDIR may not be.
  std::string tmpl = "/tmp/klaxon-pg-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) return std::unexpected("mkdtemp failed");
  s->dir_ = tmpl;
  s->uid_ = getuid();
  s->gid_ = getgid();
  if (geteuid() == 0) {
    passwd* pw = getpwnam("postgres");
    if (!pw) {
      return std::unexpected(
          "running as root, and there is no `postgres` user to run PostgreSQL as (install "
          "postgresql: scripts/deps.sh)");
    }
    s->drop_ = true;
    s->uid_ = pw->pw_uid;
    s->gid_ = pw->pw_gid;
    if (chown(s->dir_.c_str(), s->uid_, s->gid_) != 0) {
      return std::unexpected(std::string("chown: ") + std::strerror(errno));
    }
  }
  std::string log = s->dir_ + "/initdb.log";
  Child init = Spawn({s->bin_ + "/initdb", "-D", s->dir_ + "/data", "-U", "postgres",
                      "--auth=trust", "--no-sync", "--no-instructions", "--no-locale",
                      "--encoding=UTF8"},
                     s->dir_, log, s->drop_, s->uid_, s->gid_);
  if (init.pid < 0) return std::unexpected("initdb: " + init.error);
  int status = 0;
  while (waitpid(init.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return std::unexpected("initdb failed: " + Tail(text.str()));
  }
  {
    std::ofstream hba(s->dir_ + "/data/pg_hba.conf", std::ios::trunc);
    hba << "local all all trust\n"
        << "host all " << kPasswordRole << " 127.0.0.1/32 scram-sha-256\n"
        << "host all all 127.0.0.1/32 trust\n";
  }
  std::string last_error;
  for (int attempt = 0; attempt < 3; ++attempt) {
    s->port_ = FreePort();
    if (s->port_ == 0) return std::unexpected("no free port");
    auto launched = s->Launch();
    if (launched) return s;
    last_error = launched.error();
  }
  return std::unexpected(last_error);
}

std::expected<void, std::string> PostgresServer::Launch() {
  std::vector<std::string> argv = {bin_ + "/postgres",
                                   "-D", dir_ + "/data",
                                   "-p", std::to_string(port_),
                                   "-k", dir_,
                                   "-c", "listen_addresses=127.0.0.1",
                                   "-c", "max_connections=" + std::to_string(options_.max_connections),
                                   "-c", "fsync=off",
                                   "-c", "synchronous_commit=off",
                                   "-c", "full_page_writes=off",
                                   "-c", "shared_buffers=16MB"};
  for (const auto& setting : options_.settings) {
    argv.push_back("-c");
    argv.push_back(setting);
  }
  Child c = Spawn(argv, dir_, dir_ + "/postgres.log", drop_, uid_, gid_);
  if (c.pid < 0) return std::unexpected("postgres: " + c.error);
  pid_ = c.pid;
  return WaitReady();
}

std::expected<void, std::string> PostgresServer::WaitReady() {
  std::string dsn = Dsn();
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return std::unexpected("postgres exited before accepting connections: " + Tail(Log()));
    }
    if (PQping(dsn.c_str()) == PQPING_OK) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a poll interval, not a wait for a result
  }
  Stop();
  return std::unexpected("postgres did not accept connections within 60s: " + Tail(Log()));
}

std::expected<void, std::string> PostgresServer::Resume() {
  if (running()) return {};
  return Launch();
}

void PostgresServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGINT);  // fast shutdown: ends the sessions, then exits
  auto deadline = Clock::now() + std::chrono::seconds(30);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

PostgresServer::~PostgresServer() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string PostgresServer::Dsn(const std::string& user, const std::string& dbname,
                                const std::string& password) const {
  std::string dsn = "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + user +
                    " dbname=" + dbname;
  if (!password.empty()) dsn += " password=" + password;
  return dsn;
}

std::expected<std::string, std::string> PostgresServer::Query(const std::string& sql) const {
  PGconn* conn = PQconnectdb(Dsn().c_str());
  std::expected<std::string, std::string> out;
  if (PQstatus(conn) != CONNECTION_OK) {
    out = std::unexpected(std::string(PQerrorMessage(conn)));
  } else {
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(conn, sql.c_str());
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK) {
      out = PQntuples(r) > 0 && PQnfields(r) > 0 ? std::string(PQgetvalue(r, 0, 0)) : "";
    } else if (st == PGRES_COMMAND_OK) {
      out = "";
    } else {
      out = std::unexpected(std::string(PQresultErrorMessage(r)));
    }
    PQclear(r);
  }
  PQfinish(conn);
  return out;
}

std::string PostgresServer::Log() const {
  std::ifstream in(dir_ + "/postgres.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace klaxon::testing
