#pragma once
// Who is calling. API requests carry `Authorization: Bearer <token>`, matched
// against the configured api_tokens, then against the tokens klaxon issued
// (store::ApiTokenRecord: by the SHA-256 of the token, live ones only: not
// revoked, not expired at the clock's now); ingest requests carry an
// integration key, never an API token. Every comparison with a configured
// secret is constant-time and every one is compared, so timing tells nothing
// about which key was close; issued tokens are looked up by digest, which
// tells nothing about any token.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "access/role.h"
#include "config/config.h"
#include "core/clock.h"
#include "store/api_tokens.h"
#include "http/types.h"

namespace klaxon::api {

struct Principal {
  std::string name;    // token name (shown on the timeline as the actor)
  std::string person;  // person id, "" for a service token
  access::Role role = access::Role::kViewer;
  // The actor recorded on the timeline: the person if known, else the token.
  const std::string& actor() const { return person.empty() ? name : person; }
};

class Authenticator {
 public:
  // `config` must outlive the authenticator. Digests of every configured
  // secret are computed once here, so a request costs one hash, not one per key.
  explicit Authenticator(const config::Config& config);
  // Also accepts the tokens `issued` holds (both must outlive the
  // authenticator; `clock` decides expiry).
  Authenticator(const config::Config& config, store::ApiTokenStore* issued, const Clock* clock);

  // The bearer (or Basic password) credential of a request, if any.
  static std::optional<std::string> Credential(const http::Request& request);

  // nullopt: no or unknown token.
  std::optional<Principal> Authenticate(const http::Request& request) const;
  // The integration whose key this is, of any type; nullptr if none.
  const config::Integration* IntegrationByKey(std::string_view key) const;

 private:
  using Digest = std::array<unsigned char, 32>;
  static Digest DigestOf(std::string_view secret);

  std::optional<Principal> Issued(std::string_view credential) const;

  const config::Config& config_;
  store::ApiTokenStore* issued_ = nullptr;
  const Clock* clock_ = nullptr;
  std::vector<Digest> token_digests_;        // parallel to config_.api_tokens
  std::vector<Digest> integration_digests_;  // parallel to config_.integrations
};

bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace klaxon::api
