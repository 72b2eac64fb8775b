#include "api/context.h"

#include <boost/json/parse.hpp>
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

Result<boost::json::object> BodyObject(const http::Request& req) {
  if (req.body.empty()) return boost::json::object{};
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("body is not valid JSON: {}", ec.message()));
  if (!v.is_object()) return Fail(ErrorCode::kInvalidArgument, "body must be a JSON object");
  return std::move(v.as_object());
}

Result<std::optional<std::string>> OptionalString(const boost::json::object& o, std::string_view key,
                                                  size_t max) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\" must be a string", key));
  }
  std::string s(it->value().as_string());
  if (s.size() > max) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\" is longer than {} characters", key, max));
  }
  return std::optional<std::string>(std::move(s));
}

std::string ViaOf(const http::Request& req) {
  auto v = req.Header("x-klaxon-via");
  if (v && (*v == "cli" || *v == "ui")) return std::string(*v);
  return "api";
}

}  // namespace klaxon::api
