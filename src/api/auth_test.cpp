#include "api/auth.h"

#include <gtest/gtest.h>

#include "access/token.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/temp_dir.h"
#include "testing/test_config.h"

namespace klaxon::api {
namespace {

http::Request WithAuth(std::string value) {
  http::Request r;
  r.headers.emplace_back("authorization", std::move(value));
  return r;
}

TEST(Auth, BearerTokensMapToRoles) {
  auto cfg = klaxon::testing::SmallConfig();
  Authenticator auth(cfg);
  auto p = auth.Authenticate(WithAuth("Bearer carol-token"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->role, access::Role::kLead);
  EXPECT_EQ(p->actor(), "carol");
  auto svc = auth.Authenticate(WithAuth("bearer admin-token"));
  ASSERT_TRUE(svc);
  EXPECT_EQ(svc->actor(), "admin");
  EXPECT_FALSE(auth.Authenticate(WithAuth("Bearer carol-token-x")));
  EXPECT_FALSE(auth.Authenticate(WithAuth("Bearer ")));
  EXPECT_FALSE(auth.Authenticate(http::Request{}));
  EXPECT_FALSE(auth.Authenticate(WithAuth("Token carol-token")));
}

TEST(Auth, BasicAuthPasswordIsTheKey) {
  auto cfg = klaxon::testing::SmallConfig();
  Authenticator auth(cfg);
  // base64("prometheus:am-secret-key")
  auto cred = Authenticator::Credential(WithAuth("Basic cHJvbWV0aGV1czphbS1zZWNyZXQta2V5"));
  ASSERT_TRUE(cred);
  EXPECT_EQ(*cred, "am-secret-key");
  const auto* i = auth.IntegrationByKey(*cred);
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->id, "prometheus");
  EXPECT_EQ(auth.IntegrationByKey("nope"), nullptr);
  EXPECT_EQ(auth.IntegrationByKey(""), nullptr);
}

TEST(Auth, RolesAreOrdered) {
  EXPECT_TRUE(access::Allows(access::Role::kLead, access::Role::kEngineer));
  EXPECT_FALSE(access::Allows(access::Role::kEngineer, access::Role::kLead));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

// Issued tokens: found by digest in a real store, refused once revoked or
// expired (by the injected clock), never confused with integration keys.
TEST(Auth, IssuedTokensLiveUntilRevokedOrExpired) {
  auto cfg = klaxon::testing::SmallConfig();
  klaxon::testing::TempDir dir;
  auto store = store::sqlite::Open({dir.File("klaxon.db")});
  ASSERT_TRUE(store) << store.error().message;
  ManualClock clock(ParseTimestamp("2025-08-07T10:00:00Z").value());
  auto* tokens = dynamic_cast<store::ApiTokenStore*>(store->get());
  ASSERT_NE(tokens, nullptr);
  Authenticator auth(cfg, tokens, &clock);
  auto issue = [&](std::string name, std::string token, std::string role,
                   std::optional<Time> expires) {
    store::ApiTokenRecord t;
    t.name = std::move(name);
    t.digest = access::TokenDigest(token);
    t.role = std::move(role);
    t.person = t.name == "ci-alice" ? "alice" : "";
    t.created_at = clock.Now();
    t.created_by = "admin";
    t.expires_at = expires;
    ASSERT_TRUE(tokens->InsertApiToken(t));
  };
  issue("ci-alice", "klx_alice-0123456789", "engineer", clock.Now() + std::chrono::hours(1));
  issue("deployer", "klx_deployer-0123456789", "oncall", std::nullopt);

  auto p = auth.Authenticate(WithAuth("Bearer klx_alice-0123456789"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->role, access::Role::kEngineer);
  EXPECT_EQ(p->actor(), "alice");
  auto svc = auth.Authenticate(WithAuth("Bearer klx_deployer-0123456789"));
  ASSERT_TRUE(svc);
  EXPECT_EQ(svc->actor(), "deployer");
  EXPECT_FALSE(auth.Authenticate(WithAuth("Bearer klx_nobody-0123456789")));
  EXPECT_EQ(auth.IntegrationByKey("klx_deployer-0123456789"), nullptr);
  EXPECT_FALSE(auth.Authenticate(WithAuth("Bearer am-secret-key"))) << "an integration key";
  EXPECT_TRUE(auth.Authenticate(WithAuth("Bearer carol-token"))) << "configured tokens still work";

  clock.Advance(std::chrono::hours(1));  // the expiry instant
  EXPECT_FALSE(auth.Authenticate(WithAuth("Bearer klx_alice-0123456789")));

  ASSERT_TRUE(tokens->RevokeApiToken("deployer", "admin", clock.Now()));
  EXPECT_EQ(tokens->RevokeApiToken("nobody", "admin", clock.Now()).error().code,
            ErrorCode::kNotFound);
  EXPECT_FALSE(auth.Authenticate(WithAuth("Bearer klx_deployer-0123456789")));

  // A live name is taken; a revoked one may be issued again.
  {
    store::ApiTokenRecord again;
    again.name = "ci-alice";
    again.digest = access::TokenDigest("klx_other");
    again.role = "viewer";
    again.created_at = clock.Now();
    EXPECT_EQ(tokens->InsertApiToken(again).error().code, ErrorCode::kConflict);
    again.name = "deployer";
    EXPECT_TRUE(tokens->InsertApiToken(again));
  }
  auto listed = tokens->ListApiTokens();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[1].name, "deployer");
  EXPECT_EQ((*listed)[1].role, "viewer");
  EXPECT_FALSE((*listed)[1].revoked_at);
  EXPECT_TRUE(auth.Authenticate(WithAuth("Bearer klx_other")));
}

}  // namespace
}  // namespace klaxon::api
