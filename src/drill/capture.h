#pragma once
// A notify::Channel that sends nothing: it renders what the configured
// channel would send (with that integration's own message builders: the
// Slack text, the PagerDuty event, the webhook event) and records it as a
// drill entry, then answers "delivered" so the outbox goes on exactly as it
// would after a real delivery (later Slack events thread under the first).
// No network, no process, no file: the drill's only outbound effect is its
// report.
//
// Thread-safe (the outbox may send from several threads); entries are kept in
// the order Send was called.

#include <memory>
#include <mutex>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "drill/report.h"
#include "notify/channel.h"

namespace klaxon::drill {

// Where captured entries go; shared by every capturing channel of one drill.
class Captured {
 public:
  void Add(Entry e);
  std::vector<Entry> Take();

 private:
  std::mutex mu_;
  std::vector<Entry> entries_;  // guarded by mu_
};

class CapturingChannel final : public notify::Channel {
 public:
  // `channel`, `clock` and `sink` must outlive this. Messages are rendered
  // with `wording`, as the real channels render them (config::Config::Wording).
  CapturingChannel(const config::NotificationChannel& channel, const Clock& clock, Captured& sink,
                   std::shared_ptr<const notify::MessageTemplates> wording);

  std::string_view Name() const override { return "drill"; }
  Result<notify::Delivery> Send(const notify::Notification& n) override;
  Result<notify::Delivery> SendBrief(const notify::HandoffBrief& brief) override;
  Result<notify::Delivery> SendReminder(const notify::Reminder& reminder) override;

  // "slack #incidents", "pagerduty", "webhook ops-hook".
  static std::string Label(const config::NotificationChannel& channel);

 private:
  Result<notify::Delivery> Record(std::string text);

  const config::NotificationChannel& channel_;
  const Clock& clock_;
  Captured& sink_;
  std::shared_ptr<const notify::MessageTemplates> wording_;
  std::mutex mu_;
  int sent_ = 0;  // guarded by mu_; numbers the receipts
};

// Several lines as one: "a\nb\n\nc" -> "a · b · c".
std::string OneLine(std::string_view text);

}  // namespace klaxon::drill
