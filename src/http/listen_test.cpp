#include <gtest/gtest.h>

#include "http/server.h"

namespace klaxon::http {
namespace {

TEST(ParseListenTest, Accepted) {
  using HostPort = std::pair<std::string, uint16_t>;
  EXPECT_EQ(ParseListen("127.0.0.1:9099").value(), HostPort("127.0.0.1", 9099));
  EXPECT_EQ(ParseListen("[::1]:9099").value(), HostPort("::1", 9099));
  EXPECT_EQ(ParseListen(":9099").value(), HostPort("0.0.0.0", 9099));
  EXPECT_EQ(ParseListen("localhost:0").value(), HostPort("localhost", 0));
  EXPECT_EQ(ParseListen("0.0.0.0:65535").value(), HostPort("0.0.0.0", 65535));
}

TEST(ParseListenTest, Rejected) {
  for (const char* bad : {"", "9099", "host:", "host:x", "host:65536", "host:-1", "host:80 ", "[::1]",
                          "[::1:80", "[]:80", "::1:80", "[::1]80"}) {
    auto parsed = ParseListen(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace klaxon::http
