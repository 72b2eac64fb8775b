#pragma once
// The stand-in's own reading of Slack's Block Kit rules, written from Slack's
// documentation independently of klaxon's builders (so a builder bug fails a
// test instead of being mirrored here). Covers the blocks klaxon uses
// (header, section, context, actions with buttons, divider) and rejects
// every other block or element type.

#include <optional>
#include <string>

#include <boost/json/value.hpp>

namespace klaxon::standins {

// nullopt if `blocks` is a valid top-level blocks array; otherwise why not
// ("blocks[2].text.text: more than 150 characters").
std::optional<std::string> CheckBlocks(const boost::json::value& blocks);

// Unicode code points of UTF-8 text.
size_t Characters(std::string_view text);

}  // namespace klaxon::standins
