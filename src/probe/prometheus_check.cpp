// `prometheus` probes: one instant query, POSTed form-encoded (the PromQL
// stays out of URLs and access logs), through the project's HTTP client.
#include <chrono>

#include "http/client.h"
#include "probe/checks.h"

namespace klaxon::probe {

Result<Observation> CheckPrometheus(const PrometheusTarget& target, Duration timeout) {
  http::ClientRequest req;
  req.method = "POST";
  std::string base = target.url;
  while (base.ends_with('/')) base.pop_back();
  req.url = base + "/api/v1/query";
  req.headers = target.headers;
  req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  req.headers.emplace_back("Accept", "application/json");
  req.body = PrometheusQueryBody(target.query);
  req.timeout_ms = static_cast<int>(std::max<int64_t>(1, timeout.count()));
  req.max_response_bytes = 1 << 20;
  auto started = std::chrono::steady_clock::now();
  auto resp = http::Send(req);
  if (!resp) return Fail(resp.error());
  PrometheusObservation o;
  o.status = resp->status;
  o.body = std::move(resp->body);
  o.latency = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
  return Observation(std::move(o));
}

}  // namespace klaxon::probe
