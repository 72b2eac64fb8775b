#pragma once
// Pure: the `jsonrpc` probe's request and the judgement of its answers
// (spec.h JsonRpcTarget says what fails). The check (jsonrpc_check.cpp)
// only sends the request to every endpoint and collects what came back.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "probe/machine.h"
#include "probe/spec.h"

namespace klaxon::probe {

// What one endpoint answered, or why it did not.
struct RpcAnswer {
  std::string endpoint;              // "primary (https://rpc.example:443)": no path or query
  std::optional<std::string> error;  // set: no answer (refused, timed out); safe to show
  int status = 0;
  std::string body;                  // at most the check's body limit
  Duration latency{};
};

struct JsonRpcObservation {
  RpcAnswer primary;
  std::vector<RpcAnswer> backups;  // in configuration order
};

// {"jsonrpc":"2.0","id":1,"method":...,"params":...}. `params` must be JSON
// text (the loader checked it); anything else is sent as [].
std::string JsonRpcRequestBody(const JsonRpcTarget& target);

// A block height as JSON-RPC nodes write it: "0x10d4f" (hex quantity) or a
// decimal "69967". nullopt for anything else ("0x", "latest", "-1", overflow).
std::optional<uint64_t> ParseBlockHeight(std::string_view text);

// The verdict: failing when the primary gave no valid answer or lags; the
// detail names the failing endpoint and says which backups answer.
Verdict EvaluateJsonRpc(const JsonRpcTarget& target, const JsonRpcObservation& observed);

// "primary", "backup 1", ... with the URL's origin, as RpcAnswer::endpoint.
std::string EndpointName(std::string_view role, std::string_view origin);

}  // namespace klaxon::probe
