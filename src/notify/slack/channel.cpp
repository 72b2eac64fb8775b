#include "notify/slack/channel.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "notify/post.h"
#include "notify/slack/brief.h"
#include "notify/slack/messages.h"
#include "notify/slack/response.h"

namespace klaxon::notify::slack {
namespace {

// "<channel>/<ts>" -> {channel, ts}; a ts has no '/', so split at the last one.
std::pair<std::string, std::string> SplitReceipt(std::string_view receipt) {
  auto slash = receipt.rfind('/');
  if (slash == std::string_view::npos) return {{}, std::string(receipt)};
  return {std::string(receipt.substr(0, slash)), std::string(receipt.substr(slash + 1))};
}

Delivery TransportFailure(const Error& e) {
  return Delivery::RetryAfter(Duration::zero(), "slack: " + e.message);
}

}  // namespace

SlackChannel::SlackChannel(ChannelOptions options) : options_(std::move(options)) {}

const MessageTemplates& SlackChannel::Wording() const {
  return options_.messages ? *options_.messages : DefaultMessageTemplates();
}

Result<Delivery> SlackChannel::Call(std::string_view method, const std::string& body,
                                    std::string* channel_id) {
  auto response = Post(options_.api_url + "/" + std::string(method),
                       {{"Content-Type", "application/json; charset=utf-8"},
                        {"Authorization", "Bearer " + options_.token}},
                       body, options_.timeout_ms);
  if (!response) {
    if (!response.error().retryable) return Fail(response.error());
    return TransportFailure(response.error());
  }
  Delivery d = WithOwnBackoff(
      ClassifyWebApiResponse(response->status, response->retry_after, response->body), *response);
  if (d.delivered() && channel_id != nullptr) {
    boost::system::error_code ec;
    auto v = boost::json::parse(response->body, ec);
    const boost::json::value* c = !ec && v.is_object() ? v.as_object().if_contains("channel") : nullptr;
    *channel_id = c && c->is_string() ? std::string(c->as_string()) : options_.channel;
  }
  return d;
}

Result<Delivery> SlackChannel::PostWebhook(const Message& message) {
  auto response = Post(options_.webhook_url, {{"Content-Type", "application/json"}},
                       boost::json::serialize(WebhookBody(message)), options_.timeout_ms);
  if (!response) {
    if (!response.error().retryable) {
      return Fail(ErrorCode::kInvalidArgument, "slack: the webhook_url is not a valid URL");
    }
    return TransportFailure(response.error());
  }
  return WithOwnBackoff(
      ClassifyWebhookResponse(response->status, response->retry_after, response->body), *response);
}

Result<Delivery> SlackChannel::PostNew(const std::string& body) {
  std::string channel_id;
  auto posted = Call("chat.postMessage", body, &channel_id);
  if (!posted || !posted->delivered()) return posted;
  return Delivery::Delivered(channel_id + "/" + posted->reference);
}

Result<Delivery> SlackChannel::SendBrief(const HandoffBrief& brief) {
  if (!options_.webhook_url.empty()) {
    if (!brief.slack_user.empty()) {
      return Delivery::Permanent("slack: an incoming webhook cannot send a direct message");
    }
    return PostWebhook(HandoffMessage(brief));
  }
  return PostNew(boost::json::serialize(BriefPostBody(options_.channel, brief)));
}

Result<Delivery> SlackChannel::SendReminder(const Reminder& reminder) {
  if (!options_.webhook_url.empty()) {
    if (!reminder.slack_user.empty()) {
      return Delivery::Permanent("slack: an incoming webhook cannot send a direct message");
    }
    return PostWebhook(ReminderMessage(reminder));
  }
  return PostNew(boost::json::serialize(ReminderPostBody(options_.channel, reminder)));
}

Result<Delivery> SlackChannel::Send(const Notification& n) {
  if (!options_.webhook_url.empty()) return PostWebhook(ThreadMessage(n, Wording()));
  if (n.first_receipt.empty()) {
    return PostNew(
        boost::json::serialize(PostMessageBody(options_.channel, TopMessage(n, Wording()))));
  }
  auto [channel_id, ts] = SplitReceipt(n.first_receipt);
  if (channel_id.empty()) channel_id = options_.channel;
  auto edited =
      Call("chat.update", boost::json::serialize(UpdateBody(channel_id, ts, TopMessage(n, Wording()))),
           nullptr);
  if (!edited || !edited->delivered()) return edited;
  auto reply =
      Call("chat.postMessage",
           boost::json::serialize(PostMessageBody(channel_id, ThreadMessage(n, Wording()), ts)),
           nullptr);
  if (!reply || !reply->delivered()) return reply;
  return Delivery::Delivered(channel_id + "/" + reply->reference);
}

}  // namespace klaxon::notify::slack
