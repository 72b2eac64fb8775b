#pragma once
// Private to the config module: "did you mean" suggestions for misspelt keys,
// enum values and ids.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace klaxon::config {

// The candidate closest to `word` by case-insensitive edit distance (adjacent
// swaps count as one edit), when it is close enough to be a plausible typo:
// at most 3 edits and at most half the longer word; nullopt otherwise.
std::optional<std::string> Nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// "; did you mean \"x\"?" for the Nearest candidate, or "" when there is none.
// Candidates are written as they are: pass only keys, enum words and ids.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" (at most `limit` names, then ", ...").
std::string JoinNames(const std::vector<std::string>& names, size_t limit = 12);

}  // namespace klaxon::config
