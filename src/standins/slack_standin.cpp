#include "standins/slack_standin.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "standins/block_kit.h"

namespace klaxon::standins {
namespace {

using boost::json::object;
using boost::json::value;

constexpr size_t kMaxTextChars = 40000;

// The outcome of checking one request, before any state changes.
struct Verdict {
  int status = 200;
  std::string error;   // Slack error code; "" when accepted
  std::string detail;  // response_metadata message
};

std::string StringMember(const object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool IsJson(const http::Request& r) {
  auto type = r.Header("content-type");
  return type && type->substr(0, 16) == "application/json";
}

// Shared message rules: text/blocks presence, lengths, Block Kit.
Verdict CheckContent(const object& body) {
  const value* text = body.if_contains("text");
  const value* blocks = body.if_contains("blocks");
  if (text != nullptr && !text->is_string()) return {200, "invalid_arguments", "text must be a string"};
  const bool has_text = text != nullptr && !text->get_string().empty();
  if (!has_text && blocks == nullptr) return {200, "no_text", ""};
  if (!has_text) return {200, "no_text", "blocks need a text fallback"};
  if (Characters(text->get_string()) > kMaxTextChars) return {200, "msg_too_long", ""};
  if (blocks != nullptr) {
    if (auto problem = CheckBlocks(*blocks)) return {200, "invalid_blocks", *problem};
  }
  return {};
}

http::Response WebApiError(const Verdict& v) {
  object body{{"ok", false}, {"error", v.error}};
  if (!v.detail.empty()) {
    body["response_metadata"] =
        object{{"messages", boost::json::array{"[ERROR] " + v.detail}}};
  }
  return http::Response::Json(v.status, boost::json::serialize(body));
}

}  // namespace

SlackStandin::SlackStandin(SlackOptions options, Observer observer)
    : options_(std::move(options)), observer_(std::move(observer)) {}

Result<std::unique_ptr<SlackStandin>> SlackStandin::Start(SlackOptions options,
                                                          Observer observer) {
  std::unique_ptr<SlackStandin> s(new SlackStandin(std::move(options), std::move(observer)));
  for (std::string_view method : {"chat.postMessage", "chat.update"}) {
    s->router_.Add("POST", "/api/" + std::string(method),
                   [self = s.get(), method](http::Request& r, http::Reply reply) {
                     self->Handle(method, r, std::move(reply));
                   });
  }
  s->router_.Add("POST", "/services/{team}/{bot}/{key}",
                 [self = s.get()](http::Request& r, http::Reply reply) {
                   self->Handle("webhook", r, std::move(reply));
                 });
  for (std::string_view kind : {"actions", "commands"}) {
    s->router_.Add("POST", "/" + std::string(kind) + "/{team}/{id}/{key}",
                   [self = s.get()](http::Request& r, http::Reply reply) {
                     self->HandleResponseUrl(r, std::move(reply));
                   });
  }
  http::ServerOptions server_options;
  server_options.port = s->options_.port;
  server_options.threads = 2;
  server_options.server_name = "slack-standin";
  auto server = http::Server::Start(server_options, s->router_);
  if (!server) return std::unexpected(server.error());
  s->server_ = std::move(*server);
  return s;
}

SlackStandin::~SlackStandin() {
  if (server_) server_->Stop();
}

std::string SlackStandin::DmChannel(std::string_view user) {
  return "D" + std::string(user.substr(user.empty() ? 0 : 1));
}

uint16_t SlackStandin::port() const { return server_->port(); }
std::string SlackStandin::BaseUrl() const { return fmt::format("http://127.0.0.1:{}", port()); }
std::string SlackStandin::ApiUrl(std::string_view method) const {
  return BaseUrl() + "/api/" + std::string(method);
}
std::string SlackStandin::WebhookUrl() const { return BaseUrl() + options_.webhook_path; }

void SlackStandin::Handle(std::string_view endpoint, http::Request& request, http::Reply reply) {
  const bool webhook = endpoint == "webhook";
  Received received{std::string(endpoint), 200, "", "", request.body};
  std::optional<Message> touched;
  http::Response response;
  {
    std::lock_guard lock(mu_);
    if (auto failure = failures_.Take()) {
      received.status = failure->status;
      received.error = failure->status == 429 ? "ratelimited" : "internal_error";
      response = webhook ? http::Response::Text(failure->status, received.error)
                         : http::Response::Json(failure->status,
                                                boost::json::serialize(object{
                                                    {"ok", false}, {"error", received.error}}));
      if (failure->status == 429 && failure->retry_after_seconds > 0) {
        response.headers.emplace_back("Retry-After", std::to_string(failure->retry_after_seconds));
      }
    } else {
      Verdict v;
      object body;
      boost::system::error_code ec;
      value parsed = boost::json::parse(request.body, ec);
      if (webhook && request.path != options_.webhook_path) {
        v = {404, "no_service", ""};
      } else if (!webhook && !request.Header("authorization")) {
        v = {200, "not_authed", ""};
      } else if (!webhook && *request.Header("authorization") != "Bearer " + options_.bot_token) {
        v = {200, "invalid_auth", ""};
      } else if (ec || !parsed.is_object() || !IsJson(request)) {
        v = {webhook ? 400 : 200, webhook ? "invalid_payload" : "invalid_json", ""};
      } else {
        body = std::move(parsed.get_object());
        if (webhook) {
          v = CheckContent(body);
          if (!v.error.empty()) v.status = 400;
        } else {
          std::string channel = StringMember(body, "channel");
          bool known = false;
          for (const auto& c : options_.channels) known |= c == channel;
          // A user id posts in the bot's DM with that user (chat.postMessage only).
          for (const auto& u : options_.users) {
            if (!known && u == channel && endpoint == "chat.postMessage") {
              channel = DmChannel(u);
              known = true;
            }
          }
          // The DM channel itself, once opened by a first message.
          for (const auto& u : options_.users) known |= DmChannel(u) == channel;
          if (!known) v = {200, "channel_not_found", ""};
          body["channel"] = channel;
          if (v.error.empty()) v = CheckContent(body);
          const std::string ts = StringMember(body, endpoint == "chat.update" ? "ts" : "thread_ts");
          Message* target = nullptr;
          for (auto& m : messages_) {
            // chat.update may edit any message; a thread hangs off a top-level one.
            bool top_level = m.thread_ts.empty() || endpoint == "chat.update";
            if (m.channel == channel && m.ts == ts && top_level) target = &m;
          }
          if (v.error.empty() && endpoint == "chat.update" && target == nullptr) {
            v = {200, ts.empty() ? "invalid_arguments" : "message_not_found", ""};
          }
          if (v.error.empty() && endpoint == "chat.postMessage" && !ts.empty() && target == nullptr) {
            v = {200, "thread_not_found", ""};
          }
          if (v.error.empty() && endpoint == "chat.update") {
            target->text = StringMember(body, "text");
            if (const value* b = body.if_contains("blocks")) {
              target->blocks = b->get_array();
            } else {
              target->blocks.clear();  // text without blocks removes the old blocks
            }
            target->edits++;
            touched = *target;
          }
        }
      }
      if (v.error.empty() && (webhook || endpoint == "chat.postMessage")) {
        Message m;
        m.channel = webhook ? options_.webhook_channel : StringMember(body, "channel");
        m.ts = fmt::format("1754550000.{:06}", next_ts_++);
        m.thread_ts = webhook ? "" : StringMember(body, "thread_ts");
        m.text = StringMember(body, "text");
        if (const value* b = body.if_contains("blocks")) m.blocks = b->get_array();
        m.via = webhook ? "webhook" : "chat.postMessage";
        messages_.push_back(m);
        touched = m;
      }
      received.status = v.status;
      received.error = v.error;
      received.detail = v.detail;
      if (!v.error.empty()) {
        response = webhook ? http::Response::Text(v.status, v.error) : WebApiError(v);
      } else if (webhook) {
        response = http::Response::Text(200, "ok");
      } else {
        object ok{{"ok", true}, {"channel", touched->channel}, {"ts", touched->ts}};
        object message{{"type", "message"}, {"text", touched->text}, {"ts", touched->ts}};
        if (!touched->thread_ts.empty()) message["thread_ts"] = touched->thread_ts;
        if (endpoint == "chat.update") {
          ok["text"] = touched->text;
        } else {
          ok["message"] = std::move(message);
        }
        response = http::Response::Json(200, boost::json::serialize(ok));
      }
    }
    requests_.push_back(received);
  }
  if (observer_) observer_(received, touched ? &*touched : nullptr);
  reply(std::move(response));
}

Time SlackStandin::Now() const {
  if (options_.clock != nullptr) return options_.clock->Now();
  return SystemClock().Now();
}

std::string SlackStandin::ResponseUrl(std::string_view kind) {
  std::lock_guard lock(mu_);
  const uint64_t n = next_response_url_++;
  std::string path = fmt::format("/{}/T0STANDIN/{}/standinresponsekey{:06}",
                                 kind == "commands" ? "commands" : "actions", 7000 + n, n);
  minted_.push_back(MintedUrl{path, Now(), 0});
  return BaseUrl() + path;
}

std::vector<SlackStandin::Response> SlackStandin::Responses() const {
  std::lock_guard lock(mu_);
  return responses_;
}

void SlackStandin::HandleResponseUrl(http::Request& request, http::Reply reply) {
  Received received{"response_url", 200, "", "", request.body};
  http::Response response;
  {
    std::lock_guard lock(mu_);
    if (auto failure = failures_.Take()) {
      received.status = failure->status;
      received.error = failure->status == 429 ? "ratelimited" : "internal_error";
      response = http::Response::Text(failure->status, received.error);
      if (failure->status == 429 && failure->retry_after_seconds > 0) {
        response.headers.emplace_back("Retry-After", std::to_string(failure->retry_after_seconds));
      }
    } else {
      Verdict v;
      MintedUrl* url = nullptr;
      for (auto& m : minted_) {
        if (m.path == request.path) url = &m;
      }
      object body;
      boost::system::error_code ec;
      value parsed = boost::json::parse(request.body, ec);
      if (url == nullptr) {
        v = {404, "no_service", ""};
      } else if (Now() - url->issued > std::chrono::minutes(30)) {
        v = {404, "expired_url", ""};
      } else if (url->uses >= 5) {
        v = {404, "used_url", ""};
      } else if (ec || !parsed.is_object() || !IsJson(request)) {
        v = {400, "invalid_payload", "body must be a JSON object sent as application/json"};
      } else {
        body = std::move(parsed.get_object());
        const value* text = body.if_contains("text");
        const value* type = body.if_contains("response_type");
        if (text == nullptr || !text->is_string() || text->get_string().empty()) {
          v = {400, "no_text", ""};
        } else if (type != nullptr &&
                   !(type->is_string() &&
                     (type->get_string() == "ephemeral" || type->get_string() == "in_channel"))) {
          v = {400, "invalid_response_type", ""};
        } else {
          for (std::string_view flag : {"replace_original", "delete_original"}) {
            const value* f = body.if_contains(flag);
            if (f != nullptr && !f->is_bool()) v = {400, "invalid_payload", std::string(flag) + " must be a boolean"};
          }
          if (v.error.empty()) v = CheckContent(body);
          if (!v.error.empty() && v.status == 200) v.status = 400;
        }
      }
      received.status = v.status;
      received.error = v.error;
      received.detail = v.detail;
      if (!v.error.empty()) {
        response = http::Response::Text(v.status, v.error);
      } else {
        url->uses++;
        Response r;
        r.url = BaseUrl() + url->path;
        r.response_type = StringMember(body, "response_type");
        r.text = StringMember(body, "text");
        const value* replace = body.if_contains("replace_original");
        const value* remove = body.if_contains("delete_original");
        r.replace_original = replace != nullptr && replace->get_bool();
        r.delete_original = remove != nullptr && remove->get_bool();
        responses_.push_back(std::move(r));
        response = http::Response::Json(200, R"({"ok":true})");
      }
    }
    requests_.push_back(received);
  }
  if (observer_) observer_(received, nullptr);
  reply(std::move(response));
}

std::vector<SlackStandin::Message> SlackStandin::Messages() const {
  std::lock_guard lock(mu_);
  return messages_;
}

std::optional<SlackStandin::Message> SlackStandin::Find(std::string_view channel,
                                                        std::string_view ts) const {
  std::lock_guard lock(mu_);
  for (const auto& m : messages_) {
    if (m.channel == channel && m.ts == ts) return m;
  }
  return std::nullopt;
}

std::vector<SlackStandin::Message> SlackStandin::Replies(std::string_view channel,
                                                         std::string_view thread_ts) const {
  std::lock_guard lock(mu_);
  std::vector<Message> out;
  for (const auto& m : messages_) {
    if (m.channel == channel && m.thread_ts == thread_ts && !thread_ts.empty()) out.push_back(m);
  }
  return out;
}

std::vector<SlackStandin::Received> SlackStandin::Requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void SlackStandin::FailNext(int count, int status, int retry_after_seconds) {
  std::lock_guard lock(mu_);
  failures_.Set(count, ScriptedFailure{status, retry_after_seconds});
}

}  // namespace klaxon::standins
