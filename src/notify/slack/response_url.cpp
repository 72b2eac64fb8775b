#include "notify/slack/response_url.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "notify/slack/messages.h"

namespace klaxon::notify::slack {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "scheme://host:port" with the scheme and host lower-cased and the port
// explicit; nullopt (with `why`) unless `url` is an absolute http(s) URL
// with a host and without user info.
std::optional<std::string> Origin(std::string_view url, std::string* why = nullptr) {
  auto fail = [&](std::string reason) -> std::optional<std::string> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return fail("response_url is not an absolute URL");
  const std::string scheme = Lower(parsed->scheme());
  if (scheme != "http" && scheme != "https") return fail("response_url is not an http(s) URL");
  if (parsed->has_userinfo()) return fail("response_url must not carry user info");
  const std::string host = Lower(parsed->encoded_host());
  if (host.empty()) return fail("response_url has no host");
  uint16_t port = scheme == "https" ? 443 : 80;
  if (parsed->has_port()) {
    if (parsed->port().empty() || parsed->port_number() == 0) return fail("response_url has a bad port");
    port = parsed->port_number();
  }
  return fmt::format("{}://{}:{}", scheme, host, port);
}

// Slack error codes are short snake_case words; anything else is not echoed.
std::string SafeCode(std::string_view code) {
  while (!code.empty() && (code.back() == '\n' || code.back() == ' ')) code.remove_suffix(1);
  if (code.empty() || code.size() > 64) return "unknown_error";
  for (char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::islower(u) || std::isdigit(u) || c == '_')) return "unknown_error";
  }
  return std::string(code);
}

}  // namespace

std::string QuoteHost(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  std::string host = parsed ? std::string(parsed->encoded_host()) : std::string();
  if (host.size() > 64) host = host.substr(0, 64) + "...";
  for (char& c : host) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return "'" + host + "'";
}

ResponseUrlPolicy::ResponseUrlPolicy(const std::vector<std::string>& api_urls) {
  origins_.push_back(fmt::format("https://{}:443", kResponseHost));
  for (const auto& api : api_urls) {
    auto origin = Origin(api);
    if (origin && std::find(origins_.begin(), origins_.end(), *origin) == origins_.end()) {
      origins_.push_back(std::move(*origin));
    }
  }
}

Status ResponseUrlPolicy::Check(std::string_view url) const {
  std::string why;
  auto origin = Origin(url, &why);
  if (!origin) return Fail(ErrorCode::kInvalidArgument, why);
  if (std::find(origins_.begin(), origins_.end(), *origin) == origins_.end()) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("response_url host {} is not Slack's ({} over https) nor a configured "
                            "slack api_url's",
                            QuoteHost(url), kResponseHost));
  }
  return {};
}

std::string ResponseBody(const ResponseMessage& message) {
  boost::json::object o{{"response_type", message.ephemeral ? "ephemeral" : "in_channel"},
                        {"text", EscapeMrkdwn(message.text)}};
  if (message.replace_original) o["replace_original"] = true;
  return boost::json::serialize(o);
}

Delivery ClassifyResponseUrlAnswer(int status, std::optional<std::string_view> retry_after,
                                   std::string_view body) {
  // A fallback of 0 leaves the wait to the caller's own backoff.
  Delivery d = ClassifyHttpStatus(status, retry_after, Duration::zero(), "slack response_url");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  const auto* o = ec ? nullptr : v.if_object();
  if (o != nullptr) {
    // {"ok":false,"error":"..."}: an error even under HTTP 200.
    const auto* ok = o->if_contains("ok");
    const auto* error = o->if_contains("error");
    const bool failed = ok != nullptr && ok->is_bool() && !ok->get_bool();
    std::string code = SafeCode(error != nullptr && error->is_string()
                                    ? std::string_view(error->get_string())
                                    : std::string_view());
    if (failed && d.delivered()) return Delivery::Permanent("slack response_url: " + code);
    if (!d.delivered() && code != "unknown_error") d.reason += ": " + code;
    return d;
  }
  if (!d.delivered() && !body.empty()) d.reason += ": " + SafeCode(body);
  return d;
}

}  // namespace klaxon::notify::slack
