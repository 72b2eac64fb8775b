#include "access/token.h"

#include <gtest/gtest.h>

#include <set>

namespace klaxon::access {
namespace {

TEST(Token, NewTokensAreLongUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = NewToken();
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->size(), 47u) << *t;
    EXPECT_TRUE(t->starts_with("klx_")) << *t;
    EXPECT_EQ(t->find_first_not_of("klx_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
              std::string::npos)
        << *t;
    EXPECT_TRUE(seen.insert(*t).second) << "repeated: " << *t;
  }
}

TEST(Token, DigestIsHexSha256) {
  EXPECT_EQ(TokenDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(TokenDigest("").size(), 64u);
  EXPECT_NE(TokenDigest("klx_a"), TokenDigest("klx_b"));
}

}  // namespace
}  // namespace klaxon::access
