#include "config/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace klaxon::config {

std::string Diagnostic::ToString() const {
  if (line <= 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

void Diagnostics::Add(const Origin& at, std::string message) {
  if (items_.size() >= kLimit) {
    if (!truncated_) {
      truncated_ = true;
      items_.push_back(Diagnostic{at.file, 0, 0,
                                  fmt::format("too many problems; stopped after {}", kLimit)});
    }
    return;
  }
  items_.push_back(Diagnostic{at.file, at.line, at.column, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::Sorted(const std::vector<std::string>& file_order) const {
  auto rank = [&](const std::string& file) {
    auto it = std::find(file_order.begin(), file_order.end(), file);
    return static_cast<size_t>(it - file_order.begin());
  };
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    size_t ra = rank(a.file), rb = rank(b.file);
    if (ra != rb) return ra < rb;
    // Position-less notes (line 0) sort after the positioned ones of their file.
    int la = a.line > 0 ? a.line : INT32_MAX, lb = b.line > 0 ? b.line : INT32_MAX;
    if (la != lb) return la < lb;
    return a.column < b.column;
  });
  return out;
}

}  // namespace klaxon::config
