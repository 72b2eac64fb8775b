#pragma once
// The composition of outbound notifications: the explicit list of channel
// types (slack, pagerduty, webhook) turned from configuration into
// notify::Channel objects, and the sender that delivers the outbox through
// them.

#include <memory>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "metrics/metrics.h"
#include "notify/channel.h"
#include "notify/outbox/sender.h"
#include "store/store.h"

namespace klaxon::app {

// Owns the channels and the sender (which borrows them). Destroying it stops
// the sender first.
struct Notifications {
  std::vector<notify::ChannelPtr> channels;
  std::unique_ptr<notify::outbox::Sender> sender;

  ~Notifications() { sender.reset(); }
};

// `config`, `store`, `clock` and `metrics` must outlive the result. Not
// started: call sender->Start().
std::unique_ptr<Notifications> MakeNotifications(const config::Config& config, store::Store& store,
                                                 const Clock& clock, metrics::Registry* metrics);

}  // namespace klaxon::app
