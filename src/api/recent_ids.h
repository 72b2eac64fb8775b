#pragma once
// A bounded set of recently seen delivery ids (PagerDuty's X-Webhook-Id), to
// drop redelivered webhooks. Holds at most `capacity` ids; the oldest is
// forgotten first. Thread-safe.
//
// Dropping duplicates here is an optimisation, not the guarantee: an id
// forgotten (or a delivery racing its duplicate) still reaches the engine,
// whose acknowledge and resolve are idempotent.

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace klaxon::api {

class RecentIds {
 public:
  explicit RecentIds(size_t capacity);

  bool Contains(std::string_view id) const;
  // Remembers `id`; returns false if it was already there.
  bool Insert(std::string_view id);
  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_set<std::string> ids_;  // guarded by mu_
  std::deque<std::string> order_;        // guarded by mu_; oldest first
};

}  // namespace klaxon::api
