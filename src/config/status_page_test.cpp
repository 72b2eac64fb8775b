// The `status_page` section: title, components and what they map to; bad
// input reported with line:column.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& rest) {
  return LoadString(std::string(test::kSeverities) + "services:\n  - {id: payments}\n  - {id: api}\n" + rest,
                    "t.yaml", test::NoEnv());
}
Lines Problems(const std::string& rest) { return test::Problems(Load(rest)); }

TEST(StatusPageConfig, ComponentsAndTheirMappingsAreRead) {
  auto cfg = Load(R"(runbooks:
  - {id: RB-002, title: Payments, severity: SEV2, match: ['alertname="P"']}
status_page:
  id: cocopay
  title: CocoPay Status
  components:
    - id: api
      name: API
      description: The public REST API
      group: Core
      services: [api]
    - id: payments
      name: Payments
      services: [payments]
      runbooks: [RB-002]
    - {id: analytics}
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const auto& sp = cfg->status_page;
  EXPECT_EQ(sp.page.id, "cocopay");
  EXPECT_EQ(sp.page.name, "CocoPay Status");
  // Without `url`, the page lives under the server's external URL.
  EXPECT_EQ(sp.page.url, cfg->server.external_url + "/status");
  ASSERT_EQ(sp.page.components.size(), 3u);
  EXPECT_EQ(sp.page.components[0].description, "The public REST API");
  EXPECT_EQ(sp.page.components[0].group, "Core");
  EXPECT_EQ(sp.page.components[0].services, Lines{"api"});
  EXPECT_EQ(sp.page.components[1].runbooks, Lines{"RB-002"});
  EXPECT_EQ(sp.page.components[2].name, "analytics");  // the id when no name
  ASSERT_NE(sp.FindComponent("payments"), nullptr);
  EXPECT_EQ(sp.FindComponent("nope"), nullptr);
}

TEST(StatusPageConfig, DefaultsWithoutTheSection) {
  auto cfg = Load("server:\n  external_url: https://klaxon.example/\n");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  EXPECT_EQ(cfg->status_page.page.name, "Status");
  EXPECT_EQ(cfg->status_page.page.id, "klaxon");
  EXPECT_EQ(cfg->status_page.page.url, "https://klaxon.example/status");
  EXPECT_TRUE(cfg->status_page.page.components.empty());
  auto own = Load("status_page:\n  url: https://status.example.com/\n");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status_page.page.url, "https://status.example.com");
}

TEST(StatusPageConfig, BadInputIsReportedWhereItIs) {
  EXPECT_EQ(Problems(R"(status_page:
  components:
    - id: api
      servces: [api]
)"),
            (Lines{"t.yaml:10:7: unknown key \"servces\" in status page component; did you mean "
                   "\"services\"? (allowed: id, name, description, group, services, runbooks)"}));
  EXPECT_EQ(Problems(R"(status_page:
  components:
    - {id: api}
    - {id: api, name: Again}
)"),
            (Lines{"t.yaml:10:12: status page component \"api\" is declared twice (first at line 9)"}));
  EXPECT_EQ(Problems(R"(status_page:
  components:
    - {id: api, services: [billing], runbooks: [RB-404]}
)"),
            (Lines{"t.yaml:9:28: unknown service \"billing\" (declared: payments, api)",
                   "t.yaml:9:49: unknown runbook \"RB-404\"; no runbooks are declared"}));
  EXPECT_EQ(Problems("status_page:\n  components:\n    - {name: API}\n"),
            (Lines{"t.yaml:9:7: status page component is missing required key \"id\""}));
  EXPECT_EQ(Problems("status_page:\n  url: ftp://x\n"),
            (Lines{"t.yaml:8:8: invalid url \"ftp://x\": expected an http:// or https:// URL"}));
  EXPECT_EQ(Problems("status_page: [1]\n"),
            (Lines{"t.yaml:7:14: expected a map, got a list"}));
}

}  // namespace
}  // namespace klaxon::config
