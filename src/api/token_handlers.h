#pragma once
// API tokens klaxon issues, for the admin role (the handbook's "admin:
// configuration, tokens"):
//   POST /api/v1/tokens                {"name","role","person"?,"expires_in"?}
//        -> 201 with the token itself, the only time it is ever shown;
//   GET  /api/v1/tokens                every token, issued and configured,
//        never a secret or a digest;
//   POST /api/v1/tokens/{name}/revoke  -> 200; refused from then on.
// Tokens from the configuration (api_tokens) are listed but can be neither
// created nor revoked here: their names are taken.

#include "api/context.h"
#include "http/router.h"

namespace klaxon::api {

void AddTokenRoutes(http::Router& router, const Context& ctx);

}  // namespace klaxon::api
