#include "core/clock.h"

namespace klaxon {

Time SystemClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

ScaledClock::ScaledClock(Time origin, double scale) : origin_(origin), scale_(scale) {}

Time ScaledClock::Now() const {
  auto real = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()) - origin_;
  return origin_ + Duration(static_cast<int64_t>(static_cast<double>(real.count()) * scale_));
}

ManualClock::ManualClock(Time start) : now_(start) {}

Time ManualClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void ManualClock::Advance(Duration d) {
  std::vector<std::function<void()>> observers;
  {
    std::lock_guard lock(mu_);
    now_ += d;
    observers = observers_;
  }
  for (auto& o : observers) o();
}

void ManualClock::Set(Time t) {
  std::vector<std::function<void()>> observers;
  {
    std::lock_guard lock(mu_);
    now_ = t;
    observers = observers_;
  }
  for (auto& o : observers) o();
}

void ManualClock::OnAdvance(std::function<void()> observer) {
  std::lock_guard lock(mu_);
  observers_.push_back(std::move(observer));
}

}  // namespace klaxon
