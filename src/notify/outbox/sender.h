#pragma once
// The notification sender: delivers the outbox's pending rows through their
// channels and records every attempt (docs/notifications.md).
//
// Per channel, one loop: read the due rows of that channel (its own short
// unit of work), wait until everything committed so far is durable
// (Store::WhenDurable: a row is never sent on the strength of a commit that
// could still vanish), send the rows, and record each result, with a timeline
// line on the incident, in one short unit of work per attempt. Channels have
// a loop each, so a slow or failing receiver only delays its own rows.
//
// Within a channel, up to SenderOptions::concurrency rows are in flight at
// once (the loop's thread and a team of helpers, which keep their HTTP
// connections open between requests). Those rows are always of different
// incidents: the store hands out only the oldest pending row of each incident
// and channel (UnitOfWork::DueNotifications), and the next one only after
// that one's attempt is recorded, so an incident's messages still go out one
// at a time and in order (a Slack update needs the top message's receipt).
//
// Rows about no incident (incident_id 0: handoff briefs, notify/brief.h) wait
// for no other row (each is a message of its own, so several may be in
// flight together), go through Channel::SendBrief and are reported in the
// log, not on a timeline.
//
// A row is marked delivered only after the receiver accepted it; a crash in
// between leaves it pending and it is sent again after the restart (at least
// once; receivers dedupe by idempotency key, PagerDuty by dedup_key).
//
// Time and randomness are injected. Threading: Wake() and Stop() are
// thread-safe; RunPending() must not be used while Start()ed.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "metrics/metrics.h"
#include "notify/channel.h"
#include "notify/outbox/decide.h"
#include "notify/outbox/team.h"
#include "store/store.h"

namespace klaxon::notify::outbox {

struct SenderChannel {
  std::string id;             // configured channel id, as stored in outbox rows
  std::string display;        // for timeline lines: "Slack #incidents", "PagerDuty"
  Channel* channel = nullptr;  // required; must outlive the sender
  RetryPolicy retry;
};

struct SenderOptions {
  store::Store* store = nullptr;          // required; must outlive the sender
  const Clock* clock = nullptr;           // required; must outlive the sender
  metrics::Registry* metrics = nullptr;   // optional; must outlive the sender
  std::vector<SenderChannel> channels;
  // Uniform in [0, 1), for the backoff's jitter; default: a seeded PRNG.
  // Called from the channel threads one at a time (the sender serialises it).
  std::function<double()> random;
  int batch = 128;                               // rows read per pass
  int concurrency = 8;                           // rows in flight per channel (>= 1)
  Duration idle_poll{std::chrono::seconds(5)};   // longest sleep between checks
};

class Sender {
 public:
  explicit Sender(SenderOptions options);
  ~Sender();  // Stop()
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  void Start();
  // Joins the threads. An attempt in flight finishes (bounded by the
  // channel's HTTP timeout) and is recorded.
  void Stop();
  // New rows may be due (the engine committed some) or the clock moved.
  void Wake();

  // Tests and drills: one pass over every channel on the calling thread,
  // sending every row due now (each at most once per call).
  Status RunPending();

 private:
  struct Meters;
  Status DeliverDue(size_t index);
  Status Attempt(const SenderChannel& channel, const store::OutboxEntry& row);
  Status WaitDurable();
  double Draw();
  void Loop(size_t index);

  SenderOptions opt_;
  std::unique_ptr<Meters> meters_;
  std::vector<std::unique_ptr<Team>> teams_;  // one per channel, same order; used by its loop only
  std::mutex random_mu_;  // guards opt_.random and the default generator

  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t wakes_ = 0;  // guarded by mu_: bumped by Wake()
  bool stop_ = false;   // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace klaxon::notify::outbox
