#pragma once
// A real Prometheus server for tests: Debian's `prometheus` binary on
// 127.0.0.1 (a port the kernel picks), with its storage in a temporary
// directory and a generated prometheus.yml that scrapes the given targets'
// /metrics every second. Ready once /-/ready answers 200. Stopped (SIGTERM,
// then SIGKILL after 10 s) and its directory removed when the object goes
// away; a test process that dies takes it along (PR_SET_PDEATHSIG).
// Not thread-safe; one owner.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "testing/temp_dir.h"

namespace klaxon::testing {

class PrometheusServer {
 public:
  struct Options {
    std::vector<std::string> targets;  // "127.0.0.1:8080": scraped at /metrics, job "test"
    std::chrono::seconds scrape_interval{1};
    // $KLAXON_PROMETHEUS_BINARY when set, else this.
    std::string binary = "/usr/bin/prometheus";
    std::chrono::seconds ready_within{60};
  };

  // Starts the server and waits until it is ready. The error says why it is
  // not, with the tail of its log.
  static Result<std::unique_ptr<PrometheusServer>> Start(Options options);
  ~PrometheusServer();
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const;  // http://127.0.0.1:<port>
  // Everything the server has logged so far, for failure messages.
  std::string Log() const;

 private:
  PrometheusServer() = default;
  TempDir dir_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace klaxon::testing
