// What `postgres` probes and `sql` steps read: the DSN checked as libpq reads
// it and never quoted, the query or statement required, bound parameters
// named by label, and their problems as exact "file:line:column: message".
#include <gtest/gtest.h>

#include "config/loader.h"
#include "config/test_support.h"

namespace klaxon::config {
namespace {

using Lines = std::vector<std::string>;
using namespace std::chrono_literals;

const EnvLookup kEnv = test::MapEnv(
    {{"DB_DSN", "postgresql://monitor:hunter2-secret@db.internal:5432/app"},
     {"BAD_DSN", "host=db passwrd=hunter2-secret"}});

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& rest) {
  return LoadString(test::kSeverities + rest, "t.yaml", kEnv);
}
Lines Problems(const std::string& rest) { return test::Problems(Load(rest)); }

TEST(PostgresConfig, ProbesAreRead) {
  auto cfg = Load(R"(probes:
  - id: db-connections
    kind: postgres
    dsn: ${DB_DSN}
    query: SELECT count(*) FROM pg_stat_activity
    interval: 30s
    timeout: 5s
    thresholds:
      - {above: 90, severity: SEV1}
  - id: db-locks
    kind: postgres
    dsn: "host=db.internal dbname=app user=monitor"
    query: SELECT pid FROM pg_locks WHERE NOT granted
    result: rows
    interval: 1m
)");
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  ASSERT_EQ(cfg->probes.size(), 2u);
  const probe::Spec& count = cfg->probes[0].spec;
  EXPECT_EQ(count.kind(), probe::Kind::kPostgres);
  EXPECT_EQ(count.timeout, 5s);
  const auto& t = std::get<probe::PostgresTarget>(count.target);
  EXPECT_EQ(t.dsn, "postgresql://monitor:hunter2-secret@db.internal:5432/app");
  EXPECT_EQ(t.query, "SELECT count(*) FROM pg_stat_activity");
  EXPECT_EQ(t.result, probe::PostgresTarget::Result::kValue) << "the default";
  ASSERT_EQ(count.thresholds.size(), 1u);
  EXPECT_EQ(count.thresholds[0].limit, 90);
  EXPECT_EQ(std::get<probe::PostgresTarget>(cfg->probes[1].spec.target).result,
            probe::PostgresTarget::Result::kRows);
}

TEST(PostgresConfig, ProbeProblemsArePositionedAndNeverQuoteTheDsn) {
  Lines problems = Problems(R"(probes:
  - id: a
    kind: postgres
    dsn: ${DB_DSN}
    interval: 30s
  - id: b
    kind: postgres
    dsn: "host=db dbnme=app"
    query: SELECT 1
    interval: 30s
  - id: c
    kind: postgres
    dsn: ${BAD_DSN}
    query: SELECT 1
    interval: 30s
  - id: d
    kind: postgres
    dsn: "host=db password=written-here"
    query: SELECT 1
    result: count
    interval: 30s
  - id: e
    kind: postgres
    dsn: "not a dsn"
    query: " ; "
    interval: 30s
)");
  EXPECT_EQ(problems,
            (Lines{"t.yaml:5:5: probe is missing required key \"query\"",
                   "t.yaml:11:10: unknown key \"dbnme\" in the dsn; did you mean \"dbname\"?",
                   "t.yaml:16:10: unknown key \"passwrd\" in the dsn; did you mean \"password\"?",
                   "t.yaml:21:10: the dsn holds a password written in the file; take the dsn "
                   "from the environment instead, e.g. dsn: ${DATABASE_DSN}",
                   "t.yaml:23:13: unknown result \"count\" (expected one of: value, rows)",
                   "t.yaml:27:10: invalid dsn: not a valid DSN: expected key=value pairs "
                   "(host=db dbname=app user=ro) or a postgresql:// URI",
                   "t.yaml:28:12: \"query\" must not be empty"}));
  for (const auto& p : problems) {
    EXPECT_EQ(p.find("hunter2"), std::string::npos) << p;
    EXPECT_EQ(p.find("written-here"), std::string::npos) << p;
  }
}

TEST(PostgresConfig, KeysOfThePostgresKindOnly) {
  EXPECT_EQ(Problems("probes:\n"
                     "  - {id: p, kind: tcp, interval: 1m, address: \"db:5432\", query: SELECT 1}\n"
                     "  - {id: q, kind: postgres, interval: 1m, dsn: host=db, query: SELECT 1, "
                     "url: \"http://x\"}\n"),
            (Lines{"t.yaml:5:58: \"query\" does not apply to a tcp probe (its keys: address)",
                   "t.yaml:6:74: \"url\" does not apply to a postgres probe (its keys: dsn, "
                   "query, result)"}));
}

std::string WithActions(const std::string& actions) {
  return "runbooks:\n"
         "  - id: RB-1\n"
         "    title: T\n"
         "    severity: SEV1\n"
         "    actions:\n" +
         actions;
}

TEST(PostgresConfig, SqlStepsBindLabelsAsParameters) {
  auto cfg = Load(WithActions(
      "      - name: Terminate idle sessions\n"
      "        sql:\n"
      "          dsn: ${DB_DSN}\n"
      "          statement: SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
      "usename = $1\n"
      "          params: [db_user]\n"
      "        requires_approval: lead\n"
      "        timeout: 10s\n"));
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const Action& a = cfg->runbooks[0].actions[0];
  EXPECT_EQ(a.type, "sql");
  EXPECT_EQ(a.params, std::vector<std::string>{"db_user"});
  EXPECT_EQ(a.timeout, 10s);
  EXPECT_FALSE(a.read_only);
  EXPECT_TRUE(a.requires_approval);
}

TEST(PostgresConfig, SqlStepProblems) {
  Lines problems = Problems(WithActions("      - sql: {dsn: '${BAD_DSN}'}\n"
                                        "      - sql: {dsn: 'host=db', statement: '', params: "
                                        "[9lives]}\n"
                                        "      - sql: {dsn: '${DB_DSN}', statement: SELECT 1}\n"
                                        "        env: {A: b}\n"));
  EXPECT_EQ(problems,
            (Lines{"t.yaml:9:14: sql action is missing required key \"statement\"",
                   "t.yaml:9:20: unknown key \"passwrd\" in the dsn; did you mean \"password\"?",
                   "t.yaml:10:42: \"statement\" must not be empty",
                   "t.yaml:10:55: invalid label name \"9lives\": use letters, digits and _, not "
                   "starting with a digit",
                   "t.yaml:12:14: \"env\" does not apply to sql actions; it applies to exec "
                   "and shell"}));
}

TEST(PostgresConfig, SqlDiagnosticsRunReadOnly) {
  auto cfg = Load(WithActions("      - {notify: hi}\n"
                              "    investigation:\n"
                              "      - title: Connection count\n"
                              "        auto: true\n"
                              "        sql: {dsn: '${DB_DSN}', statement: SELECT count(*) FROM "
                              "pg_stat_activity}\n"
                              "        timeout: 5s\n"));
  ASSERT_TRUE(cfg) << test::Problems(cfg)[0];
  const Step& step = cfg->runbooks[0].investigation[0];
  ASSERT_TRUE(step.command);
  EXPECT_EQ(step.command->type, "sql");
  EXPECT_TRUE(step.command->read_only);
  EXPECT_EQ(step.command->timeout, 5s);
}

}  // namespace
}  // namespace klaxon::config
