#pragma once
// Small text helpers used across modules. Pure, thread-safe.

#include <string_view>

namespace klaxon {

// `s` without the leading and trailing characters found in `chars`
// (by default ASCII whitespace: space, tab, CR, LF). A view into `s`.
std::string_view Trim(std::string_view s, std::string_view chars = " \t\r\n");

}  // namespace klaxon
