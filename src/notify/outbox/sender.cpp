#include "notify/outbox/sender.h"

#include <algorithm>
#include <future>
#include <random>
#include <set>

#include "core/log.h"
#include "notify/brief.h"
#include "notify/payload.h"

namespace klaxon::notify::outbox {

struct Sender::Meters {
  metrics::Family<metrics::Counter>* total = nullptr;
  metrics::Family<metrics::Histogram>* send_delay = nullptr;
};

Sender::Sender(SenderOptions options) : opt_(std::move(options)), meters_(std::make_unique<Meters>()) {
  for (size_t i = 0; i < opt_.channels.size(); ++i) {
    teams_.push_back(std::make_unique<Team>(std::max(1, opt_.concurrency)));
  }
  if (!opt_.random) {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    opt_.random = [engine] { return std::uniform_real_distribution<double>(0, 1)(*engine); };
  }
  if (opt_.metrics) {
    meters_->total = &opt_.metrics->AddCounter(
        "klaxon_notifications_total", "Notification delivery attempts, by channel and result.",
        {"channel", "result"});
    meters_->send_delay = &opt_.metrics->AddHistogram(
        "klaxon_notification_send_delay_seconds",
        "From the change that enqueued a notification to the start of its first attempt, by channel.",
        {0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1,
         2.5, 5, 10, 30, 60},
        {"channel"});
    store::Store* store = opt_.store;
    opt_.metrics->AddCollector(
        "klaxon_notifications_failed", "Notifications that failed for good.", {}, [store] {
          std::vector<std::pair<std::vector<std::string>, double>> out;
          if (auto n = store->CountFailedNotifications()) {
            out.push_back({{}, static_cast<double>(*n)});
          }
          return out;
        });
  }
}

Sender::~Sender() { Stop(); }

void Sender::Start() {
  std::lock_guard lock(mu_);
  if (!threads_.empty()) return;
  stop_ = false;
  for (size_t i = 0; i < opt_.channels.size(); ++i) threads_.emplace_back([this, i] { Loop(i); });
}

void Sender::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void Sender::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wakes_;
  }
  cv_.notify_all();
}

Status Sender::RunPending() {
  Status first;
  for (size_t i = 0; i < opt_.channels.size(); ++i) {
    if (auto st = DeliverDue(i); !st && first) first = st;
  }
  return first;
}

double Sender::Draw() {
  std::lock_guard lock(random_mu_);
  return opt_.random();
}

void Sender::Loop(size_t index) {
  const SenderChannel& channel = opt_.channels[index];
  uint64_t seen = 0;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      seen = wakes_;
    }
    if (auto st = DeliverDue(index); !st) {
      log::Warn("notifications: channel {}: {}", channel.id, st.error().message);
    }
    Duration wait = opt_.idle_poll;
    if (auto next = opt_.store->NextNotificationDue(channel.id); next && *next) {
      wait = std::clamp(std::chrono::duration_cast<Duration>(**next - opt_.clock->Now()),
                        Duration::zero(), opt_.idle_poll);
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [&] { return stop_ || wakes_ != seen; });
    if (stop_) return;
  }
}

Status Sender::WaitDurable() {
  auto done = std::make_shared<std::promise<Status>>();
  auto durable = done->get_future();
  opt_.store->WhenDurable([done](Status st) { done->set_value(st); });
  return durable.get();
}

Status Sender::DeliverDue(size_t index) {
  const SenderChannel& channel = opt_.channels[index];
  std::set<int64_t> attempted;  // each row at most once per call
  while (true) {
    std::vector<store::OutboxEntry> due;
    {
      auto uow = opt_.store->Begin();
      if (!uow) return Fail(uow.error());
      int limit = opt_.batch + static_cast<int>(attempted.size());
      auto rows = (*uow)->DueNotifications(channel.id, opt_.clock->Now(), limit);
      if (!rows) return Fail(rows.error());
      for (auto& r : *rows) {
        if (!attempted.contains(r.id)) due.push_back(std::move(r));
      }
    }  // dropped: the read-only unit of work rolls back
    if (due.empty()) return {};
    // Everything read above was committed before this call: once it answers,
    // those rows (and the incident changes that created them) are durable.
    if (auto st = WaitDurable(); !st) return st;
    // The rows are of different incidents (see the header): send them at once.
    std::vector<Status> results(due.size());
    teams_[index]->ForEach(due.size(), [&](size_t i) { results[i] = Attempt(channel, due[i]); });
    for (size_t i = 0; i < due.size(); ++i) {
      attempted.insert(due[i].id);
      if (!results[i]) return results[i];
    }
  }
}

Status Sender::Attempt(const SenderChannel& channel, const store::OutboxEntry& row) {
  Result<Delivery> sent = Fail(ErrorCode::kInternal, "not sent");
  if (row.event == kHandoffEvent) {
    auto brief = DecodeBrief(row.payload);
    // Undecodable: not retryable, the row can never be sent.
    sent = brief ? channel.channel->SendBrief(*brief) : Result<Delivery>(Fail(brief.error()));
  } else if (row.event == kReminderEvent) {
    auto reminder = DecodeReminder(row.payload);
    sent = reminder ? channel.channel->SendReminder(*reminder)
                    : Result<Delivery>(Fail(reminder.error()));
  } else if (auto decoded = DecodePayload(row.payload); !decoded) {
    sent = Fail(decoded.error());  // not retryable: the row can never be sent
  } else {
    auto receipt = opt_.store->FirstReceipt(row.incident_id, channel.id);
    if (!receipt) return Fail(receipt.error());
    decoded->first_receipt = std::move(*receipt);
    if (row.attempts == 0 && meters_->send_delay) {
      meters_->send_delay->With({channel.id})
          .Observe(std::max(0.0, std::chrono::duration<double>(opt_.clock->Now() - row.created_at).count()));
    }
    sent = channel.channel->Send(*decoded);
  }
  Decision d = Decide(row, sent, channel.retry, opt_.clock->Now(), Draw(), channel.display,
                      channel.channel->Name());
  auto uow = opt_.store->Begin();
  if (!uow) return Fail(uow.error());
  if (auto st = (*uow)->RecordAttempt(d.attempt); !st) {
    if (st.error().code == ErrorCode::kConflict) return {};  // someone else recorded it
    return st;
  }
  // A row about an incident reports on its timeline; one about none (a
  // handoff brief) in the log, delivered or not.
  bool incident = row.incident_id != 0;
  if (incident) {
    if (auto st = (*uow)->AppendTimeline(d.line); !st) return st;
  }
  if (auto st = (*uow)->Commit(); !st) return st;
  if (meters_->total) meters_->total->With({channel.id, d.result}).Inc();
  if (!incident) {
    log::Info("notifications: {} {}: {}", row.event, row.idempotency_key, d.line.text);
  } else if (d.result != "delivered") {
    log::Info("notifications: {}", d.line.text);
  }
  return {};
}

}  // namespace klaxon::notify::outbox
