// `jsonrpc` probes: the same request POSTed to the primary and to every
// backup at once, each on its own thread with the probe's timeout, so a
// primary that hangs does not hide how the backups are doing. Endpoints are
// named by their origin only: RPC URLs carry API keys in the path.
#include <chrono>
#include <future>

#include "http/client.h"
#include "probe/checks.h"

namespace klaxon::probe {
namespace {

constexpr size_t kMaxBody = 1 << 20;

RpcAnswer Ask(const std::string& role, const std::string& url, const std::string& body,
              Duration timeout) {
  RpcAnswer a;
  a.endpoint = EndpointName(role, http::UrlOrigin(url));
  http::ClientRequest req;
  req.method = "POST";
  req.url = url;
  req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  req.body = body;
  req.timeout_ms = static_cast<int>(std::max<int64_t>(1, timeout.count()));
  req.max_response_bytes = kMaxBody;
  auto started = std::chrono::steady_clock::now();
  auto resp = http::Send(req);
  a.latency = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
  if (!resp) {
    a.error = resp.error().message;
    return a;
  }
  a.status = resp->status;
  a.body = std::move(resp->body);
  return a;
}

}  // namespace

Result<Observation> CheckJsonRpc(const JsonRpcTarget& target, Duration timeout) {
  const std::string body = JsonRpcRequestBody(target);
  std::vector<std::future<RpcAnswer>> backups;
  for (size_t i = 0; i < target.backups.size(); ++i) {
    backups.push_back(std::async(std::launch::async, Ask, "backup " + std::to_string(i + 1),
                                 std::cref(target.backups[i]), std::cref(body), timeout));
  }
  JsonRpcObservation o;
  o.primary = Ask("primary", target.url, body, timeout);
  for (auto& f : backups) o.backups.push_back(f.get());
  return Observation(std::move(o));
}

}  // namespace klaxon::probe
