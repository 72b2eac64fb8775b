#include "notify/slack/responder.h"

#include <algorithm>

#include "core/log.h"

namespace klaxon::notify::slack {

struct Responder::Meters {
  metrics::Family<metrics::Counter>* total = nullptr;
};

Responder::Responder(ResponderOptions options)
    : opt_(std::move(options)), meters_(std::make_unique<Meters>()) {
  if (!opt_.post) {
    int timeout_ms = opt_.timeout_ms;
    opt_.post = [timeout_ms](const std::string& url, const std::string& body) {
      return notify::Post(url, {{"Content-Type", "application/json; charset=utf-8"}}, body,
                          timeout_ms);
    };
  }
  opt_.max_attempts = std::max(1, opt_.max_attempts);
  if (opt_.metrics) {
    meters_->total = &opt_.metrics->AddCounter(
        "klaxon_slack_responses_total",
        "Answers to Slack interactions posted to their response_url, by result "
        "(delivered, retry, failed, dropped).",
        {"result"});
  }
}

Responder::~Responder() { Stop(); }

void Responder::Count(std::string_view result) {
  if (meters_->total) meters_->total->With({std::string(result)}).Inc();
}

Status Responder::Send(std::string response_url, ResponseMessage message) {
  if (auto ok = opt_.policy.Check(response_url); !ok) return ok;
  Pending p;
  p.host = QuoteHost(response_url);
  p.url = std::move(response_url);
  p.body = ResponseBody(message);
  p.expires = opt_.clock->Now() + kResponseUrlValidity;
  p.not_before = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= opt_.max_queued) {
      Count("dropped");
      return Fail(ErrorCode::kOverloaded, "too many Slack answers queued");
    }
    queue_.push_back(std::move(p));
  }
  cv_.notify_all();
  return {};
}

void Responder::Start() {
  std::lock_guard start(start_mu_);
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void Responder::Stop() {
  std::lock_guard start(start_mu_);
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  size_t dropped = 0;
  {
    std::lock_guard lock(mu_);
    dropped = queue_.size();
    queue_.clear();
  }
  if (dropped > 0) {
    log::Warn("slack: {} answer(s) to interactions not sent before stopping", dropped);
    for (size_t i = 0; i < dropped; ++i) Count("dropped");
  }
}

void Responder::Loop() {
  while (true) {
    Pending p;
    {
      std::unique_lock lock(mu_);
      while (true) {
        if (stop_) return;
        auto due = std::min_element(queue_.begin(), queue_.end(), [](const Pending& a, const Pending& b) {
          return a.not_before < b.not_before;
        });
        if (due != queue_.end() && due->not_before <= std::chrono::steady_clock::now()) {
          p = std::move(*due);
          queue_.erase(due);
          break;
        }
        if (due == queue_.end()) {
          cv_.wait(lock);
        } else {
          cv_.wait_until(lock, due->not_before);
        }
      }
    }
    auto wait = Attempt(p);
    if (!wait) continue;
    p.not_before = std::chrono::steady_clock::now() + *wait;
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(p));
    }
  }
}

std::optional<Duration> Responder::Attempt(Pending& p) {
  if (opt_.clock->Now() >= p.expires) {
    log::Warn("slack: answer to {} dropped: its response_url expired", p.host);
    Count("failed");
    return std::nullopt;
  }
  ++p.attempts;
  Delivery d;
  if (auto response = opt_.post(p.url, p.body); !response) {
    d = response.error().retryable ? Delivery::RetryAfter(Duration::zero(), response.error().message)
                                   : Delivery::Permanent(response.error().message);
  } else {
    d = ClassifyResponseUrlAnswer(response->status, response->retry_after, response->body);
  }
  if (d.delivered()) {
    Count("delivered");
    return std::nullopt;
  }
  if (d.outcome == Delivery::Outcome::kRetryAfter && p.attempts < opt_.max_attempts) {
    // Exponential backoff from first_retry, capped, and never sooner than
    // the receiver asked.
    Duration backoff = opt_.first_retry;
    for (int i = 1; i < p.attempts && backoff < opt_.max_retry; ++i) backoff *= 2;
    backoff = std::max(std::min(backoff, opt_.max_retry), d.retry_after);
    if (opt_.clock->Now() + backoff < p.expires) {
      Count("retry");
      return backoff;
    }
  }
  log::Warn("slack: answer to {} not delivered after {} attempt(s): {}", p.host, p.attempts,
            d.reason);
  Count("failed");
  return std::nullopt;
}

}  // namespace klaxon::notify::slack
