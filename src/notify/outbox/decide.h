#pragma once
// What one delivery attempt means for its outbox row, as a pure function:
// the row's next state, the timeline line that reports it, and the metric
// result. No I/O, no clock, no randomness of its own: `now` and `unit` (a
// uniform draw in [0, 1)) come from the caller.
//
//   delivered            -> delivered (receipt = Delivery::reference)
//   permanent failure,
//   non-retryable error  -> failed after this attempt
//   retry (or a retryable error)
//                        -> pending again after max(backoff, retry_after),
//                           or failed when that would pass created_at + horizon
//
// Backoff is exponential with full jitter: before retry n (n = 1 after the
// first failed attempt) wait uniform[0, min(max, initial * 2^(n-1))]. Full
// jitter spreads the retries of many rows that failed together.

#include <string>

#include "core/result.h"
#include "core/time.h"
#include "incident/incident.h"
#include "notify/channel.h"
#include "store/store.h"

namespace klaxon::notify::outbox {

struct RetryPolicy {
  Duration initial{std::chrono::seconds(1)};
  Duration max{std::chrono::minutes(5)};
  Duration horizon{std::chrono::hours(1)};
};

// The backoff cap before retry `retry` (1-based), times `unit` in [0, 1).
Duration Backoff(const RetryPolicy& policy, int retry, double unit);

struct Decision {
  store::NotificationAttempt attempt;
  incident::TimelineEntry line;  // kind "notification"; seq unset
  std::string result;            // metric label: delivered | retry | failed
};

inline constexpr std::string_view kNotificationLine = "notification";

// `row` is the row as it was before the attempt; `display` names the channel
// for people ("Slack #incidents", "PagerDuty"); `via` is its type.
Decision Decide(const store::OutboxEntry& row, const Result<Delivery>& sent,
                const RetryPolicy& policy, Time now, double unit, std::string_view display,
                std::string_view via);

}  // namespace klaxon::notify::outbox
