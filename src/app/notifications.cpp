#include "app/notifications.h"

#include <fmt/format.h>

#include "notify/pagerduty/channel.h"
#include "notify/slack/channel.h"
#include "notify/webhook/channel.h"

namespace klaxon::app {
namespace {

// How the timeline names a channel: "Slack #incidents", "PagerDuty", "Webhook ops-hook".
std::string Display(const config::NotificationChannel& c) {
  if (c.type == "slack") return c.channel.empty() ? "Slack (" + c.id + ")" : "Slack " + c.channel;
  if (c.type == "pagerduty") return "PagerDuty";
  return "Webhook " + c.id;
}

notify::ChannelPtr Make(const config::NotificationChannel& c, const Clock& clock,
                        const std::shared_ptr<const notify::MessageTemplates>& wording) {
  if (c.type == "slack") {
    return std::make_unique<notify::slack::SlackChannel>(
        notify::slack::ChannelOptions{.token = c.token,
                                      .webhook_url = c.webhook_url,
                                      .channel = c.channel,
                                      .api_url = c.api_url,
                                      .messages = wording});
  }
  if (c.type == "pagerduty") {
    notify::pagerduty::ChannelOptions o;
    o.events.routing_key = c.routing_key;
    o.events.messages = wording;
    o.events_url = c.events_url;
    return std::make_unique<notify::pagerduty::PagerDutyChannel>(std::move(o));
  }
  return std::make_unique<notify::webhook::WebhookChannel>(
      notify::webhook::ChannelOptions{.url = c.url, .secret = c.secret, .clock = &clock});
}

}  // namespace

std::unique_ptr<Notifications> MakeNotifications(const config::Config& config, store::Store& store,
                                                 const Clock& clock, metrics::Registry* metrics) {
  auto out = std::make_unique<Notifications>();
  notify::outbox::SenderOptions o;
  o.store = &store;
  o.clock = &clock;
  o.metrics = metrics;
  auto wording = config.Wording();
  for (const auto& c : config.notifications.channels) {
    out->channels.push_back(Make(c, clock, wording));
    o.channels.push_back({c.id, Display(c), out->channels.back().get(),
                          notify::outbox::RetryPolicy{c.retry.initial, c.retry.max, c.retry.horizon}});
  }
  out->sender = std::make_unique<notify::outbox::Sender>(std::move(o));
  return out;
}

}  // namespace klaxon::app
