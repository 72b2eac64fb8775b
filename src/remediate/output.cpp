#include "remediate/output.h"

#include <algorithm>

namespace klaxon::remediate {

void OutputCapture::Append(std::string_view bytes) {
  total_ += bytes.size();
  if (head_.size() < limit_) {
    size_t take = std::min(limit_ - head_.size(), bytes.size());
    head_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
  }
  if (limit_ == 0) return;
  for (char c : bytes) {
    if (ring_.size() < limit_) {
      ring_.push_back(c);
    } else {
      ring_[ring_pos_] = c;
      ring_pos_ = (ring_pos_ + 1) % limit_;
    }
  }
}

std::string OutputCapture::tail() const {
  if (ring_.size() < limit_) return ring_;
  return ring_.substr(ring_pos_) + ring_.substr(0, ring_pos_);
}

size_t OutputCapture::dropped() const { return total_ - head_.size() - ring_.size(); }

}  // namespace klaxon::remediate
