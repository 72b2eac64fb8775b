#pragma once
// `klaxon tokens ...`: API tokens klaxon issues, through a running server's
// admin API (POST/GET /api/v1/tokens, POST /api/v1/tokens/{name}/revoke),
// with an admin token (--token or KLAXON_TOKEN), like `klaxon incidents`.

#include <string>

#include "cli/incidents.h"

namespace klaxon::cli {

struct TokenOptions {
  std::string name;
  std::string role;     // viewer | engineer | oncall | lead | admin
  std::string person;   // "" for a service token
  std::string expires;  // a duration ("90d"); "" never expires
};

// Each returns the process exit code: 0 ok, 1 the server refused (its reason
// is printed), 3 the server could not be reached.
// Prints the new token once, on stdout (with --json, the server's answer).
int CreateToken(const ClientOptions& c, const TokenOptions& o);
// Never prints a secret: the server has none to give.
int ListTokens(const ClientOptions& c);
int RevokeToken(const ClientOptions& c, const std::string& name);

}  // namespace klaxon::cli
