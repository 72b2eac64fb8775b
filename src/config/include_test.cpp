// include: relative paths, concatenation, sections defined twice, cycles, and
// diagnostics that name the file the problem is in.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;
using test::NoEnv;
using test::Problems;

class Includes : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    return dir_.Write(name, text);
  }
  // Paths in diagnostics are as loaded: the directory, then the relative path.
  std::string P(const std::string& name) const { return dir_.path() + "/" + name; }
  test::ScratchDir dir_;
};

TEST_F(Includes, ListSectionsConcatenateInLoadOrder) {
  std::string main = Write("klaxon.yaml",
                           "include: [severities.yaml, runbooks/payments.yaml]\n"
                           "runbooks:\n"
                           "  - {id: RB-main, title: Main, severity: SEV2}\n");
  Write("severities.yaml",
        "severities:\n"
        "  - {id: SEV1, response_time: 15m}\n"
        "  - {id: SEV2, response_time: 1h}\n");
  // Relative to the including file, not to the working directory.
  Write("runbooks/payments.yaml",
        "include: [more.yaml]\n"
        "runbooks:\n"
        "  - {id: RB-pay, title: Pay, severity: SEV1, service: payments}\n");
  Write("runbooks/more.yaml",
        "services: [{id: payments}]\n"
        "runbooks:\n"
        "  - {id: RB-more, title: More, severity: SEV1}\n");
  auto loaded = LoadFile(main, NoEnv());
  ASSERT_TRUE(loaded) << ::testing::PrintToString(Problems(loaded));
  ASSERT_EQ(loaded->severities.size(), 2u);
  EXPECT_EQ(loaded->severities[1].rank, 1);
  ASSERT_EQ(loaded->runbooks.size(), 3u);
  EXPECT_EQ(loaded->runbooks[0].id, "RB-main");  // the including file first
  EXPECT_EQ(loaded->runbooks[1].id, "RB-pay");   // then each include, depth first
  EXPECT_EQ(loaded->runbooks[2].id, "RB-more");
  EXPECT_EQ(loaded->runbooks[1].origin.file, P("runbooks/payments.yaml"));
  EXPECT_EQ(loaded->runbooks[1].origin.line, 3);
  EXPECT_EQ(loaded->source_file, main);
}

TEST_F(Includes, ErrorsNameTheIncludedFile) {
  std::string main = Write("main.yaml",
                           "include:\n"
                           "  - sub/rules.yaml\n"
                           "severities:\n"
                           "  - {id: SEV1, response_time: 15m}\n");
  Write("sub/rules.yaml",
        "runbooks:\n"
        "  - id: RB-1\n"
        "    title: T\n"
        "    severity: SEV1\n"
        "    actions:\n"
        "      - {wait_and_recheck: 2x}\n");
  EXPECT_EQ(Problems(LoadFile(main, NoEnv())),
            Lines{P("sub/rules.yaml") + ":6:28: invalid duration \"2x\": unknown unit \"x\" (use "
                                        "e.g. 30s, 15m, 1h30m, 7d)"});
}

TEST_F(Includes, SyntaxErrorInIncludedFile) {
  std::string main = Write("main.yaml", "include: [broken.yaml]\n");
  Write("broken.yaml", "severities:\n  - {id: SEV1\n");
  EXPECT_EQ(Problems(LoadFile(main, NoEnv())),
            Lines{P("broken.yaml") + ":3:1: YAML syntax error: end of map flow not found"});
}

TEST_F(Includes, SectionDefinedTwiceNamesBothPositions) {
  std::string main = Write("main.yaml",
                           "include: [server.yaml]\n"
                           "severities: [{id: SEV1, response_time: 15m}]\n"
                           "server:\n"
                           "  listen: 0.0.0.0:9099\n");
  Write("server.yaml",
        "\n"
        "server:\n"
        "  listen: 0.0.0.0:9100\n");
  EXPECT_EQ(Problems(LoadFile(main, NoEnv())),
            Lines{P("server.yaml") + ":2:1: section \"server\" is defined twice (first at " +
                  P("main.yaml") + ":3:1); it may appear in only one file"});
}

TEST_F(Includes, CycleIsAnError) {
  std::string a = Write("a.yaml",
                        "include: [b.yaml]\n"
                        "severities: [{id: SEV1, response_time: 15m}]\n");
  Write("b.yaml", "include: [sub/../a.yaml]\n");
  EXPECT_EQ(Problems(LoadFile(a, NoEnv())),
            Lines{P("b.yaml") + ":1:11: include cycle: " + P("a.yaml") + " -> " + P("b.yaml") +
                  " -> " + P("a.yaml")});
  std::string self = Write("self.yaml",
                           "severities: [{id: SEV1, response_time: 15m}]\n"
                           "include: [self.yaml]\n");
  EXPECT_EQ(Problems(LoadFile(self, NoEnv())),
            Lines{P("self.yaml") + ":2:11: include cycle: " + P("self.yaml") + " -> " +
                  P("self.yaml")});
}

TEST_F(Includes, SameFileTwiceIsAnError) {
  std::string main = Write("main.yaml",
                           "include: [common.yaml, other.yaml]\n");
  Write("common.yaml", "severities: [{id: SEV1, response_time: 15m}]\n");
  Write("other.yaml", "include: [./common.yaml]\n");
  EXPECT_EQ(Problems(LoadFile(main, NoEnv())),
            Lines{P("other.yaml") + ":1:11: \"" + P("common.yaml") +
                  "\" is already included (at " + P("main.yaml") +
                  ":1:11); include a file only once"});
}

TEST_F(Includes, MissingOrInvalidIncludes) {
  std::string main = Write("main.yaml",
                           "severities: [{id: SEV1, response_time: 15m}]\n"
                           "include:\n"
                           "  - nope.yaml\n"
                           "  - ${CONFIG_DIR}/x.yaml\n"
                           "  - [a]\n");
  EXPECT_EQ(Problems(LoadFile(main, NoEnv())),
            (Lines{P("main.yaml") + ":3:5: cannot read included file \"" + P("nope.yaml") +
                       "\": no such file or directory",
                   P("main.yaml") + ":4:5: include paths are taken literally; ${...} is not "
                                    "expanded here",
                   P("main.yaml") + ":5:5: expected a string, got a list"}));
  std::string not_list = Write("scalar.yaml",
                               "severities: [{id: SEV1, response_time: 15m}]\n"
                               "include: other.yaml\n");
  EXPECT_EQ(Problems(LoadFile(not_list, NoEnv())),
            Lines{P("scalar.yaml") + ":2:10: expected a list, got a string"});
}

TEST_F(Includes, ReferencesResolveAcrossFiles) {
  std::string main = Write("main.yaml",
                           "include: [people.yaml]\n"
                           "severities: [{id: SEV1, response_time: 15m}]\n"
                           "api_tokens:\n"
                           "  - {name: ci, token: 0123456789abcdef, role: lead, person: ana}\n"
                           "  - {name: x, token: 0123456789abcdeX, role: lead, person: zed}\n");
  Write("people.yaml", "people: [{id: ana, name: Ana}]\n");
  EXPECT_EQ(Problems(LoadFile(main, NoEnv())),
            Lines{P("main.yaml") + ":5:60: unknown person \"zed\" (declared: ana)"});
}

}  // namespace
}  // namespace klaxon::config
