#include "api/context.h"

#include <fmt/format.h>

#include "incident/incident.h"

namespace klaxon::api {

std::string Needs(access::Role role) { return "role:" + std::string(access::ToString(role)); }

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kOverloaded: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

http::Response ErrorResponse(const Error& e) {
  auto r = http::Response::Error(HttpStatus(e.code), e.message);
  if (e.code == ErrorCode::kOverloaded || e.code == ErrorCode::kUnavailable) {
    r.headers.emplace_back("Retry-After", "1");
  }
  return r;
}

std::optional<Principal> Require(const Context& ctx, const http::Request& req,
                                 const http::Reply& reply, access::Role need) {
  auto p = ctx.auth->Authenticate(req);
  if (!p) {
    auto r = http::Response::Error(401, "missing or unknown API token (Authorization: Bearer <token>)");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"klaxon\"");
    reply(std::move(r));
    return std::nullopt;
  }
  if (!access::Allows(p->role, need)) {
    reply(http::Response::Error(
        403, fmt::format("token \"{}\" has role {}; this needs {} or above", p->name,
                         access::ToString(p->role), access::ToString(need))));
    return std::nullopt;
  }
  return p;
}

Result<int64_t> IncidentIdParam(const http::Request& req) {
  auto raw = req.Param("id");
  auto id = raw ? incident::ParseDisplayId(*raw) : std::nullopt;
  if (!id) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("\"{}\" is not an incident id (expected e.g. INC-42)", raw.value_or("")));
  }
  return *id;
}

std::string ViaOf(const http::Request& req) {
  auto v = req.Header("x-klaxon-via");
  if (v && (*v == "cli" || *v == "ui")) return std::string(*v);
  return "api";
}

}  // namespace klaxon::api
