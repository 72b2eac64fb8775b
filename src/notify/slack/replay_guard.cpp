#include "notify/slack/replay_guard.h"

#include <cctype>

namespace klaxon::notify::slack {

ReplayGuard::ReplayGuard(Duration window, size_t capacity)
    : window_(window), capacity_(capacity == 0 ? 1 : capacity) {}

bool ReplayGuard::FirstSeen(std::string_view signature, Time signed_at, Time now) {
  std::string key(signature);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::lock_guard lock(mu_);
  while (!expiries_.empty() && expiries_.begin()->first < now) {
    seen_.erase(expiries_.begin()->second);
    expiries_.erase(expiries_.begin());
  }
  if (seen_.contains(key)) return false;
  while (seen_.size() >= capacity_) {
    seen_.erase(expiries_.begin()->second);
    expiries_.erase(expiries_.begin());
  }
  const Time expiry = signed_at + window_;
  seen_.emplace(key, expiry);
  expiries_.emplace(expiry, std::move(key));
  return true;
}

size_t ReplayGuard::size() const {
  std::lock_guard lock(mu_);
  return seen_.size();
}

}  // namespace klaxon::notify::slack
