#pragma once
// Text helpers shared by the integrations: length limits counted in Unicode
// code points (as Slack and PagerDuty count characters) and secret redaction.
// Pure, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace klaxon::notify {

// The ellipsis appended to truncated text: U+2026, one character.
inline constexpr std::string_view kEllipsis = "\u2026";

// Number of code points of UTF-8 text (bytes that are not continuation bytes).
size_t CodePoints(std::string_view text);

// `text` unchanged if it has at most `max_chars` code points; otherwise its
// first max_chars-1 code points followed by kEllipsis. Never splits a UTF-8
// sequence and never splits an HTML entity (&amp; &lt; &gt;) that Slack
// escaping produced. max_chars == 0 gives "".
std::string Truncate(std::string_view text, size_t max_chars);

// `text` with every occurrence of `secret` replaced by "[redacted]" (no-op
// for an empty secret). For upstream error texts that might echo a key.
std::string Redact(std::string_view text, std::string_view secret);

}  // namespace klaxon::notify
