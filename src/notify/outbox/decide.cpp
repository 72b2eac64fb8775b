#include "notify/outbox/decide.h"

#include <algorithm>
#include <cmath>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::notify::outbox {
namespace {

// "slack: ratelimited" -> "ratelimited": the line already names the channel.
std::string_view WithoutPrefix(std::string_view reason, std::string_view via) {
  if (reason.starts_with(via) && reason.substr(via.size()).starts_with(": ")) {
    return reason.substr(via.size() + 2);
  }
  return reason;
}

// Whole seconds read better on a timeline; below a second, milliseconds.
std::string Readable(Duration d) {
  if (d >= std::chrono::seconds(1)) return FormatDuration(std::chrono::round<std::chrono::seconds>(d));
  return FormatDuration(d);
}

}  // namespace

Duration Backoff(const RetryPolicy& policy, int retry, double unit) {
  double cap = static_cast<double>(policy.initial.count());
  for (int i = 1; i < retry && cap < static_cast<double>(policy.max.count()); ++i) cap *= 2;
  cap = std::min(cap, static_cast<double>(policy.max.count()));
  unit = std::clamp(unit, 0.0, 1.0);
  return Duration(static_cast<int64_t>(std::floor(cap * unit)));
}

Decision Decide(const store::OutboxEntry& row, const Result<Delivery>& sent,
                const RetryPolicy& policy, Time now, double unit, std::string_view display,
                std::string_view via) {
  Decision d;
  d.attempt.id = row.id;
  d.attempt.next_attempt_at = row.next_attempt_at;
  int attempt = row.attempts + 1;
  std::string reason;
  std::optional<Duration> retry_after;  // set: retry is possible
  if (!sent) {
    reason = sent.error().message;
    if (sent.error().retryable) retry_after = Duration::zero();
  } else if (sent->delivered()) {
    d.attempt.state = store::NotificationState::kDelivered;
    d.attempt.receipt = sent->reference;
    d.attempt.delivered_at = now;
    d.result = "delivered";
  } else {
    reason = sent->reason;
    if (sent->outcome == Delivery::Outcome::kRetryAfter) retry_after = sent->retry_after;
  }
  std::string text;
  if (d.result.empty()) {
    std::string why(WithoutPrefix(reason, via));
    d.attempt.last_error = reason;
    Duration wait{};
    if (retry_after) wait = std::max(Backoff(policy, attempt, unit), *retry_after);
    if (retry_after && now + wait <= row.created_at + policy.horizon) {
      d.attempt.state = store::NotificationState::kPending;
      d.attempt.next_attempt_at = now + wait;
      d.result = "retry";
      text = fmt::format("{}: retrying in {} after {}", display, Readable(wait), why);
    } else {
      d.attempt.state = store::NotificationState::kFailed;
      d.result = "failed";
      text = retry_after ? fmt::format("{}: failed after {} attempts over {}: {}", display,
                                       attempt, Readable(now - row.created_at), why)
                         : fmt::format("{}: failed: {}", display, why);
    }
  } else {
    text = fmt::format("{}: delivered", display);
  }
  d.line.incident_id = row.incident_id;
  d.line.at = now;
  d.line.kind = std::string(kNotificationLine);
  d.line.actor = "klaxon";
  d.line.via = std::string(via);
  d.line.text = std::move(text);
  boost::json::object data{{"notification", row.id},   {"channel", row.channel},
                           {"event", row.event},       {"attempt", attempt},
                           {"result", d.result},       {"reason", reason}};
  d.line.data = boost::json::serialize(data);
  return d;
}

}  // namespace klaxon::notify::outbox
