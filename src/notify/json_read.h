#pragma once
// Reading fields out of JSON that arrived from outside (Slack interaction
// payloads, PagerDuty webhooks): missing or mistyped fields read as empty
// instead of throwing. Pure, thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace klaxon::notify {

// The string at v[k1][k2]...; "" when any step is missing or not an object,
// or the last value is not a string.
std::string StringAt(const boost::json::value& v, std::initializer_list<std::string_view> path);

}  // namespace klaxon::notify
