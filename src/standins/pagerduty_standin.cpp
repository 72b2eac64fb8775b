#include "standins/pagerduty_standin.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "core/time.h"
#include "standins/block_kit.h"

namespace klaxon::standins {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;
using Errors = std::vector<std::string>;

// A string member: absent -> "", wrong type reported. Returns nullopt if the
// member is present but not a string.
std::optional<std::string> Str(const object& o, std::string_view key, std::string_view display,
                               Errors& errors) {
  const value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) {
    errors.push_back(fmt::format("'{}' must be a string", display));
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::string Required(const object& o, std::string_view key, std::string_view display,
                     Errors& errors) {
  auto s = Str(o, key, display, errors);
  if (s && s->find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back(fmt::format("'{}' is missing or blank", display));
    return {};
  }
  return s.value_or("");
}

void CheckReferences(const object& root, std::string_view key, std::string_view required,
                     Errors& errors) {
  const value* v = root.if_contains(key);
  if (v == nullptr) return;
  if (!v->is_array()) {
    errors.push_back(fmt::format("'{}' must be an array", key));
    return;
  }
  for (size_t i = 0; i < v->get_array().size(); ++i) {
    const object* item = v->get_array()[i].if_object();
    if (item == nullptr) {
      errors.push_back(fmt::format("'{}[{}]' must be an object", key, i));
      continue;
    }
    std::string display = fmt::format("{}[{}].{}", key, i, required);
    std::string s = Required(*item, required, display, errors);
    if (key == "images" && !s.empty() && s.rfind("https://", 0) != 0) {
      errors.push_back(fmt::format("'{}' must be an HTTPS URL", display));
    }
  }
}

void CheckTrigger(const object& root, Errors& errors) {
  const value* p = root.if_contains("payload");
  if (p == nullptr || !p->is_object()) {
    errors.push_back("'payload' is missing or blank");
    return;
  }
  const object& payload = p->get_object();
  std::string summary = Required(payload, "summary", "payload.summary", errors);
  if (Characters(summary) > 1024) {
    errors.push_back("Length of 'payload.summary' is incorrect (should be at most 1024 characters)");
  }
  Required(payload, "source", "payload.source", errors);
  std::string severity = Required(payload, "severity", "payload.severity", errors);
  if (!severity.empty() && severity != "critical" && severity != "error" &&
      severity != "warning" && severity != "info") {
    errors.push_back(
        "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', "
        "'error' or 'info')");
  }
  if (auto ts = Str(payload, "timestamp", "payload.timestamp", errors); ts && !ts->empty()) {
    if (!ParseTimestamp(*ts)) errors.push_back("'payload.timestamp' is invalid (must be ISO 8601)");
  }
  for (std::string_view k : {"component", "group", "class"}) {
    Str(payload, k, fmt::format("payload.{}", k), errors);
  }
  if (const value* d = payload.if_contains("custom_details"); d != nullptr && !d->is_object()) {
    errors.push_back("'payload.custom_details' must be an object");
  }
  Str(root, "client", "client", errors);
  Str(root, "client_url", "client_url", errors);
  CheckReferences(root, "links", "href", errors);
  CheckReferences(root, "images", "src", errors);
}

http::Response Envelope(int status, object body) {
  return http::Response::Json(status, boost::json::serialize(body));
}

}  // namespace

PagerDutyStandin::PagerDutyStandin(PagerDutyOptions options, Observer observer)
    : options_(std::move(options)), observer_(std::move(observer)) {}

Result<std::unique_ptr<PagerDutyStandin>> PagerDutyStandin::Start(PagerDutyOptions options,
                                                                  Observer observer) {
  std::unique_ptr<PagerDutyStandin> s(
      new PagerDutyStandin(std::move(options), std::move(observer)));
  s->router_.Add("POST", "/v2/enqueue", [self = s.get()](http::Request& r, http::Reply reply) {
    self->Handle(r, std::move(reply));
  });
  http::ServerOptions server_options;
  server_options.port = s->options_.port;
  server_options.threads = 2;
  server_options.server_name = "pagerduty-standin";
  auto server = http::Server::Start(server_options, s->router_);
  if (!server) return std::unexpected(server.error());
  s->server_ = std::move(*server);
  return s;
}

PagerDutyStandin::~PagerDutyStandin() {
  if (server_) server_->Stop();
}

uint16_t PagerDutyStandin::port() const { return server_->port(); }
std::string PagerDutyStandin::EnqueueUrl() const {
  return fmt::format("http://127.0.0.1:{}/v2/enqueue", port());
}

void PagerDutyStandin::Handle(http::Request& request, http::Reply reply) {
  Received received{0, {}, request.body};
  std::optional<Event> accepted;
  http::Response response;
  {
    std::lock_guard lock(mu_);
    if (auto failure = failures_.Take()) {
      received.status = failure->status;
      response = failure->status == 429
                     ? Envelope(429, object{{"status", "throttle event"},
                                            {"message",
                                             "Requests for this service are arriving too "
                                             "quickly.  Please retry later."}})
                     : http::Response::Text(failure->status, "internal error");
      if (failure->retry_after_seconds > 0) {
        response.headers.emplace_back("Retry-After", std::to_string(failure->retry_after_seconds));
      }
    } else {
      Errors errors;
      boost::system::error_code ec;
      value parsed = boost::json::parse(request.body, ec);
      auto type = request.Header("content-type");
      object root;
      if (!type || type->substr(0, 16) != "application/json") {
        errors.push_back("Content-Type must be application/json");
      } else if (ec || !parsed.is_object()) {
        errors.push_back("Event object is not valid JSON");
      } else {
        root = std::move(parsed.get_object());
        std::string key = Required(root, "routing_key", "routing_key", errors);
        if (!key.empty() && Characters(key) != 32) {
          errors.push_back("Length of 'routing_key' is incorrect (should be 32 characters)");
        } else if (!key.empty() && !options_.routing_keys.empty()) {
          bool known = false;
          for (const auto& k : options_.routing_keys) known |= k == key;
          if (!known) errors.push_back("Invalid routing key");
        }
        std::string action = Required(root, "event_action", "event_action", errors);
        bool trigger = action == "trigger";
        if (!action.empty() && !trigger && action != "acknowledge" && action != "resolve") {
          errors.push_back(
              "'event_action' is invalid (must be one of the following: 'trigger', "
              "'acknowledge' or 'resolve')");
        }
        auto dedup = Str(root, "dedup_key", "dedup_key", errors);
        if (dedup && Characters(*dedup) > 255) {
          errors.push_back("Length of 'dedup_key' is incorrect (should be at most 255 characters)");
        }
        if (!trigger && !action.empty() && dedup && dedup->empty()) {
          errors.push_back("'dedup_key' is missing or blank");
        }
        if (trigger) CheckTrigger(root, errors);
        if (errors.empty()) {
          Event e{key, action, dedup.value_or(""), root};
          if (e.dedup_key.empty()) e.dedup_key = fmt::format("{:032x}", next_key_++);
          Alert* open = nullptr;
          for (auto& a : alerts_) {
            if (a.routing_key == key && a.dedup_key == e.dedup_key && a.status != "resolved") {
              open = &a;
            }
          }
          if (trigger && open == nullptr) {
            alerts_.push_back(Alert{key, e.dedup_key, "triggered", 0});
            open = &alerts_.back();
          }
          if (open != nullptr) {
            open->log_entries++;
            if (action == "acknowledge") open->status = "acknowledged";
            if (action == "resolve") open->status = "resolved";
          }
          events_.push_back(e);
          accepted = std::move(e);
        }
      }
      received.errors = errors;
      if (errors.empty()) {
        received.status = 202;
        response = Envelope(202, object{{"status", "success"},
                                        {"message", "Event processed"},
                                        {"dedup_key", accepted->dedup_key}});
      } else {
        received.status = 400;
        array list;
        for (const auto& e : errors) list.emplace_back(e);
        response = Envelope(400, object{{"status", "invalid event"},
                                        {"message", "Event object is invalid"},
                                        {"errors", std::move(list)}});
      }
    }
    requests_.push_back(received);
  }
  if (observer_) observer_(received, accepted ? &*accepted : nullptr);
  reply(std::move(response));
}

std::vector<PagerDutyStandin::Event> PagerDutyStandin::Events() const {
  std::lock_guard lock(mu_);
  return events_;
}

std::vector<PagerDutyStandin::Received> PagerDutyStandin::Requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::optional<PagerDutyStandin::Alert> PagerDutyStandin::FindAlert(
    std::string_view dedup_key) const {
  std::lock_guard lock(mu_);
  for (auto it = alerts_.rbegin(); it != alerts_.rend(); ++it) {
    if (it->dedup_key == dedup_key) return *it;
  }
  return std::nullopt;
}

std::vector<PagerDutyStandin::Alert> PagerDutyStandin::Alerts() const {
  std::lock_guard lock(mu_);
  return alerts_;
}

void PagerDutyStandin::FailNext(int count, int status, int retry_after_seconds) {
  std::lock_guard lock(mu_);
  failures_.Set(count, ScriptedFailure{status, retry_after_seconds});
}

}  // namespace klaxon::standins
