#include "notify/post.h"

#include "http/client.h"

namespace klaxon::notify {

Delivery WithOwnBackoff(Delivery d, const PostResponse& response) {
  if (d.outcome == Delivery::Outcome::kRetryAfter && !response.retry_after &&
      response.status >= 500) {
    d.retry_after = Duration::zero();
  }
  return d;
}

Result<PostResponse> Post(const std::string& url,
                          std::vector<std::pair<std::string, std::string>> headers,
                          std::string body, int timeout_ms) {
  http::ClientRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = std::move(headers);
  request.body = std::move(body);
  request.timeout_ms = timeout_ms;
  request.max_response_bytes = 1 << 20;
  auto response = http::Send(request);
  if (!response) {
    Error e = response.error();
    e.retryable = e.code != ErrorCode::kInvalidArgument;
    return Fail(std::move(e));
  }
  PostResponse out;
  out.status = response->status;
  for (auto& [name, value] : response->headers) {
    if (name == "retry-after") out.retry_after = std::move(value);
  }
  out.body = std::move(response->body);
  return out;
}

}  // namespace klaxon::notify
