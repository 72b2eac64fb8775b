#pragma once
// The seam between the (future) durable outbox and each integration.
//
// The outbox stores a Notification, then calls Channel::Send until the
// Delivery says it is done:
//   - kDelivered: the receiver accepted it; `reference` carries what the
//     receiver gave back (Slack message ts, PagerDuty dedup_key), to be
//     stored for later edits or follow-up events.
//   - kRetryAfter: a transient failure (429, 5xx, timeout, connection
//     refused); try again no sooner than `retry_after` (0: the outbox's own
//     backoff). The outbox bounds the number of attempts.
//   - kPermanentFailure: retrying cannot help (rejected payload, bad
//     credentials, unknown channel); record `reason` on the timeline.
// A Result error means the channel could not even attempt delivery
// (misconfiguration, a notification it cannot render); its `retryable`
// flag says whether a later attempt might succeed.
//
// Contract for every implementation: `reason` and Error::message never
// contain secrets (tokens, signing secrets, routing keys, webhook URLs with
// embedded keys); Send is safe to call from several threads at once; Send
// never throws.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "notify/brief.h"
#include "notify/notification.h"
#include "notify/reminder.h"

namespace klaxon::notify {

struct Delivery {
  enum class Outcome { kDelivered, kRetryAfter, kPermanentFailure };
  Outcome outcome = Outcome::kDelivered;
  Duration retry_after{};  // kRetryAfter only
  std::string reason;      // why it failed, safe to show; "" when delivered
  std::string reference;   // kDelivered: receiver's id for what was created

  static Delivery Delivered(std::string reference = {});
  static Delivery RetryAfter(Duration wait, std::string reason);
  static Delivery Permanent(std::string reason);

  bool delivered() const { return outcome == Outcome::kDelivered; }
};

std::string_view ToString(Delivery::Outcome o);  // "delivered", "retry", "permanent_failure"

class Channel {
 public:
  virtual ~Channel() = default;
  // Stable name for logs and metrics: "slack", "pagerduty", "webhook".
  virtual std::string_view Name() const = 0;
  virtual Result<Delivery> Send(const Notification& notification) = 0;
  // A handoff brief (brief.h), under the same contract as Send. Its
  // `recipient` and `slack_user` say whether it goes to the channel's own
  // destination or to one person. Default: a permanent failure (a channel
  // that cannot carry briefs; the configuration routes none to it).
  virtual Result<Delivery> SendBrief(const HandoffBrief& brief);
  // A reminder (reminder.h), likewise; `recipient` and `slack_user` as for a
  // brief. Default: a permanent failure.
  virtual Result<Delivery> SendReminder(const Reminder& reminder);
};
using ChannelPtr = std::unique_ptr<Channel>;

// A Retry-After header value (delta-seconds only; HTTP dates and garbage give
// `fallback`), clamped to [0, 1 hour].
Duration ParseRetryAfter(std::optional<std::string_view> header, Duration fallback);

// The common HTTP status policy: 2xx delivered; 408, 425, 429 and 5xx retry
// (429 honours Retry-After, else `fallback`); everything else permanent.
// `what` prefixes the reason ("webhook: HTTP 404").
Delivery ClassifyHttpStatus(int status, std::optional<std::string_view> retry_after,
                            Duration fallback, std::string_view what);

}  // namespace klaxon::notify
