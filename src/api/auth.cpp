#include "api/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

namespace klaxon::api {
namespace {

// Hashing both sides first makes the comparison length-independent.
std::array<unsigned char, SHA256_DIGEST_LENGTH> Digest(std::string_view s) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> out{};
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), out.data(), &len, EVP_sha256(), nullptr);
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

Authenticator::Authenticator(const config::Config& config) : config_(config) {}

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
  for (const auto& t : config_.api_tokens) {
    if (ConstantTimeEquals(t.token, *cred) && !t.token.empty()) found = &t;
  }
  if (!found) return std::nullopt;
  return Principal{found->name, found->person, found->role};
}

const config::Integration* Authenticator::IntegrationByKey(std::string_view key) const {
  if (key.empty()) return nullptr;
  const config::Integration* found = nullptr;
  for (const auto& i : config_.integrations) {
    if (ConstantTimeEquals(i.key, key) && !i.key.empty()) found = &i;
  }
  return found;
}

}  // namespace klaxon::api
