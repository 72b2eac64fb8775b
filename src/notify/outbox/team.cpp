#include "notify/outbox/team.h"

#include "core/thread_name.h"

namespace klaxon::notify::outbox {

Team::Team(int size) {
  for (int i = 1; i < size; ++i) {
    threads_.emplace_back([this] {
      NameThisThread("klaxon-send");
      Member();
    });
  }
}

Team::~Team() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& t : threads_) t.join();
}

void Team::ForEach(size_t n, const std::function<void(size_t)>& work) {
  if (n == 0) return;
  std::unique_lock lock(mu_);
  work_ = &work;
  n_ = n;
  next_ = 0;
  ++job_;
  if (!threads_.empty() && n > 1) start_.notify_all();
  TakeShare(lock);
  done_.wait(lock, [this] { return next_ >= n_ && active_ == 0; });
  work_ = nullptr;
}

void Team::TakeShare(std::unique_lock<std::mutex>& lock) {
  while (work_ != nullptr && next_ < n_) {
    const size_t i = next_++;
    ++active_;
    const auto* work = work_;
    lock.unlock();
    (*work)(i);
    lock.lock();
    --active_;
  }
  if (active_ == 0) done_.notify_all();
}

void Team::Member() {
  uint64_t seen = 0;
  std::unique_lock lock(mu_);
  while (true) {
    start_.wait(lock, [&] { return stop_ || job_ != seen; });
    if (stop_) return;
    seen = job_;
    TakeShare(lock);
  }
}

}  // namespace klaxon::notify::outbox
