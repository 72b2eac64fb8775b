#pragma once
// An Ethereum-style JSON-RPC node for tests: a real HTTP server on
// 127.0.0.1 answering POST /rpc/{key} (the key in the path, as hosted RPC
// providers put their API keys) in the way the test sets: eth_blockNumber
// with a block height, a JSON-RPC error object, an HTTP status, or no answer
// at all (the request is held until the mode changes or the node stops).
// Other methods get JSON-RPC error -32601. Thread-safe.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/router.h"
#include "http/server.h"

namespace klaxon::testing {

class RpcNode {
 public:
  enum class Mode { kHealthy, kRpcError, kHttpError, kSilent };

  static Result<std::unique_ptr<RpcNode>> Start(uint64_t height);
  ~RpcNode();  // answers held requests (503), then stops the server

  // http://127.0.0.1:<port>/rpc/<key>
  std::string Url(const std::string& key) const;
  void SetHeight(uint64_t height) { height_ = height; }
  // kSilent holds requests until the mode changes.
  void SetMode(Mode mode);
  uint64_t requests() const { return requests_; }

 private:
  RpcNode() = default;
  void Handle(http::Request& req, http::Reply reply);
  http::Response Answer(const http::Request& req);
  void ReleaseHeld();

  std::atomic<uint64_t> height_{0};
  std::atomic<Mode> mode_{Mode::kHealthy};
  std::atomic<uint64_t> requests_{0};
  std::mutex mu_;
  std::vector<std::pair<http::Request, http::Reply>> held_;  // guarded by mu_
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace klaxon::testing
