#include "cli/api_client.h"

#include <iostream>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include "http/client.h"

namespace klaxon::cli {

namespace json = boost::json;

RawAnswer CallRaw(const ClientOptions& c, std::string method, std::string path, std::string accept,
                  std::string body, std::string_view token_hint) {
  http::ClientRequest req;
  req.method = std::move(method);
  std::string base = c.server;
  while (!base.empty() && base.back() == '/') base.pop_back();
  req.url = base + path;
  req.headers.emplace_back("Accept", std::move(accept));
  req.headers.emplace_back("X-Klaxon-Via", "cli");
  if (!c.token.empty()) req.headers.emplace_back("Authorization", "Bearer " + c.token);
  if (!body.empty()) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = std::move(body);
  }
  auto resp = http::Send(req);
  if (!resp) {
    std::cerr << fmt::format("klaxon: cannot reach {}: {}\n", c.server, resp.error().message);
    return {3, {}};
  }
  if (resp->status >= 400) {
    boost::system::error_code ec;
    json::value v = json::parse(resp->body, ec);
    const auto* err = !ec && v.is_object() ? v.as_object().if_contains("error") : nullptr;
    std::string reason = err && err->is_string() ? std::string(err->as_string()) : resp->body;
    std::cerr << fmt::format("klaxon: {} ({})\n", reason, resp->status);
    if (resp->status == 401) std::cerr << "hint: " << token_hint << "\n";
    return {1, {}};
  }
  return {0, std::move(resp->body)};
}

Answer Call(const ClientOptions& c, std::string method, std::string path, std::string body,
            std::string_view token_hint) {
  RawAnswer raw = CallRaw(c, std::move(method), std::move(path), "application/json", std::move(body),
                          token_hint);
  if (raw.exit_code != 0) return {raw.exit_code, nullptr};
  boost::system::error_code ec;
  json::value v = json::parse(raw.body, ec);
  if (ec) {
    std::cerr << "klaxon: the server answered something that is not JSON\n";
    return {1, nullptr};
  }
  return {0, std::move(v)};
}

std::string Str(const json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  const auto* p = o ? o->if_contains(key) : nullptr;
  if (!p || p->is_null()) return "";
  return p->is_string() ? std::string(p->as_string()) : json::serialize(*p);
}

std::string Encode(std::string_view s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

}  // namespace klaxon::cli
