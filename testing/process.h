#pragma once
// Runs the real klaxon binary (or any program) as a child process for
// end-to-end tests: real process, real sockets, real signals.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace klaxon::testing {

// Path of the built klaxon binary (ctest sets KLAXON_BINARY).
std::string KlaxonBinary();
// The source tree (ctest sets KLAXON_SOURCE_DIR).
std::string SourceDir();

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs to completion, capturing stdout and stderr. `env` is added to the
// current environment.
RunResult Run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

class ChildProcess {
 public:
  // Starts argv with stderr captured through a pipe.
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~ChildProcess();  // SIGKILLs and reaps if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stderr until a line contains `needle` or the child exits or the
  // deadline passes; returns that line.
  std::optional<std::string> WaitForLine(const std::string& needle, std::chrono::seconds deadline);
  void Signal(int sig);
  // Waits for exit; returns the raw wait status.
  int Wait();
  pid_t pid() const { return pid_; }
  const std::string& stderr_text() const { return err_; }

 private:
  pid_t pid_ = -1;
  int err_fd_ = -1;
  std::string err_;     // everything read so far
  size_t scanned_ = 0;  // offset of the first unscanned line in err_
  bool reaped_ = false;
};

// Starts `klaxon serve` on 127.0.0.1:0 and waits until it serves.
class KlaxonServer {
 public:
  KlaxonServer(const std::string& config_path, const std::string& data_dir,
               const std::map<std::string, std::string>& env, std::vector<std::string> extra_args = {});
  bool ok() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  std::string url() const;
  ChildProcess& process() { return *child_; }

 private:
  std::unique_ptr<ChildProcess> child_;
  uint16_t port_ = 0;
};

}  // namespace klaxon::testing
