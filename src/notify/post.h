#pragma once
// One outbound POST for the channels (slack, pagerduty, webhook), over the
// libcurl client. Thread-safe (each thread has its own handle, which keeps
// its connections open for the next call: http/client.h).
//
// A transport failure (refused, timeout, DNS) is an error with
// retryable=true; its message names the scheme, host and port only, never the
// path (a Slack webhook URL's path is its key), the headers or the body.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "notify/channel.h"

namespace klaxon::notify {

struct PostResponse {
  int status = 0;
  std::optional<std::string> retry_after;  // the Retry-After header, if any
  std::string body;
};

// The classifiers turn a 5xx without Retry-After into a retry after a fixed
// fallback; the outbox's own backoff (exponential, jittered) serves that case
// better, so this sets retry_after to 0 ("the outbox decides") then. A 429's
// fallback (the receiver's advice) is kept.
Delivery WithOwnBackoff(Delivery d, const PostResponse& response);

Result<PostResponse> Post(const std::string& url,
                          std::vector<std::pair<std::string, std::string>> headers,
                          std::string body, int timeout_ms);

}  // namespace klaxon::notify
