// One check for every http(s) URL the configuration holds.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"
#include "config/url.h"

namespace klaxon::config {
namespace {

TEST(HttpUrl, AcceptsAbsoluteHttpAndHttpsUrlsWithAHost) {
  for (const char* ok : {"http://127.0.0.1:3000/up", "https://api.example/health?x=1",
                         "http://[::1]:8080/", "https://user:pw@hooks.example/T0/B0/x",
                         "http://localhost", "https://example.com:65535/"}) {
    EXPECT_EQ(HttpUrlProblem(ok), std::nullopt) << ok;
  }
}

TEST(HttpUrl, SaysWhatIsWrongWithoutRepeatingTheUrl) {
  struct Case {
    const char* url;
    const char* reason;
  };
  for (const Case& c : {Case{"ftp://x", "expected an http:// or https:// URL"},
                        Case{"api.example/up", "expected an http:// or https:// URL"},
                        Case{"http://", "the URL has no host"},
                        Case{"http:///up", "the URL has no host"},
                        Case{"http://127.0.0.1:/t/0", "the URL has an empty port after ':'"},
                        Case{"http://127.0.0.1:0/", "the URL's port must be 1..65535"},
                        Case{"http://h:99999/", "the URL's port must be 1..65535"},
                        Case{"http://h o/", "expected an http:// or https:// URL"}}) {
    EXPECT_EQ(HttpUrlProblem(c.url), std::optional<std::string>(c.reason)) << c.url;
  }
}

TEST(HttpUrl, EverySectionReportsItAtTheValue) {
  const EnvLookup env = test::MapEnv({{"HOOK", "https://hooks.example:/secret-path"}});
  auto problems = test::Problems(LoadString(test::kSeverities + std::string(R"(server:
  external_url: "http://:8080"
probes:
  - {id: p, kind: http, url: "http://127.0.0.1:/t/0"}
notifications:
  channels:
    - {id: hook, type: webhook, url: "${HOOK}", secret: "${HOOK}"}
)"), "t.yaml", env));
  ASSERT_FALSE(problems.empty());
  bool external = false, probe = false, hook = false;
  for (const std::string& line : problems) {
    EXPECT_EQ(line.find("secret-path"), std::string::npos) << "a secret URL is never shown: " << line;
    external |= line.find("invalid external_url \"http://:8080\": the URL has no host") != std::string::npos;
    probe |= line.find("invalid url \"http://127.0.0.1:/t/0\": the URL has an empty port after ':'") !=
             std::string::npos;
    hook |= line.find("from ${HOOK}: the URL has an empty port after ':'") != std::string::npos;
  }
  EXPECT_TRUE(external && probe && hook) << testing::PrintToString(problems);
}

}  // namespace
}  // namespace klaxon::config
