#include "api/token_handlers.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "access/token.h"
#include "core/log.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

constexpr size_t kMaxName = 64;

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaxName) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

json::value OptTime(const std::optional<Time>& t) {
  return t ? json::value(FormatTimestamp(*t)) : json::value(nullptr);
}

std::string_view State(const store::ApiTokenRecord& t, Time now) {
  if (t.revoked_at) return "revoked";
  if (t.expires_at && now >= *t.expires_at) return "expired";
  return "live";
}

const config::ApiToken* Configured(const Context& ctx, std::string_view name) {
  for (const auto& t : ctx.config->api_tokens) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// Replies once the commit is durable.
void ReplyWhenDurable(const Context& ctx, http::Response response, http::Reply reply) {
  ctx.store->WhenDurable([reply = std::move(reply), response = std::move(response)](Status st) mutable {
    if (!st) return reply(ErrorResponse(st.error()));
    reply(std::move(response));
  });
}

Result<store::ApiTokenRecord> Decode(const Context& ctx, const http::Request& req,
                                     const Principal& admin) {
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_object()) {
    return Fail(ErrorCode::kInvalidArgument,
                "body must be a JSON object: {\"name\",\"role\",\"person\"?,\"expires_in\"?}");
  }
  const json::object& o = v.as_object();
  auto str = [&](std::string_view key) -> Result<std::string> {
    const auto* f = o.if_contains(key);
    if (!f || f->is_null()) return std::string();
    if (!f->is_string()) return Fail(ErrorCode::kInvalidArgument, fmt::format("\"{}\" must be a string", key));
    return std::string(f->as_string());
  };
  store::ApiTokenRecord t;
  auto name = str("name");
  if (!name) return Fail(name.error());
  if (!ValidName(*name)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("\"name\" must be 1 to {} letters, digits, '.', '-' or '_'", kMaxName));
  }
  if (Configured(ctx, *name)) {
    return Fail(ErrorCode::kConflict,
                fmt::format("\"{}\" is a token in the configuration; choose another name", *name));
  }
  t.name = *name;
  auto role = str("role");
  if (!role) return Fail(role.error());
  auto parsed = access::ParseRole(*role);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("unknown role \"{}\" (viewer, engineer, oncall, lead, admin)", *role));
  }
  t.role = std::string(access::ToString(*parsed));
  auto person = str("person");
  if (!person) return Fail(person.error());
  if (!person->empty() && !ctx.config->FindPerson(*person)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("\"{}\" is not a person in the configuration", *person));
  }
  t.person = *person;
  auto expires = str("expires_in");
  if (!expires) return Fail(expires.error());
  Time now = ctx.clock->Now();
  if (!expires->empty()) {
    auto d = ParseDuration(*expires);
    if (!d || *d <= Duration::zero()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("\"expires_in\" must be a duration such as 90d or 12h, not \"{}\"",
                              *expires));
    }
    t.expires_at = now + *d;
  }
  t.created_at = now;
  t.created_by = admin.actor();
  return t;
}

void Create(const Context& ctx, http::Request& req, http::Reply reply) {
  auto admin = Require(ctx, req, reply, access::Role::kAdmin);
  if (!admin) return;
  auto record = Decode(ctx, req, *admin);
  if (!record) return reply(ErrorResponse(record.error()));
  auto token = access::NewToken();
  if (!token) return reply(ErrorResponse(token.error()));
  record->digest = access::TokenDigest(*token);
  if (auto st = ctx.tokens->InsertApiToken(*record); !st) return reply(ErrorResponse(st.error()));
  log::Info("tokens: {} created token \"{}\" (role {}{}{})", admin->actor(), record->name,
            record->role, record->person.empty() ? "" : ", person ", record->person);
  json::object out{{"name", record->name},
                   {"role", record->role},
                   {"person", record->person},
                   {"created_at", FormatTimestamp(record->created_at)},
                   {"expires_at", OptTime(record->expires_at)},
                   {"token", *token}};
  ReplyWhenDurable(ctx, http::Response::Json(201, json::serialize(out)), std::move(reply));
}

void List(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kAdmin)) return;
  auto issued = ctx.tokens->ListApiTokens();
  if (!issued) return reply(ErrorResponse(issued.error()));
  Time now = ctx.clock->Now();
  json::array tokens;
  for (const auto& t : ctx.config->api_tokens) {
    tokens.push_back(json::object{{"name", t.name},
                                  {"role", access::ToString(t.role)},
                                  {"person", t.person},
                                  {"source", "config"},
                                  {"state", "live"}});
  }
  for (const auto& t : *issued) {
    tokens.push_back(json::object{{"name", t.name},
                                  {"role", t.role},
                                  {"person", t.person},
                                  {"source", "issued"},
                                  {"state", State(t, now)},
                                  {"created_at", FormatTimestamp(t.created_at)},
                                  {"created_by", t.created_by},
                                  {"expires_at", OptTime(t.expires_at)},
                                  {"revoked_at", OptTime(t.revoked_at)},
                                  {"revoked_by", t.revoked_by}});
  }
  reply(http::Response::Json(200, json::serialize(json::object{{"tokens", std::move(tokens)}})));
}

void Revoke(const Context& ctx, http::Request& req, http::Reply reply) {
  auto admin = Require(ctx, req, reply, access::Role::kAdmin);
  if (!admin) return;
  std::string name(req.Param("name").value_or(""));
  if (Configured(ctx, name)) {
    return reply(http::Response::Error(
        409, fmt::format("\"{}\" is a token in the configuration; remove it there", name)));
  }
  Time now = ctx.clock->Now();
  if (auto st = ctx.tokens->RevokeApiToken(name, admin->actor(), now); !st) {
    return reply(ErrorResponse(st.error()));
  }
  log::Info("tokens: {} revoked token \"{}\"", admin->actor(), name);
  json::object out{{"name", name}, {"revoked_at", FormatTimestamp(now)}, {"revoked_by", admin->actor()}};
  ReplyWhenDurable(ctx, http::Response::Json(200, json::serialize(out)), std::move(reply));
}

}  // namespace

void AddTokenRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  auto bind = [c](void (*fn)(const Context&, http::Request&, http::Reply)) {
    return [c, fn](http::Request& req, http::Reply reply) {
      if (!c->tokens) return reply(http::Response::Error(501, "this store does not keep API tokens"));
      fn(*c, req, std::move(reply));
    };
  };
  router.Add("POST", "/api/v1/tokens", Needs(access::Role::kAdmin), bind(Create));
  router.Add("GET", "/api/v1/tokens", Needs(access::Role::kAdmin), bind(List));
  router.Add("POST", "/api/v1/tokens/{name}/revoke", Needs(access::Role::kAdmin), bind(Revoke));
}

}  // namespace klaxon::api
