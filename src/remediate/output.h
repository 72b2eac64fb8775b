#pragma once
// Keeps the head and the tail of a stream of output, each at most `limit`
// bytes, so a chatty process costs bounded memory and the timeline shows how
// it started and how it ended. Not thread-safe; one owner.

#include <cstddef>
#include <string>
#include <string_view>

namespace klaxon::remediate {

class OutputCapture {
 public:
  explicit OutputCapture(size_t limit) : limit_(limit) {}
  void Append(std::string_view bytes);
  // The first `limit` bytes.
  const std::string& head() const { return head_; }
  // The last `limit` bytes after the head (empty when everything fit in it).
  std::string tail() const;
  size_t total() const { return total_; }
  // Bytes seen but kept in neither head nor tail.
  size_t dropped() const;

 private:
  size_t limit_;
  std::string head_;
  std::string ring_;  // tail window, unordered while wrapped
  size_t ring_pos_ = 0;
  size_t total_ = 0;
};

}  // namespace klaxon::remediate
