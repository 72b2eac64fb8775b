#include "api/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>

#include "access/token.h"
#include "core/log.h"

namespace klaxon::api {
namespace {

// OpenSSL 3 looks the implementation up on every EVP_sha256() digest (a
// locked property query); fetching it once keeps that off the request path.
// Never freed: it lives as long as the process.
const EVP_MD* Sha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// Hashing both sides first makes the comparison length-independent.
std::array<unsigned char, SHA256_DIGEST_LENGTH> Digest(std::string_view s) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> out{};
  unsigned int len = 0;
  const EVP_MD* md = Sha256();
  EVP_Digest(s.data(), s.size(), out.data(), &len, md ? md : EVP_sha256(), nullptr);
  return out;
}

std::string DecodeBase64(std::string_view in) {
  std::string out((in.size() / 4 + 1) * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return {};
  size_t len = static_cast<size_t>(n);
  // EVP_DecodeBlock counts padding bytes as output; drop them.
  if (!in.empty() && in.back() == '=') len--;
  if (in.size() > 1 && in[in.size() - 2] == '=') len--;
  out.resize(len);
  return out;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  auto da = Digest(a);
  auto db = Digest(b);
  return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

Authenticator::Digest Authenticator::DigestOf(std::string_view secret) {
  static_assert(sizeof(Digest) == SHA256_DIGEST_LENGTH);
  auto d = klaxon::api::Digest(secret);
  Digest out;
  std::copy(d.begin(), d.end(), out.begin());
  return out;
}

Authenticator::Authenticator(const config::Config& config, store::ApiTokenStore* issued,
                             const Clock* clock)
    : Authenticator(config) {
  issued_ = issued;
  clock_ = clock;
}

Authenticator::Authenticator(const config::Config& config) : config_(config) {
  for (const auto& t : config_.api_tokens) token_digests_.push_back(DigestOf(t.token));
  for (const auto& i : config_.integrations) integration_digests_.push_back(DigestOf(i.key));
}

std::optional<std::string> Authenticator::Credential(const http::Request& request) {
  auto h = request.Header("authorization");
  if (!h) return std::nullopt;
  std::string_view v = *h;
  auto starts = [&](std::string_view p) {
    if (v.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(v[i])) != p[i]) return false;
    }
    return true;
  };
  if (starts("bearer ")) {
    std::string token(v.substr(7));
    while (!token.empty() && token.back() == ' ') token.pop_back();
    return token;
  }
  if (starts("basic ")) {
    std::string decoded = DecodeBase64(v.substr(6));
    auto colon = decoded.find(':');
    if (colon == std::string::npos) return std::nullopt;
    return decoded.substr(colon + 1);
  }
  return std::nullopt;
}

std::optional<Principal> Authenticator::Authenticate(const http::Request& request) const {
  auto cred = Credential(request);
  if (!cred || cred->empty()) return std::nullopt;
  const config::ApiToken* found = nullptr;
  Digest presented = DigestOf(*cred);
  for (size_t i = 0; i < config_.api_tokens.size(); ++i) {
    const auto& t = config_.api_tokens[i];
    if (CRYPTO_memcmp(token_digests_[i].data(), presented.data(), presented.size()) == 0 &&
        !t.token.empty()) {
      found = &t;
    }
  }
  if (!found) return Issued(*cred);
  return Principal{found->name, found->person, found->role};
}

std::optional<Principal> Authenticator::Issued(std::string_view credential) const {
  if (!issued_ || !clock_) return std::nullopt;
  auto found = issued_->FindApiToken(access::TokenDigest(credential));
  if (!found) {
    // Refusing is the safe answer; the caller sees 401 and may retry.
    log::Warn("auth: looking up an API token failed: {}", found.error().message);
    return std::nullopt;
  }
  if (!*found) return std::nullopt;
  const store::ApiTokenRecord& t = **found;
  if (t.revoked_at) return std::nullopt;
  if (t.expires_at && clock_->Now() >= *t.expires_at) return std::nullopt;
  auto role = access::ParseRole(t.role);
  if (!role) return std::nullopt;
  return Principal{t.name, t.person, *role};
}

const config::Integration* Authenticator::IntegrationByKey(std::string_view key) const {
  if (key.empty()) return nullptr;
  const config::Integration* found = nullptr;
  Digest presented = DigestOf(key);
  for (size_t n = 0; n < config_.integrations.size(); ++n) {
    const auto& i = config_.integrations[n];
    if (CRYPTO_memcmp(integration_digests_[n].data(), presented.data(), presented.size()) == 0 &&
        !i.key.empty()) {
      found = &i;
    }
  }
  return found;
}

}  // namespace klaxon::api
