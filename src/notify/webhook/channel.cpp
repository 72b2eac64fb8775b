#include "notify/webhook/channel.h"

#include "notify/post.h"
#include "notify/webhook/webhook.h"

namespace klaxon::notify::webhook {

Result<Delivery> WebhookChannel::Send(const Notification& n) {
  auto request = BuildRequest(n, options_.secret, options_.clock->Now());
  if (!request) return Fail(request.error());
  auto response = Post(options_.url, std::move(request->headers), std::move(request->body),
                       options_.timeout_ms);
  if (!response) {
    if (!response.error().retryable) return Fail(response.error());
    return Delivery::RetryAfter(Duration::zero(), "webhook: " + response.error().message);
  }
  return WithOwnBackoff(ClassifyResponse(response->status, response->retry_after), *response);
}

}  // namespace klaxon::notify::webhook
