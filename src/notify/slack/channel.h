#pragma once
// Slack as a notify::Channel, in one of two modes:
//
// Web API (token): the first message about an incident is chat.postMessage
// of the top message (TopMessage); its reference is "<channel id>/<ts>",
// taken from Slack's answer. Every later event (Notification::first_receipt
// set) edits that message in place with chat.update and then posts the
// event's ThreadMessage as a reply in its thread. A retry repeats both calls;
// chat.update is idempotent, the reply is posted only after the edit
// succeeded, and the row is marked delivered once the reply is accepted.
//
// Incoming webhook (webhook_url): every event posts its ThreadMessage (a
// webhook message cannot be edited or threaded); no reference.
//
// A handoff brief (SendBrief) is one new message (brief.h): chat.postMessage
// to the channel, or to the person's Slack user id when brief.slack_user is
// set (Slack delivers it as a DM from the bot; its reference is
// "<DM channel id>/<ts>"); through an incoming webhook, to the webhook's
// channel (a webhook cannot DM: a brief for a person fails permanently).
//
// Reasons and errors never contain the token or the webhook URL.
// Thread-safe: Send keeps no state between calls.

#include <memory>
#include <string>

#include "notify/channel.h"
#include "notify/message_templates.h"

namespace klaxon::notify::slack {

struct Message;  // notify/slack/messages.h

struct ChannelOptions {
  std::string token;        // Web API bot token; "" in webhook mode
  std::string webhook_url;  // incoming webhook; "" in Web API mode
  std::string channel;      // "#incidents" or an ID; Web API mode
  std::string api_url = "https://slack.com/api";  // base, without the trailing "/"
  int timeout_ms = 10000;
  // The configured message templates; null for the defaults.
  std::shared_ptr<const MessageTemplates> messages;
};

class SlackChannel final : public Channel {
 public:
  explicit SlackChannel(ChannelOptions options);
  std::string_view Name() const override { return "slack"; }
  Result<Delivery> Send(const Notification& n) override;
  Result<Delivery> SendBrief(const HandoffBrief& brief) override;
  // A reminder: one new message, to the channel or (slack_user) as a DM.
  Result<Delivery> SendReminder(const Reminder& reminder) override;

 private:
  Result<Delivery> Call(std::string_view method, const std::string& body, std::string* channel_id);
  // `message` through the incoming webhook.
  Result<Delivery> PostWebhook(const Message& message);
  // A new message by chat.postMessage (`body` names its channel); delivered
  // with the reference "<channel id>/<ts>".
  Result<Delivery> PostNew(const std::string& body);
  // The templates the messages are rendered with.
  const MessageTemplates& Wording() const;

  const ChannelOptions options_;
};

}  // namespace klaxon::notify::slack
