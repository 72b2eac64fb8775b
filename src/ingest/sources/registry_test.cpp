#include <set>
#include <string>

#include <gtest/gtest.h>

#include "ingest/sources/alertmanager/api_v2.h"
#include "ingest/sources/alertmanager/webhook.h"
#include "ingest/sources/generic/generic.h"
#include "ingest/sources/pagerduty/events_v2.h"
#include "ingest/sources/registry.h"

namespace klaxon::ingest {
namespace {

TEST(RegistryTest, ListsTheFourFormats) {
  auto sources = AllSources();
  ASSERT_EQ(sources.size(), 4u);
  struct Expected {
    std::string_view name, path, type;
    AuthStyle auth;
    ParseFn parse;
  };
  const Expected expected[] = {
      {"alertmanager", "/api/v2/alerts", "alertmanager", AuthStyle::kBearer,
       &alertmanager::ParseApiV2},
      {"alertmanager-webhook", "/api/v1/webhooks/alertmanager", "alertmanager", AuthStyle::kBearer,
       &alertmanager::ParseWebhook},
      {"pagerduty", "/v2/enqueue", "pagerduty", AuthStyle::kRoutingKey, &pagerduty::ParseEventsV2},
      {"generic", "/api/v1/alerts", "generic", AuthStyle::kBearer, &generic::Parse},
  };
  for (size_t i = 0; i < sources.size(); ++i) {
    EXPECT_EQ(sources[i].name, expected[i].name);
    EXPECT_EQ(sources[i].path, expected[i].path);
    EXPECT_EQ(sources[i].integration_type, expected[i].type);
    EXPECT_EQ(sources[i].auth, expected[i].auth);
    EXPECT_EQ(sources[i].parse, expected[i].parse);
  }
}

TEST(RegistryTest, NamesAndPathsAreUnique) {
  std::set<std::string_view> names, paths;
  for (const SourceFormat& f : AllSources()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_TRUE(paths.insert(f.path).second) << f.path;
    EXPECT_NE(f.parse, nullptr);
  }
}

TEST(RegistryTest, FindSourceByName) {
  ASSERT_NE(FindSource("pagerduty"), nullptr);
  EXPECT_EQ(FindSource("pagerduty")->path, "/v2/enqueue");
  EXPECT_EQ(FindSource("generic"), &AllSources()[3]);
  EXPECT_EQ(FindSource("sentry"), nullptr);
  EXPECT_EQ(FindSource(""), nullptr);
}

TEST(RegistryTest, EveryAlertNamesItsSource) {
  const ParseContext ctx{.now = FromUnixMillis(1754559000000)};
  const std::pair<std::string_view, std::string_view> bodies[] = {
      {"alertmanager", R"([{"labels":{"alertname":"A"}}])"},
      {"alertmanager-webhook", R"({"status":"firing","alerts":[{"labels":{"alertname":"A"}}]})"},
      {"pagerduty",
       R"({"routing_key":"rk","event_action":"trigger","dedup_key":"k",
           "payload":{"summary":"s","source":"h","severity":"info"}})"},
      {"generic", R"({"name":"A"})"},
  };
  for (const auto& [name, body] : bodies) {
    const SourceFormat* f = FindSource(name);
    ASSERT_NE(f, nullptr);
    auto batch = f->parse(body, ctx);
    ASSERT_TRUE(batch) << name << ": " << batch.error().message;
    ASSERT_EQ(batch->alerts.size(), 1u);
    EXPECT_EQ(batch->alerts[0].source, name);
    EXPECT_EQ(batch->alerts[0].integration, "") << "the HTTP layer fills it in";
  }
}

}  // namespace
}  // namespace klaxon::ingest
