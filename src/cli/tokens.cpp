#include "cli/tokens.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <iostream>

namespace klaxon::cli {
namespace {

namespace json = boost::json;

constexpr std::string_view kAdminHint = "pass --token or set KLAXON_TOKEN (an admin token)";

std::string StringOf(const json::value& v, std::string_view key) {
  const auto* p = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

std::string Or(std::string s, std::string_view dash = "-") { return s.empty() ? std::string(dash) : s; }

}  // namespace

int CreateToken(const ClientOptions& c, const TokenOptions& o) {
  json::object body{{"name", o.name}, {"role", o.role}};
  if (!o.person.empty()) body["person"] = o.person;
  if (!o.expires.empty()) body["expires_in"] = o.expires;
  auto a = Call(c, "POST", "/api/v1/tokens", json::serialize(body), kAdminHint);
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cerr << fmt::format("Created token \"{}\" (role {}{}{}; expires {}). It is shown only now:\n",
                           StringOf(a.body, "name"), StringOf(a.body, "role"),
                           StringOf(a.body, "person").empty() ? "" : ", person ",
                           StringOf(a.body, "person"), Or(StringOf(a.body, "expires_at"), "never"));
  std::cout << StringOf(a.body, "token") << "\n";
  return 0;
}

int ListTokens(const ClientOptions& c) {
  auto a = Call(c, "GET", "/api/v1/tokens", {}, kAdminHint);
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
    std::cout << fmt::format("{:<24} {:<9} {:<12} {:<7} {:<8} {}\n", StringOf(t, "name"), StringOf(t, "role"),
                             Or(StringOf(t, "person")), StringOf(t, "source"), StringOf(t, "state"),
                             Or(StringOf(t, "expires_at"), "never"));
  }
  return 0;
}

int RevokeToken(const ClientOptions& c, const std::string& name) {
  std::string path = "/api/v1/tokens/" + Encode(name) + "/revoke";
  auto a = Call(c, "POST", path, {}, kAdminHint);
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
    return 0;
  }
  std::cout << fmt::format("Revoked token \"{}\" at {}.\n", StringOf(a.body, "name"), StringOf(a.body, "revoked_at"));
  return 0;
}

}  // namespace klaxon::cli
