#include "api/auth.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace klaxon::api
