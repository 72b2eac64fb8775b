// Hostile and broken input: the loader must return diagnostics, never crash,
// hang or throw. Inputs are generated from fixed seeds so runs are repeatable.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

std::string Example() {
  std::ifstream in(std::string(KLAXON_EXAMPLES_DIR) + "/cocopay/klaxon.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Loads `text` and checks the invariants every result must hold.
void LoadAndCheck(const std::string& text) {
  auto env = test::MapEnv({{"KLAXON_PROMETHEUS_KEY", "k-0123456789abcdef-1"}});
  auto loaded = LoadString(text, "fuzz.yaml", env);
  if (loaded) return;
  ASSERT_FALSE(loaded.error().empty());
  for (const auto& d : loaded.error()) {
    ASSERT_EQ(d.file, "fuzz.yaml");
    ASSERT_GE(d.line, 0);
    ASSERT_GE(d.column, 0);
    ASSERT_FALSE(d.message.empty());
  }
}

TEST(Robustness, EveryTruncationOfTheExample) {
  const std::string text = Example();
  ASSERT_GT(text.size(), 1000u);
  for (size_t n = 0; n < text.size(); n += 41) LoadAndCheck(text.substr(0, n));
}

TEST(Robustness, RandomByteFlipsInTheExample) {
  const std::string text = Example();
  std::mt19937 rng(20240807);
  const std::string alphabet = ":-[]{}&*!|>'\"%@`#,?\n\t ${}\\x0";
  for (int round = 0; round < 300; ++round) {
    std::string mutated = text;
    int flips = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < flips; ++i) {
      mutated[rng() % mutated.size()] = alphabet[rng() % alphabet.size()];
    }
    LoadAndCheck(mutated);
  }
}

TEST(Robustness, InputsThatHangYamlCppLoadAll) {
  // yaml-cpp 0.7's LoadAll allocates forever on these; the loader must not.
  for (const char* text : {",\n", ", a\n", ", a\nserver: {}\n", "#c\n,   x; y's\nserver:\n  listen: a\n"}) {
    auto r = LoadString(text, "comma.yaml", test::MapEnv({}));
    ASSERT_FALSE(r.has_value()) << text;
    EXPECT_NE(r.error().front().ToString().find("comma.yaml:"), std::string::npos);
  }
}

TEST(Robustness, RandomGarbage) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string garbage(rng() % 400, '\0');
    for (char& c : garbage) c = static_cast<char>(rng() % 256);
    LoadAndCheck(garbage);
  }
}

TEST(Robustness, DeepNesting) {
  LoadAndCheck(std::string(100000, '[') + std::string(100000, ']'));
  LoadAndCheck(std::string(100000, '{'));
  std::string maps;
  for (int i = 0; i < 5000; ++i) maps += std::string(i, ' ') + "a:\n";
  LoadAndCheck(maps);
  LoadAndCheck("runbooks:\n  - actions:\n      - http:\n          headers: " +
               std::string(50000, '[') + "\n");
}

TEST(Robustness, AliasesAndSelfReference) {
  // yaml-cpp builds a cyclic node for an alias to its own open anchor.
  LoadAndCheck("severities: &a [*a]\n");
  LoadAndCheck("runbooks: &r\n  - id: x\n    tags: *r\n    symptoms: *r\n");
  LoadAndCheck("server: &s {listen: *s}\n");
  // Exponential expansion if walked naively.
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 30; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) bomb += std::string(j ? ", " : "") + "*a" + std::to_string(i - 1);
    bomb += "]\n";
  }
  LoadAndCheck(bomb);
  LoadAndCheck(test::kSeverities + std::string("runbooks: [{id: R, title: T, severity: SEV1, "
                                               "symptoms: ") +
               "*nope}]\n");
}

TEST(Robustness, OddScalarsAndKeys) {
  LoadAndCheck("? [a, b]\n: c\n");
  LoadAndCheck("severities:\n  - {? {a: b} : c}\n");
  LoadAndCheck("!!binary x: y\n");
  LoadAndCheck("%YAML 1.2\n---\nseverities: []\n");
  LoadAndCheck("severities: !!map {}\n");
  LoadAndCheck(std::string("severities:\n  - id: \"\\x00\"\n"));
  LoadAndCheck(std::string("a\0b: c\n", 7));
  LoadAndCheck("\xef\xbb\xbfseverities: []\n");
  LoadAndCheck("server: {http_threads: 99999999999999999999999}\n");
  LoadAndCheck("server: {body_limit: 99999999999999999999TiB}\n");
  LoadAndCheck("severities: [{id: SEV1, response_time: 99999999999999999999h}]\n");
}

TEST(Robustness, FloodOfProblemsIsCapped) {
  std::string text = "severities:\n";
  for (int i = 0; i < 2000; ++i) text += "  - {id: 'bad id', response_time: 2x}\n";
  auto loaded = LoadString(text, "flood.yaml", test::NoEnv());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().size(), 501u);
  EXPECT_EQ(loaded.error().back().ToString(), "flood.yaml: too many problems; stopped after 500");
}

}  // namespace
}  // namespace klaxon::config
