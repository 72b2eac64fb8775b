#include "config/nearest.h"

#include <algorithm>
#include <cctype>

namespace klaxon::config {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of adjacent characters each cost 1 ("exce" is 1 from "exec").
size_t EditDistance(std::string_view a, std::string_view b) {
  auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> Nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  if (word.size() > 64) return std::nullopt;  // not a typo; skip the quadratic work
  std::optional<std::string> best;
  size_t best_distance = 4;
  for (const auto& c : candidates) {
    if (c.size() > 64) continue;
    size_t d = EditDistance(word, c);
    if (d < best_distance && d * 2 <= std::max(word.size(), c.size())) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  auto near = Nearest(word, candidates);
  return near ? "; did you mean \"" + *near + "\"?" : std::string();
}

std::string JoinNames(const std::vector<std::string>& names, size_t limit) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i == limit) return out + ", ...";
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace klaxon::config
