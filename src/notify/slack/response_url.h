#pragma once
// Answering an interaction through its `response_url`: which URLs klaxon
// will post to, and what it posts. Pure; thread-safe.
//
// A response_url arrives inside a signed request, but klaxon still treats it
// as untrusted: it posts only to Slack (https://hooks.slack.com, port 443)
// or to the origin (scheme, host, port) of a configured Slack Web API base
// (`api_url`, which points at a stand-in in tests and demos). Anything else,
// including URLs with user info, is refused before any request is made, so a
// forged or leaked signing secret cannot turn klaxon into a proxy.
//
// A response_url is a bearer capability (anyone holding it may post into the
// conversation for 30 minutes): errors name its host, never its path.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "notify/channel.h"

namespace klaxon::notify::slack {

// Slack's own host for response URLs.
inline constexpr std::string_view kResponseHost = "hooks.slack.com";
// How long Slack honours a response_url, and how many posts it takes.
inline constexpr Duration kResponseUrlValidity = std::chrono::minutes(30);
inline constexpr int kResponseUrlUses = 5;

class ResponseUrlPolicy {
 public:
  // Allows https://hooks.slack.com and the origin of each of `api_urls`
  // (e.g. "https://slack.com/api" allows https://slack.com:443). Entries that
  // are not absolute http(s) URLs are ignored.
  explicit ResponseUrlPolicy(const std::vector<std::string>& api_urls = {});

  // Ok if klaxon may post to `url`; else kInvalidArgument saying why (names
  // the host at most).
  Status Check(std::string_view url) const;

  // The allowed origins, "https://hooks.slack.com:443", ... (for logs).
  const std::vector<std::string>& origins() const { return origins_; }

 private:
  std::vector<std::string> origins_;
};

// The host of `url` quoted for logs and errors ("'hooks.slack.com'"), at
// most 64 printable characters; "''" when it has none.
std::string QuoteHost(std::string_view url);

// What to post to a response_url.
struct ResponseMessage {
  std::string text;               // plain text; mrkdwn control characters are escaped
  bool ephemeral = true;          // response_type "ephemeral" (only the clicker sees it), else "in_channel"
  bool replace_original = false;  // replace the message the button was on
};

// {"response_type":"ephemeral","text":...} (+ "replace_original":true).
std::string ResponseBody(const ResponseMessage& message);

// How a response_url answered: 2xx delivered; 408, 425, 429 and 5xx retry
// (honouring Retry-After); anything else (expired_url, used_url,
// invalid_payload, ...) is permanent, quoting Slack's short error body.
Delivery ClassifyResponseUrlAnswer(int status, std::optional<std::string_view> retry_after,
                                   std::string_view body);

}  // namespace klaxon::notify::slack
