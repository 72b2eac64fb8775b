#include "notify/pagerduty/channel.h"

#include <boost/json/serialize.hpp>

#include "notify/post.h"

namespace klaxon::notify::pagerduty {

Result<Delivery> PagerDutyChannel::Send(const Notification& n) {
  auto response = Post(options_.events_url, {{"Content-Type", "application/json"}},
                       boost::json::serialize(EventFor(options_.events, n)), options_.timeout_ms);
  if (!response) {
    if (!response.error().retryable) return Fail(response.error());
    return Delivery::RetryAfter(Duration::zero(), "pagerduty: " + response.error().message);
  }
  return WithOwnBackoff(ClassifyEnqueueResponse(response->status, response->retry_after,
                                                response->body, options_.events.routing_key),
                        *response);
}

}  // namespace klaxon::notify::pagerduty
