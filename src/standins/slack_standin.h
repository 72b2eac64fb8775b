#pragma once
// A Slack stand-in: a real HTTP server on 127.0.0.1 that answers like Slack
// for the calls klaxon makes, and records what it accepted.
//
//   POST /api/chat.postMessage   Authorization: Bearer <bot_token>, JSON body
//   POST /api/chat.update        same
//   POST <webhook_path>          an incoming webhook (no auth: the URL is the key)
//
// Web API answers are HTTP 200 with {"ok":true,...} or {"ok":false,"error":"..."}:
//   not_authed / invalid_auth     missing / wrong bearer token
//   invalid_json                  body is not a JSON object (or not application/json)
//   channel_not_found             unknown channel (chat.update needs an ID),
//                                 or unknown user
// chat.postMessage to a user id (U.../W...) of SlackOptions::users posts in
// the bot's direct-message channel with that user, as Slack does: the answer
// and the stored message carry that channel's id, DmChannel(user).
//   no_text                       neither text nor blocks; or blocks without a
//                                 text fallback (stricter than Slack, which
//                                 only warns: klaxon always sends one)
//   msg_too_long                  text over 40,000 characters
//   invalid_blocks                Block Kit rules broken (block_kit.h); the
//                                 detail is in response_metadata.messages
//   thread_not_found              thread_ts is not a top-level message here
//   message_not_found             chat.update of an unknown ts
// The webhook answers 200 "ok", or 400 invalid_payload / no_text /
// invalid_blocks / msg_too_long, 404 no_service for another webhook path.
// FailNext scripts the next N requests (any endpoint) to get 429 with
// Retry-After, or a 5xx. Message ts values come from a counter
// ("1754550000.000001", ...), not the clock.
//
//   POST /actions/{team}/{id}/{key}, /commands/{team}/{id}/{key}
//                                a response_url minted by ResponseUrl()
// Answers to interactions: 200 {"ok":true}, or (plain text, like Slack's
// hooks; the codes are this stand-in's model of Slack's)
//   404 no_service                a URL this stand-in never minted
//   404 expired_url               minted more than 30 minutes ago (by the
//                                 options' clock)
//   404 used_url                  already accepted 5 posts
//   400 invalid_payload           not a JSON object (or not application/json),
//                                 or replace_original / delete_original not
//                                 booleans
//   400 no_text                   `text` missing, not a string or empty
//   400 invalid_response_type     `response_type` neither "ephemeral" nor "in_channel"
//   400 msg_too_long / invalid_blocks   as for messages
// Only accepted posts count as uses.
//
// Thread-safe: state is guarded by one mutex; accessors return copies.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>

#include "core/clock.h"
#include "core/result.h"
#include "http/router.h"
#include "http/server.h"
#include "standins/scripted.h"

namespace klaxon::standins {

struct SlackOptions {
  std::string bot_token = "xoxb-standin-token";
  std::vector<std::string> channels = {"C0INCIDENTS"};  // channel IDs that exist
  std::vector<std::string> users;                       // user IDs that exist (DMs)
  std::string webhook_path = "/services/T0STANDIN/B0STANDIN/standinwebhooksecret";
  std::string webhook_channel = "C0INCIDENTS";  // where webhook messages land
  uint16_t port = 0;                            // 0: any free port
  // Ages response URLs; nullptr: real time. Must outlive the stand-in.
  const Clock* clock = nullptr;
};

class SlackStandin {
 public:
  struct Message {
    std::string channel;
    std::string ts;
    std::string thread_ts;  // "" for a top-level message
    std::string text;
    boost::json::array blocks;
    std::string via;  // "chat.postMessage" | "webhook"
    int edits = 0;    // chat.update calls applied to it
  };
  // A post accepted on a response_url.
  struct Response {
    std::string url;            // the full response_url
    std::string response_type;  // "ephemeral" | "in_channel" | "" (absent)
    std::string text;
    bool replace_original = false;
    bool delete_original = false;
  };
  // Every request, accepted or not, in arrival order.
  struct Received {
    std::string endpoint;  // "chat.postMessage" | "chat.update" | "webhook" | "response_url"
    int status = 0;
    std::string error;     // "" if accepted, else Slack's error code
    std::string detail;    // why, for invalid_blocks
    std::string body;
  };
  // Called after each request, on a server thread, outside the lock.
  // `message` is the message created or edited, if any (never for a
  // response_url post: see Responses()).
  using Observer = std::function<void(const Received& request, const Message* message)>;

  static Result<std::unique_ptr<SlackStandin>> Start(SlackOptions options,
                                                     Observer observer = nullptr);
  ~SlackStandin();
  SlackStandin(const SlackStandin&) = delete;
  SlackStandin& operator=(const SlackStandin&) = delete;

  // The id of the bot's DM channel with `user`: "D" + the user id without
  // its first letter ("U04MAYA0001" -> "D04MAYA0001").
  static std::string DmChannel(std::string_view user);

  uint16_t port() const;
  std::string BaseUrl() const;                          // "http://127.0.0.1:<port>"
  std::string ApiUrl(std::string_view method) const;    // BaseUrl() + "/api/" + method
  std::string WebhookUrl() const;
  const SlackOptions& options() const { return options_; }

  std::vector<Message> Messages() const;  // current content, in posting order
  std::optional<Message> Find(std::string_view channel, std::string_view ts) const;
  std::vector<Message> Replies(std::string_view channel, std::string_view thread_ts) const;
  std::vector<Received> Requests() const;

  // A fresh response_url, as Slack puts in an interaction payload:
  // BaseUrl() + "/actions/T0STANDIN/<n>/<key>" (kind "actions") or
  // ".../commands/..." (kind "commands"). Valid for 30 minutes, 5 posts.
  std::string ResponseUrl(std::string_view kind = "actions");
  // Posts accepted on response URLs, in arrival order.
  std::vector<Response> Responses() const;

  // The next `count` requests get `status` (429: with Retry-After and a
  // "ratelimited" error; 5xx: "internal_error").
  void FailNext(int count, int status, int retry_after_seconds = 1);

 private:
  SlackStandin(SlackOptions options, Observer observer);
  void Handle(std::string_view endpoint, http::Request& request, http::Reply reply);
  void HandleResponseUrl(http::Request& request, http::Reply reply);
  Time Now() const;

  struct MintedUrl {
    std::string path;
    Time issued;
    int uses = 0;  // accepted posts
  };

  const SlackOptions options_;
  const Observer observer_;
  http::Router router_;  // must outlive server_
  mutable std::mutex mu_;
  std::vector<Message> messages_;    // guarded by mu_
  std::vector<Received> requests_;   // guarded by mu_
  std::vector<MintedUrl> minted_;    // guarded by mu_
  std::vector<Response> responses_;  // guarded by mu_
  ScriptedFailures failures_;        // guarded by mu_
  uint64_t next_ts_ = 1;             // guarded by mu_
  uint64_t next_response_url_ = 1;   // guarded by mu_
  std::unique_ptr<http::Server> server_;
};

}  // namespace klaxon::standins
