#include "remediate/workers.h"

#include "core/thread_name.h"

namespace klaxon::remediate {

Workers::Workers(int threads, Done done, std::function<StepResult(const Job&)> run)
    : done_(std::move(done)), run_(std::move(run)) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    threads_.emplace_back([this] {
      NameThisThread("klaxon-remediate");
      Loop();
    });
  }
}

Workers::~Workers() { Stop(); }

void Workers::Submit(Job job) {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void Workers::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void Workers::Loop() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    done_(run_(job));
  }
}

}  // namespace klaxon::remediate
