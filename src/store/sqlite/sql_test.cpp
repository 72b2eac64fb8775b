#include "store/sqlite/sql.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace klaxon::store::sqlite {
namespace {

TEST(QueryFile, SplitsNamedSections) {
  std::string text =
      "-- file comment\n"
      "\n"
      "-- name: first\n"
      "-- what it does\n"
      "SELECT 1;\n"
      "\n"
      "-- name: second\n"
      "SELECT 2\n"
      "FROM t;\n";
  auto parsed = ParseQueryFile("t.sql", text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].name, "first");
  EXPECT_EQ((*parsed)[0].sql, "-- what it does\nSELECT 1;");
  EXPECT_EQ((*parsed)[1].name, "second");
  EXPECT_EQ((*parsed)[1].sql, "SELECT 2\nFROM t;");
}

TEST(QueryFile, RejectsDefects) {
  EXPECT_FALSE(ParseQueryFile("t.sql", "SELECT 1;\n-- name: a\nSELECT 2;").has_value());
  EXPECT_FALSE(ParseQueryFile("t.sql", "-- name: a\n-- only a comment\n").has_value());
  EXPECT_FALSE(
      ParseQueryFile("t.sql", "-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;").has_value());
  EXPECT_FALSE(ParseQueryFile("t.sql", "-- name: \nSELECT 1;").has_value());
  EXPECT_FALSE(ParseQueryFile("t.sql", "-- name: two words\nSELECT 1;").has_value());
}

TEST(EmbeddedSql, EveryFileIsEmbeddedAndNamesAreUnique) {
  auto queries = AllQueries();
  ASSERT_TRUE(queries.has_value()) << queries.error().message;
  EXPECT_GE(queries->size(), 20u);
  for (std::string_view name : {"append_alert_log", "alert_log_after", "list_incidents", "due_timers",
                                "begin_write", "record_migration"}) {
    auto q = FindQuery(name);
    ASSERT_TRUE(q.has_value()) << name;
    EXPECT_FALSE(q->sql.empty());
  }
  EXPECT_FALSE(FindQuery("no_such_query").has_value());
}

TEST(EmbeddedSql, MigrationsAreNumberedFromOneInIncreasingOrder) {
  auto migrations = Migrations();
  ASSERT_TRUE(migrations.has_value()) << migrations.error().message;
  ASSERT_FALSE(migrations->empty());
  EXPECT_EQ(migrations->front().version, 1);
  int previous = 0;
  for (const Migration& m : *migrations) {
    EXPECT_GT(m.version, previous);  // gaps allowed: a number may be reserved
    previous = m.version;
    EXPECT_TRUE(m.name.starts_with(fmt::format("{:04}_", m.version))) << m.name;
    EXPECT_FALSE(m.sql.empty());
  }
}

}  // namespace
}  // namespace klaxon::store::sqlite
