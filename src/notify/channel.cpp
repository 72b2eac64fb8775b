#include "notify/channel.h"

#include <charconv>
#include <utility>

#include <fmt/format.h>

namespace klaxon::notify {

Result<Delivery> Channel::SendBrief(const HandoffBrief&) {
  return Delivery::Permanent(fmt::format("{}: cannot deliver handoff briefs", Name()));
}

Result<Delivery> Channel::SendReminder(const Reminder&) {
  return Delivery::Permanent(fmt::format("{}: cannot deliver reminders", Name()));
}

Delivery Delivery::Delivered(std::string reference) {
  Delivery d;
  d.outcome = Outcome::kDelivered;
  d.reference = std::move(reference);
  return d;
}

Delivery Delivery::RetryAfter(Duration wait, std::string reason) {
  Delivery d;
  d.outcome = Outcome::kRetryAfter;
  d.retry_after = wait < Duration::zero() ? Duration::zero() : wait;
  d.reason = std::move(reason);
  return d;
}

Delivery Delivery::Permanent(std::string reason) {
  Delivery d;
  d.outcome = Outcome::kPermanentFailure;
  d.reason = std::move(reason);
  return d;
}

std::string_view ToString(Delivery::Outcome o) {
  switch (o) {
    case Delivery::Outcome::kDelivered: return "delivered";
    case Delivery::Outcome::kRetryAfter: return "retry";
    case Delivery::Outcome::kPermanentFailure: return "permanent_failure";
  }
  return "permanent_failure";
}

Duration ParseRetryAfter(std::optional<std::string_view> header, Duration fallback) {
  constexpr int64_t kMaxSeconds = 3600;
  if (!header) return fallback;
  std::string_view v = *header;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || seconds < 0) {
    return fallback;
  }
  if (seconds > kMaxSeconds) seconds = kMaxSeconds;
  return std::chrono::seconds(seconds);
}

Delivery ClassifyHttpStatus(int status, std::optional<std::string_view> retry_after,
                            Duration fallback, std::string_view what) {
  if (status >= 200 && status < 300) return Delivery::Delivered();
  std::string reason = fmt::format("{}: HTTP {}", what, status);
  if (status == 429) return Delivery::RetryAfter(ParseRetryAfter(retry_after, fallback), reason);
  if (status == 408 || status == 425 || status >= 500) {
    return Delivery::RetryAfter(ParseRetryAfter(retry_after, fallback), reason);
  }
  return Delivery::Permanent(std::move(reason));
}

}  // namespace klaxon::notify
