#pragma once
// Reading fields out of JSON that arrived from outside (Slack interaction
// payloads, PagerDuty webhooks): missing or mistyped fields read as empty
// instead of throwing. Pure, thread-safe.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace klaxon::notify {

// The string at v[k1][k2]...; "" when any step is missing or not an object,
// or the last value is not a string.
std::string StringAt(const boost::json::value& v, std::initializer_list<std::string_view> path);

// o[key] as a string; "" when it is missing or not a string.
std::string StringField(const boost::json::object& o, std::string_view key);
// o[key] as an integer; 0 when it is missing or not a signed integer.
int64_t IntField(const boost::json::object& o, std::string_view key);

}  // namespace klaxon::notify
