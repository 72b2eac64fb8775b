#pragma once
// A simulated CocoPay for `klaxon demo`: one HTTP server on 127.0.0.1 (port
// 0) answering everything the example configuration's probes and actions
// reach over HTTP, from one small state that the scenarios break and mend:
//
//   GET  /up, /health/ready        200, or 503 while the API is down
//   POST /prometheus/api/v1/query  Prometheus's instant query API: the API's
//                                  error rate, the payment failure rate, the
//                                  memory forecast and OOM kills, chosen by
//                                  the metric the query names
//   POST /rpc/primary, /rpc/backup JSON-RPC eth_blockNumber (the primary
//                                  answers an error object while failing)
//   POST /internal/ops/rpc-failover  RB-004's failover (Bearer ops token)
//   POST /railway                  the Railway CLI's commands, for the
//                                  stand-in `klaxon demo-railway`: `service
//                                  restart api` (the restart endpoint: it
//                                  mends what a restart mends), `logs`, and
//                                  `run bin/rails runner ...`
//
// Thread-safe: the state is guarded by one mutex.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/router.h"
#include "http/server.h"

namespace klaxon::demo {

// What is wrong; the defaults are a healthy CocoPay.
struct Faults {
  bool api_down = false;
  bool restart_mends = true;  // a crash a restart fixes, or a bad deploy it does not
  double error_rate = 0.004;  // share of 5xx answers
  double payment_failure_rate = 0.01;
  double memory_forecast = 0.55;  // predicted memory in 4 h over the limit
  int oom_kills = 0;              // in the last 10 minutes
  bool rpc_primary_failing = false;
  double wallet_balance = 4200;  // USD
};

class CocoPay {
 public:
  // `ops_token` is the bearer the failover endpoint expects.
  static Result<std::unique_ptr<CocoPay>> Start(std::string ops_token);
  ~CocoPay();
  CocoPay(const CocoPay&) = delete;
  CocoPay& operator=(const CocoPay&) = delete;

  std::string Url() const;  // "http://127.0.0.1:<port>"

  Faults faults() const;
  // Changes the state as `change` says, under the lock.
  template <typename F>
  void Change(F&& change) {
    std::lock_guard lock(mu_);
    change(faults_);
  }
  int restarts() const;
  int failovers() const;
  std::vector<std::string> railway_commands() const;  // as received, joined by spaces

 private:
  explicit CocoPay(std::string ops_token);
  std::string Railway(const std::vector<std::string>& args, int& status);

  const std::string ops_token_;
  http::Router router_;  // must outlive server_
  mutable std::mutex mu_;
  Faults faults_;                          // guarded by mu_
  int restarts_ = 0;                       // guarded by mu_
  int failovers_ = 0;                      // guarded by mu_
  std::vector<std::string> commands_;      // guarded by mu_
  std::unique_ptr<http::Server> server_;
};

}  // namespace klaxon::demo
