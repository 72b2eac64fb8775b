#pragma once
// Posts answers to Slack interactions (response_url) off the HTTP workers.
//
// Why a small in-memory sender and not the durable outbox: an answer to a
// click is a private note to the one person who clicked, worth something
// only for minutes, bound to a URL Slack honours for 30 minutes and 5 posts.
// What matters durably (the change itself, the incident message edited in
// place, the thread reply) already goes through the outbox with the change.
// Refusals (unknown user, role too low) change no incident, so there is no
// transaction for an outbox row to ride on; and a response_url is a bearer
// capability that is better never written to disk. So answers are queued in
// memory, sent by one thread in arrival order, retried on 429/5xx/transport
// errors with exponential backoff (honouring Retry-After) until they are
// delivered, rejected, out of attempts or past the URL's validity. A restart
// loses the answers still queued, never a change.
//
// Every URL is checked against the ResponseUrlPolicy before it is queued:
// klaxon never posts to a URL that is not Slack's (response_url.h).
//
// Threading: Send, Start and Stop are thread-safe; Send never blocks on the
// network. Errors and logs name the URL's host at most, never its path.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "metrics/metrics.h"
#include "notify/post.h"
#include "notify/slack/response_url.h"

namespace klaxon::notify::slack {

struct ResponderOptions {
  ResponseUrlPolicy policy;
  // Real time: a response_url expires kResponseUrlValidity after the
  // interaction, whatever a simulated incident clock says. Required; must
  // outlive the responder.
  const Clock* clock = nullptr;
  // One POST of a JSON body; default: notify::Post with `timeout`.
  std::function<Result<PostResponse>(const std::string& url, const std::string& body)> post;
  metrics::Registry* metrics = nullptr;  // optional; must outlive the responder
  size_t max_queued = 1000;              // beyond this Send refuses (kOverloaded)
  int max_attempts = kResponseUrlUses;   // a 5xx may still have used one of Slack's 5 posts
  Duration first_retry{std::chrono::seconds(1)};
  Duration max_retry{std::chrono::seconds(30)};
  int timeout_ms = 5000;  // per attempt
};

class Responder {
 public:
  explicit Responder(ResponderOptions options);
  ~Responder();  // Stop()
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;

  // Checks `response_url` against the policy (kInvalidArgument: nothing is
  // queued) and queues `message` for it (kOverloaded when the queue is full).
  // Valid from before Start() until after Stop(); answers queued while the
  // responder is stopped wait for the next Start().
  Status Send(std::string response_url, ResponseMessage message);

  void Start();
  // Joins the thread; an attempt in flight finishes (bounded by
  // timeout_ms). What is still queued is dropped and logged.
  void Stop();

  // The policy Send applies, for callers that want to refuse a request
  // before acting on it.
  const ResponseUrlPolicy& policy() const { return opt_.policy; }

 private:
  struct Pending {
    std::string url;
    std::string host;  // for logs
    std::string body;
    Time expires;
    int attempts = 0;
    std::chrono::steady_clock::time_point not_before;
  };
  struct Meters;
  void Loop();
  // One attempt; returns the wait before the next one, or nullopt when done.
  std::optional<Duration> Attempt(Pending& p);
  void Count(std::string_view result);

  ResponderOptions opt_;
  std::unique_ptr<Meters> meters_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;  // guarded by mu_; arrival order
  bool stop_ = false;          // guarded by mu_
  std::thread thread_;         // started and joined under start_mu_
  std::mutex start_mu_;
};

}  // namespace klaxon::notify::slack
