#include "cli/tokens.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>
#include <iostream>

#include "http/client.h"

namespace klaxon::cli {
namespace {

namespace json = boost::json;

struct Answer {
  int exit_code = 0;
  json::value body;
};

Answer Call(const ClientOptions& c, std::string method, std::string path, std::string body = {}) {
  http::ClientRequest req;
  req.method = std::move(method);
  std::string base = c.server;
  while (!base.empty() && base.back() == '/') base.pop_back();
  req.url = base + path;
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("X-Klaxon-Via", "cli");
  if (!c.token.empty()) req.headers.emplace_back("Authorization", "Bearer " + c.token);
  if (!body.empty()) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = std::move(body);
  }
  auto resp = http::Send(req);
  if (!resp) {
    std::cerr << fmt::format("klaxon: cannot reach {}: {}\n", c.server, resp.error().message);
    return {3, nullptr};
  }
  boost::system::error_code ec;
  json::value v = json::parse(resp->body, ec);
  if (resp->status >= 400) {
    const auto* err = !ec && v.is_object() ? v.as_object().if_contains("error") : nullptr;
    std::string reason = err && err->is_string() ? std::string(err->as_string()) : resp->body;
    std::cerr << fmt::format("klaxon: {} ({})\n", reason, resp->status);
    if (resp->status == 401) std::cerr << "hint: pass --token or set KLAXON_TOKEN (an admin token)\n";
    return {1, nullptr};
  }
  if (ec) {
    std::cerr << "klaxon: the server answered something that is not JSON\n";
    return {1, nullptr};
  }
  return {0, std::move(v)};
}

std::string Str(const json::value& v, std::string_view key) {
  const auto* p = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

std::string Or(std::string s, std::string_view dash = "-") { return s.empty() ? std::string(dash) : s; }

}  // namespace

int CreateToken(const ClientOptions& c, const TokenOptions& o) {
  json::object body{{"name", o.name}, {"role", o.role}};
  if (!o.person.empty()) body["person"] = o.person;
  if (!o.expires.empty()) body["expires_in"] = o.expires;
  auto a = Call(c, "POST", "/api/v1/tokens", json::serialize(body));
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cerr << fmt::format("Created token \"{}\" (role {}{}{}; expires {}). It is shown only now:\n",
                           Str(a.body, "name"), Str(a.body, "role"),
                           Str(a.body, "person").empty() ? "" : ", person ",
                           Str(a.body, "person"), Or(Str(a.body, "expires_at"), "never"));
  std::cout << Str(a.body, "token") << "\n";
  return 0;
}

int ListTokens(const ClientOptions& c) {
  auto a = Call(c, "GET", "/api/v1/tokens");
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cout << fmt::format("{:<24} {:<9} {:<12} {:<7} {:<8} {}\n", "NAME", "ROLE", "PERSON", "SOURCE",
                           "STATE", "EXPIRES");
  const auto* tokens = a.body.is_object() ? a.body.as_object().if_contains("tokens") : nullptr;
  if (!tokens || !tokens->is_array()) return 0;
  for (const auto& t : tokens->as_array()) {
    std::cout << fmt::format("{:<24} {:<9} {:<12} {:<7} {:<8} {}\n", Str(t, "name"), Str(t, "role"),
                             Or(Str(t, "person")), Str(t, "source"), Str(t, "state"),
                             Or(Str(t, "expires_at"), "never"));
  }
  return 0;
}

int RevokeToken(const ClientOptions& c, const std::string& name) {
  std::string path = "/api/v1/tokens/" +
                     std::string(boost::urls::encode(name, boost::urls::unreserved_chars)) +
                     "/revoke";
  auto a = Call(c, "POST", path);
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cout << fmt::format("Revoked token \"{}\" at {}.\n", Str(a.body, "name"), Str(a.body, "revoked_at"));
  return 0;
}

}  // namespace klaxon::cli
