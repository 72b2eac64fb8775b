#pragma once
// Private to the config module: the sink every loader stage reports into.

#include <cstddef>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/loader.h"

namespace klaxon::config {

// Collects diagnostics in discovery order. Stops recording after kLimit (a
// garbage file would otherwise produce one message per token) and says so.
// Not thread-safe; one per load.
class Diagnostics {
 public:
  static constexpr size_t kLimit = 500;

  void Add(const Origin& at, std::string message);
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }

  // The diagnostics ordered by file (in `file_order`, unknown files last),
  // then line and column; ties keep discovery order.
  std::vector<Diagnostic> Sorted(const std::vector<std::string>& file_order) const;

 private:
  std::vector<Diagnostic> items_;
  bool truncated_ = false;
};

}  // namespace klaxon::config
