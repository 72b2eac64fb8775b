#include "drill/capture.h"

#include <fmt/format.h>

#include "notify/pagerduty/events.h"
#include "notify/slack/brief.h"
#include "notify/slack/messages.h"

namespace klaxon::drill {

void Captured::Add(Entry e) {
  std::lock_guard lock(mu_);
  entries_.push_back(std::move(e));
}

std::vector<Entry> Captured::Take() {
  std::lock_guard lock(mu_);
  return std::exchange(entries_, {});
}

std::string OneLine(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty()) {
      if (!out.empty()) out += " · ";
      out += line;
    }
    start = end + 1;
  }
  // Slack's escapes of its control characters, undone for reading.
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"&lt;", "<"},
                          {"&gt;", ">"},
                          {"&amp;", "&"}}) {
    for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
      out.replace(at, from.size(), to);
    }
  }
  return out;
}

CapturingChannel::CapturingChannel(const config::NotificationChannel& channel, const Clock& clock,
                                   Captured& sink,
                                   std::shared_ptr<const notify::MessageTemplates> wording)
    : channel_(channel), clock_(clock), sink_(sink), wording_(std::move(wording)) {}

std::string CapturingChannel::Label(const config::NotificationChannel& c) {
  if (c.type == "slack") return c.channel.empty() ? "slack " + c.id : "slack " + c.channel;
  if (c.type == "pagerduty") return "pagerduty";
  return c.type + " " + c.id;
}

Result<notify::Delivery> CapturingChannel::Record(std::string text) {
  Entry e;
  e.kind = Entry::Kind::kNotify;
  e.at = clock_.Now();
  e.channel = channel_.id;
  e.text = std::move(text);
  sink_.Add(std::move(e));
  std::lock_guard lock(mu_);
  return notify::Delivery::Delivered(fmt::format("drill/{}", ++sent_));
}

Result<notify::Delivery> CapturingChannel::Send(const notify::Notification& n) {
  std::string label = Label(channel_);
  if (channel_.type == "slack") {
    // As notify/slack/channel.cpp sends it: the first message of an incident
    // is the top message; later events edit it and reply in its thread.
    bool first = n.first_receipt.empty() || !channel_.webhook_url.empty();
    auto m = first && channel_.webhook_url.empty() ? notify::slack::TopMessage(n, *wording_)
                                                   : notify::slack::ThreadMessage(n, *wording_);
    return Record(fmt::format("notify {}{}: {}", label, first ? "" : " (thread)", OneLine(m.text)));
  }
  if (channel_.type == "pagerduty") {
    notify::pagerduty::EventOptions o;  // the routing key is never shown
    o.messages = wording_;
    auto event = notify::pagerduty::EventFor(o, n);
    std::string action(event.at("event_action").as_string());
    std::string summary;
    if (const auto* p = event.if_contains("payload"); p && p->is_object()) {
      if (const auto* s = p->as_object().if_contains("summary"); s && s->is_string()) {
        summary = std::string(s->as_string());
      }
    }
    return Record(fmt::format("notify {} {} {}{}", label, action, n.incident_ref,
                              summary.empty() ? "" : ": " + summary));
  }
  return Record(fmt::format("notify {}: {} {}", label, notify::ToString(n.event), n.incident_ref));
}

Result<notify::Delivery> CapturingChannel::SendBrief(const notify::HandoffBrief& brief) {
  std::string to = brief.slack_user.empty() ? Label(channel_) : "slack DM " + brief.slack_user;
  if (channel_.type == "slack") {
    return Record(fmt::format("notify {}: {}", to,
                              OneLine(notify::slack::HandoffMessage(brief).text)));
  }
  return Record(fmt::format("notify {}: handoff of {} to {}", to, brief.schedule_id,
                            brief.incoming.id.empty() ? "nobody" : brief.incoming.id));
}

Result<notify::Delivery> CapturingChannel::SendReminder(const notify::Reminder& reminder) {
  std::string to = reminder.slack_user.empty() ? Label(channel_) : "slack DM " + reminder.slack_user;
  return Record(fmt::format("notify {}: {}", to, OneLine(reminder.text)));
}

}  // namespace klaxon::drill
