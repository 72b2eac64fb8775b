#pragma once
// PagerDuty Events API v2 as a notify::Channel: one POST of EventFor(n) to
// the events URL per notification. Every event of an incident carries
// dedup_key = the incident's display id, so a repeated send (a retry, or a
// re-send after a crash) lands on the same PagerDuty alert: idempotent.
// Reasons never contain the routing key. Thread-safe.

#include <string>

#include "notify/channel.h"
#include "notify/pagerduty/events.h"

namespace klaxon::notify::pagerduty {

struct ChannelOptions {
  EventOptions events;  // routing_key (a secret), source, severity map
  std::string events_url = "https://events.pagerduty.com/v2/enqueue";
  int timeout_ms = 10000;
};

class PagerDutyChannel final : public Channel {
 public:
  explicit PagerDutyChannel(ChannelOptions options) : options_(std::move(options)) {}
  std::string_view Name() const override { return "pagerduty"; }
  Result<Delivery> Send(const Notification& n) override;

 private:
  const ChannelOptions options_;
};

}  // namespace klaxon::notify::pagerduty
