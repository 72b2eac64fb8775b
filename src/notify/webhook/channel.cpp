#include "notify/webhook/channel.h"

#include "notify/post.h"

namespace klaxon::notify::webhook {

Result<Delivery> WebhookChannel::Send(const Notification& n) {
  return Deliver(BuildRequest(n, options_.secret, options_.clock->Now()));
}

Result<Delivery> WebhookChannel::SendReminder(const Reminder& reminder) {
  return Deliver(BuildReminderRequest(reminder, options_.secret, options_.clock->Now()));
}

Result<Delivery> WebhookChannel::SendBrief(const HandoffBrief& brief) {
  return Deliver(BuildBriefRequest(brief, options_.secret, options_.clock->Now()));
}

Result<Delivery> WebhookChannel::Deliver(Result<SignedRequest> request) {
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
