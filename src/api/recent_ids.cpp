#include "api/recent_ids.h"

namespace klaxon::api {

RecentIds::RecentIds(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

bool RecentIds::Contains(std::string_view id) const {
  std::lock_guard lock(mu_);
  return ids_.contains(std::string(id));
}

bool RecentIds::Insert(std::string_view id) {
  std::lock_guard lock(mu_);
  if (!ids_.emplace(id).second) return false;
  order_.emplace_back(id);
  while (order_.size() > capacity_) {
    ids_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

size_t RecentIds::size() const {
  std::lock_guard lock(mu_);
  return ids_.size();
}

}  // namespace klaxon::api
