// `http` probes through the project's HTTP client (libcurl): one request,
// redirects not followed, the body read up to 1 MiB.
#include <algorithm>
#include <chrono>

#include "http/client.h"
#include "probe/checks.h"

namespace klaxon::probe {

Result<Observation> CheckHttp(const HttpTarget& target, Duration timeout) {
  http::ClientRequest req;
  req.method = target.method;
  req.url = target.url;
  req.headers = target.headers;
  req.body = target.body;
  req.timeout_ms = static_cast<int>(std::max<int64_t>(1, timeout.count()));
  req.max_response_bytes = 1 << 20;
  auto started = std::chrono::steady_clock::now();
  auto resp = http::Send(req);
  if (!resp) return Fail(resp.error());
  HttpObservation o;
  o.status = resp->status;
  o.body = std::move(resp->body);
  o.latency = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
  return Observation(std::move(o));
}

}  // namespace klaxon::probe
