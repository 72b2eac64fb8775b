#pragma once
// A service for Prometheus to scrape in tests: a real HTTP server on
// 127.0.0.1 whose GET /metrics exposes the counter
//   requests_total{status="200"} and requests_total{status="500"}
// Each scrape first counts `per_scrape` more requests, of which the share
// set by SetErrorRate() failed, so rate() over a few scrapes follows the
// error rate the test sets. Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"
#include "http/router.h"
#include "http/server.h"

namespace klaxon::testing {

class MetricsTarget {
 public:
  static Result<std::unique_ptr<MetricsTarget>> Start(uint64_t per_scrape = 100);
  ~MetricsTarget();

  std::string address() const;  // "127.0.0.1:<port>", as Prometheus targets are written
  // From the next scrape on, this share (0..1) of the requests fail.
  void SetErrorRate(double share);
  uint64_t scrapes() const;

 private:
  MetricsTarget() = default;
  std::string Scrape();

  uint64_t per_scrape_ = 100;
  mutable std::mutex mu_;
  double error_rate_ = 0;  // guarded by mu_
  uint64_t ok_ = 0;        // guarded by mu_
  uint64_t failed_ = 0;    // guarded by mu_
  uint64_t scrapes_ = 0;   // guarded by mu_
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace klaxon::testing
