// Every format against hostile input: whatever the bytes, a parser returns a
// batch or a readable error, and never crashes, hangs or throws. Inputs are
// generated from fixed seeds so failures reproduce.

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ingest/sources/registry.h"

namespace klaxon::ingest {
namespace {

const ParseContext kCtx{.now = FromUnixMillis(1754559000000), .max_alerts = 100};

// A valid body for each format, used as the seed of mutations.
const std::vector<std::string>& Seeds() {
  static const std::vector<std::string> seeds = {
      R"([{"labels":{"alertname":"HighErrorRate","service":"api"},"annotations":{"summary":"x > 5%"},
          "startsAt":"2025-08-07T09:14:22Z","endsAt":"2025-08-07T09:20:22Z","generatorURL":"http://p"}])",
      R"({"version":"4","status":"firing","groupLabels":{"a":"b"},"alerts":[{"status":"resolved",
          "labels":{"alertname":"A","i":"1"},"annotations":{"s":"t"},"startsAt":"2025-08-07T09:14:22.114Z",
          "endsAt":"0001-01-01T00:00:00Z","fingerprint":"3f8c1a2b9d4e5f60"}]})",
      R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger","dedup_key":"k",
          "payload":{"summary":"s","source":"h","severity":"critical","timestamp":"2025-07-17T08:42:58.315+0000",
          "custom_details":{"a":[1,2,{"b":null}]}},"links":[{"href":"h","text":"t"}],"images":[{"src":"s"}]})",
      R"({"alerts":[{"name":"A","labels":{"h":"1"},"summary":"s","status":"resolved","dedup_key":"d",
          "starts_at":"2025-08-07T09:14:22Z","annotations":{"n":1.5,"b":true}}]})",
  };
  return seeds;
}

// Runs every format on `body`: any outcome is fine except a crash, an
// exception, or an error without a usable message.
void FeedAll(std::string_view body) {
  for (const SourceFormat& format : AllSources()) {
    Result<ParsedBatch> result = format.parse(body, kCtx);
    if (result) {
      EXPECT_LE(result->alerts.size(), kCtx.max_alerts);
      for (const Alert& a : result->alerts) EXPECT_FALSE(a.labels.empty()) << format.name;
    } else {
      const std::string& m = result.error().message;
      EXPECT_FALSE(m.empty()) << format.name;
      EXPECT_LT(m.size(), 2048u) << format.name << " echoes too much input";
      for (char c : m) {
        ASSERT_FALSE(static_cast<unsigned char>(c) < 0x20) << format.name << ": " << m;
      }
    }
  }
}

TEST(RobustnessTest, SeedsParseWithTheirOwnFormat) {
  auto sources = AllSources();
  ASSERT_EQ(sources.size(), Seeds().size());
  for (size_t i = 0; i < sources.size(); ++i) {
    auto batch = sources[i].parse(Seeds()[i], kCtx);
    EXPECT_TRUE(batch) << sources[i].name << ": " << batch.error().message;
  }
}

TEST(RobustnessTest, EveryTruncation) {
  for (const std::string& seed : Seeds()) {
    for (size_t n = 0; n < seed.size(); ++n) FeedAll(std::string_view(seed).substr(0, n));
  }
}

TEST(RobustnessTest, RandomByteMutations) {
  std::mt19937 rng(20250807);
  for (const std::string& seed : Seeds()) {
    for (int round = 0; round < 1500; ++round) {
      std::string body = seed;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        size_t at = rng() % body.size();
        switch (rng() % 4) {
          case 0:
            body[at] = static_cast<char>(rng() & 0xff);
            break;
          case 1:
            body.erase(at, 1 + rng() % 8);
            break;
          case 2:
            body.insert(at, 1, "{}[]\",:0\\e-"[rng() % 11]);
            break;
          default:
            body.insert(at, body.substr(rng() % body.size(), rng() % 32));
            break;
        }
        if (body.empty()) body = "x";
      }
      FeedAll(body);
    }
  }
}

TEST(RobustnessTest, RandomGarbage) {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string body(rng() % 256, '\0');
    for (char& c : body) c = static_cast<char>(rng() & 0xff);
    FeedAll(body);
  }
}

TEST(RobustnessTest, DeepNestingIsRefusedNotRecursed) {
  for (size_t depth : {65u, 1000u, 200000u}) {
    FeedAll(std::string(depth, '['));
    FeedAll(std::string(depth, '[') + std::string(depth, ']'));
    std::string objects;
    for (size_t i = 0; i < depth; ++i) objects += "{\"a\":";
    FeedAll(objects);
    for (const SourceFormat& format : AllSources()) {
      auto r = format.parse(std::string(depth, '[') + std::string(depth, ']'), kCtx);
      ASSERT_FALSE(r);
      EXPECT_NE(r.error().message.find("not valid JSON"), std::string::npos) << r.error().message;
    }
  }
}

TEST(RobustnessTest, HugeNumbersInEveryPosition) {
  for (std::string_view n : {"1e999", "-1e999", "123456789012345678901234567890", "-0", "1e-999",
                             "18446744073709551616", "-9223372036854775809"}) {
    std::string s(n);
    FeedAll("[{\"labels\":{\"alertname\":" + s + "}}]");
    FeedAll("[{\"labels\":{\"alertname\":\"A\"},\"annotations\":{\"v\":" + s + "}}]");
    FeedAll("{\"status\":" + s + ",\"alerts\":" + s + "}");
    FeedAll(R"({"routing_key":"r","event_action":"trigger","payload":{"summary":"s","source":"h",
              "severity":"info","custom_details":)" +
            s + "}}");
    FeedAll("{\"name\":\"A\",\"annotations\":{\"v\":[" + s + "]},\"starts_at\":" + s + "}");
  }
}

TEST(RobustnessTest, InvalidUtf8IsRefused) {
  for (std::string_view bad : {"\xff", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf"}) {
    std::string s(bad);
    for (const std::string& body :
         {"[{\"labels\":{\"alertname\":\"" + s + "\"}}]",
          "{\"name\":\"A\",\"summary\":\"" + s + "\"}",
          "{\"routing_key\":\"" + s + "\",\"event_action\":\"resolve\",\"dedup_key\":\"k\"}"}) {
      for (const SourceFormat& format : AllSources()) {
        auto r = format.parse(body, kCtx);
        ASSERT_FALSE(r) << format.name;
        EXPECT_NE(r.error().message.find("not valid JSON"), std::string::npos) << r.error().message;
      }
    }
  }
}

TEST(RobustnessTest, OversizedValuesAndWrongTypesEverywhere) {
  const std::string huge(1 << 20, 'x');
  FeedAll("[{\"labels\":{\"alertname\":\"" + huge + "\"}}]");
  FeedAll("{\"name\":\"" + huge + "\"}");
  FeedAll("{\"routing_key\":\"r\",\"event_action\":\"resolve\",\"dedup_key\":\"" + huge + "\"}");
  FeedAll("[{\"labels\":{\"" + huge + "\":\"v\"}}]");
  for (std::string_view v : {"null", "true", "0", "\"\"", "[]", "{}", "[null]", "[[]]", "[{}]"}) {
    std::string s(v);
    FeedAll(s);
    FeedAll("{\"alerts\":" + s + "}");
    FeedAll("[{\"labels\":" + s + "}]");
    FeedAll("[{\"labels\":{\"alertname\":\"A\"},\"annotations\":" + s + ",\"startsAt\":" + s +
            ",\"endsAt\":" + s + ",\"generatorURL\":" + s + ",\"status\":" + s + "}]");
    FeedAll("{\"status\":\"firing\",\"version\":" + s +
            ",\"alerts\":[{\"labels\":{\"a\":\"b\"},\"status\":" + s + "}]}");
    FeedAll("{\"routing_key\":" + s + ",\"event_action\":" + s + ",\"dedup_key\":" + s +
            ",\"payload\":" + s + ",\"links\":" + s + ",\"images\":" + s + ",\"client\":" + s +
            "}");
    FeedAll("{\"routing_key\":\"r\",\"event_action\":\"trigger\",\"payload\":{\"summary\":" + s +
            ",\"source\":" + s + ",\"severity\":" + s + ",\"timestamp\":" + s + ",\"class\":" + s +
            ",\"custom_details\":" + s + "},\"links\":[" + s + "],\"images\":[" + s + "]}");
    FeedAll("{\"name\":" + s + ",\"labels\":{\"alertname\":\"A\"},\"severity\":" + s +
            ",\"summary\":" + s + ",\"dedup_key\":" + s + ",\"starts_at\":" + s +
            ",\"ends_at\":" + s + "}");
  }
}

TEST(RobustnessTest, TooManyAlertsIsTooLargeForEveryBatchFormat) {
  std::string array = "[";
  for (size_t i = 0; i <= kCtx.max_alerts; ++i)
    array += (i ? ",{\"name\":\"A\"}" : "{\"name\":\"A\"}");
  array += "]";
  for (std::string_view name : {"alertmanager", "generic"}) {
    auto r = FindSource(name)->parse(array, kCtx);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kTooLarge) << name;
  }
  auto r = FindSource("alertmanager-webhook")
               ->parse("{\"status\":\"firing\",\"alerts\":" + array + "}", kCtx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace klaxon::ingest
