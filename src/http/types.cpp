#include "http/types.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include "http/percent_encoding.h"

namespace klaxon::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Decodes a query component; a malformed escape is kept as written rather
// than losing the parameter.
std::string DecodeQueryComponent(std::string_view text) {
  if (auto decoded = PercentDecode(text, /*plus_as_space=*/true)) return std::move(*decoded);
  return std::string(text);
}

}  // namespace

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (DecodeQueryComponent(key) == name) return DecodeQueryComponent(value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::Param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response Response::Text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::Error(int status, std::string_view reason) {
  // serialize() escapes quotes, backslashes and control characters.
  std::string body = "{\"error\":";
  body += boost::json::serialize(boost::json::string_view(reason.data(), reason.size()));
  body += '}';
  return Json(status, std::move(body));
}

}  // namespace klaxon::http
