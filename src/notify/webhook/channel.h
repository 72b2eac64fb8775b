#pragma once
// klaxon's generic signed webhook (webhook.h) as a notify::Channel: one POST
// per notification, signed with the time of the attempt from the injected
// clock, with the notification's Idempotency-Key so receivers can drop
// repeats. Reasons never contain the secret. Thread-safe.

#include <string>

#include "core/clock.h"
#include "notify/channel.h"
#include "notify/webhook/webhook.h"

namespace klaxon::notify::webhook {

struct ChannelOptions {
  std::string url;
  std::string secret;            // signs every request
  const Clock* clock = nullptr;  // required; must outlive the channel
  int timeout_ms = 10000;
};

class WebhookChannel final : public Channel {
 public:
  explicit WebhookChannel(ChannelOptions options) : options_(std::move(options)) {}
  std::string_view Name() const override { return "webhook"; }
  Result<Delivery> Send(const Notification& n) override;
  // The brief's own body (webhook.h); a direct copy carries "recipient".
  Result<Delivery> SendBrief(const HandoffBrief& brief) override;
  Result<Delivery> SendReminder(const Reminder& reminder) override;

 private:
  Result<Delivery> Deliver(Result<SignedRequest> request);

  const ChannelOptions options_;
};

}  // namespace klaxon::notify::webhook
