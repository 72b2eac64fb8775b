#pragma once
// The REST client behind every `klaxon` command that talks to a running
// server (incidents, oncall, tokens, postmortem): one request, refusals and
// unreachable servers reported on stderr the same way everywhere.

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace klaxon::cli {

struct ClientOptions {
  std::string server = "http://127.0.0.1:9099";
  std::string token;  // from --token or KLAXON_TOKEN
  bool json = false;  // print the server's JSON instead of a table
};

// exit_code: 0 ok, 1 the server refused (its reason printed, with
// `token_hint` on a 401) or answered something unusable, 3 unreachable.
struct RawAnswer {
  int exit_code = 0;
  std::string body;  // set when exit_code is 0
};
struct Answer {
  int exit_code = 0;
  boost::json::value body;  // set when exit_code is 0
};

inline constexpr std::string_view kTokenHint = "pass --token or set KLAXON_TOKEN";

// `method` `path` (with its query) on c.server, asking for `accept`; a
// non-empty `body` goes as JSON. Marks the request `X-Klaxon-Via: cli`.
RawAnswer CallRaw(const ClientOptions& c, std::string method, std::string path, std::string accept,
                  std::string body = {}, std::string_view token_hint = kTokenHint);
// The same, for a JSON answer.
Answer Call(const ClientOptions& c, std::string method, std::string path, std::string body = {},
            std::string_view token_hint = kTokenHint);

// A field of a JSON answer as text: a string as it is, null or missing as
// "", any other value as its JSON.
std::string Str(const boost::json::value& v, std::string_view key);

// `s` percent-encoded for a path segment or a query value.
std::string Encode(std::string_view s);

}  // namespace klaxon::cli
