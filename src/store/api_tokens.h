#pragma once
// API tokens klaxon issues itself (`klaxon tokens`, POST /api/v1/tokens),
// beside the ones in the configuration. Only the SHA-256 of a token is
// stored; the token itself is shown once, when it is created.
//
// A seam of its own, apart from store.h: an adapter that keeps tokens
// implements it too (the SQLite store does; app/ asks for it), and one that
// does not leaves issued tokens off.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace klaxon::store {

struct ApiTokenRecord {
  std::string name;                // unique among live tokens; the actor without a person
  std::string digest;              // lowercase hex SHA-256 of the token
  std::string role;                // viewer | engineer | oncall | lead | admin
  std::string person;              // person id; "" for a service token
  Time created_at{};
  std::string created_by;          // who created it
  std::optional<Time> expires_at;  // nullopt: never
  std::optional<Time> revoked_at;  // nullopt: live
  std::string revoked_by;
};

// Thread-safe. Each write is one transaction of its own (serialised with the
// store's other writers), committed on return; Store::WhenDurable says when
// it is durable.
class ApiTokenStore {
 public:
  virtual ~ApiTokenStore() = default;

  // kConflict when a live (not revoked) token has this name; a revoked
  // token's name is issued again (its row replaced). revoked_at and
  // revoked_by are ignored.
  virtual Status InsertApiToken(const ApiTokenRecord& token) = 0;
  // kNotFound when no live token has this name.
  virtual Status RevokeApiToken(std::string_view name, std::string_view by, Time at) = 0;
  // Every token issued, live or revoked, by name.
  virtual Result<std::vector<ApiTokenRecord>> ListApiTokens() = 0;
  // The token with this digest (live, expired or revoked: the caller
  // decides); nullopt when there is none.
  virtual Result<std::optional<ApiTokenRecord>> FindApiToken(std::string_view digest) = 0;
};

}  // namespace klaxon::store
