#include "notify/slack/response.h"

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

namespace klaxon::notify::slack {
namespace {

// Slack error codes are short snake_case words; anything else is not echoed.
std::string SafeCode(std::string_view code) {
  if (code.empty() || code.size() > 64) return "unknown_error";
  for (char c : code) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_')) {
      return "unknown_error";
    }
  }
  return std::string(code);
}

bool IsTransient(std::string_view code) {
  for (std::string_view t : {"ratelimited", "internal_error", "fatal_error",
                             "service_unavailable", "request_timeout"}) {
    if (code == t) return true;
  }
  return false;
}

}  // namespace

Delivery ClassifyWebApiResponse(int status, std::optional<std::string_view> retry_after,
                                std::string_view body) {
  if (status != 200) return ClassifyHttpStatus(status, retry_after, kDefaultRetryAfter, "slack");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  const auto* o = ec ? nullptr : v.if_object();
  if (o == nullptr) return Delivery::RetryAfter(kDefaultRetryAfter, "slack: answer is not JSON");
  const auto* ok = o->if_contains("ok");
  if (ok != nullptr && ok->is_bool() && ok->get_bool()) {
    const auto* ts = o->if_contains("ts");
    std::string ref = ts != nullptr && ts->is_string() ? std::string(ts->get_string()) : "";
    return Delivery::Delivered(std::move(ref));
  }
  const auto* error = o->if_contains("error");
  std::string code = SafeCode(error != nullptr && error->is_string()
                                  ? std::string_view(error->get_string())
                                  : std::string_view());
  std::string reason = fmt::format("slack: {}", code);
  if (IsTransient(code)) {
    return Delivery::RetryAfter(ParseRetryAfter(retry_after, kDefaultRetryAfter), reason);
  }
  return Delivery::Permanent(std::move(reason));
}

Delivery ClassifyWebhookResponse(int status, std::optional<std::string_view> retry_after,
                                 std::string_view body) {
  if (status >= 200 && status < 300) return Delivery::Delivered();
  Delivery d = ClassifyHttpStatus(status, retry_after, kDefaultRetryAfter, "slack webhook");
  std::string_view trimmed = body;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) {
    trimmed.remove_suffix(1);
  }
  if (!trimmed.empty()) d.reason += ": " + SafeCode(trimmed);
  return d;
}

}  // namespace klaxon::notify::slack
