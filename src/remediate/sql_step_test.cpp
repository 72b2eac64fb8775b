// `sql` steps against a real PostgreSQL server started for this suite: rows
// affected and the output table, alert values bound as parameters (never
// spliced), the step's timeout through statement_timeout, a refused
// statement with its SQLSTATE, read-only diagnostics, and a server that is
// down.
#include <gtest/gtest.h>

#include "remediate/sql_step.h"
#include "testing/postgres_server.h"

namespace klaxon::remediate {
namespace {

using namespace std::chrono_literals;
using testing::PostgresServer;

class SqlStep : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = PostgresServer::Start();
    ASSERT_TRUE(s) << s.error();
    server_ = std::move(*s).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr) << "the server did not start";
    auto made = server_->Query(
        "DROP TABLE IF EXISTS jobs; CREATE TABLE jobs (id int, service text, state text);"
        "INSERT INTO jobs VALUES (1, 'api', 'stuck'), (2, 'api', 'stuck'), (3, 'web', 'stuck')");
    ASSERT_TRUE(made) << made.error();
  }
  static Job SqlJob(std::string statement, std::vector<std::optional<std::string>> params = {},
                    Duration timeout = 10s) {
    Job job;
    job.step_row = 7;
    job.incident_id = 3;
    job.action.type = "sql";
    job.action.dsn = server_->Dsn();
    job.action.statement = std::move(statement);
    job.action.timeout = timeout;
    job.params = std::move(params);
    return job;
  }

  static PostgresServer* server_;
};

PostgresServer* SqlStep::server_ = nullptr;

TEST_F(SqlStep, RunsTheStatementWithLabelsBoundAsParameters) {
  Job job = SqlJob("UPDATE jobs SET state = 'retry' WHERE service = $1 AND state = 'stuck'",
                   {std::string("api")});
  job.action.params = {"service"};
  StepResult r = RunStep(job);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.step_row, 7);
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.command_tag, "UPDATE 2");
  EXPECT_EQ(r.head, "UPDATE 2\n");
  EXPECT_EQ(Summarize(r).rfind("UPDATE 2 in ", 0), 0u) << Summarize(r);
  EXPECT_EQ(*server_->Query("SELECT count(*) FROM jobs WHERE state = 'retry'"), "2");
  EXPECT_EQ(DescribeCommand(job.action),
            R"({"sql":"UPDATE jobs SET state = 'retry' WHERE service = $1 AND state = 'stuck'","params":["service"]})");
}

TEST_F(SqlStep, AHostileLabelIsOnlyData) {
  std::string hostile = "api'; DROP TABLE jobs; --";
  StepResult r = RunStep(SqlJob("DELETE FROM jobs WHERE service = $1", {hostile}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.rows, 0);
  EXPECT_EQ(*server_->Query("SELECT count(*) FROM jobs"), "3");
  r = RunStep(SqlJob("SELECT count(*) AS n FROM jobs WHERE service = $1", {std::nullopt}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.head, "n\n0\nSELECT 1\n") << "a missing label is NULL, which matches nothing";
}

TEST_F(SqlStep, RowsAreTheOutput) {
  StepResult r = RunStep(SqlJob("SELECT id, service, NULL AS note FROM jobs ORDER BY id"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(r.head, "id\tservice\tnote\n1\tapi\tNULL\n2\tapi\tNULL\n3\tweb\tNULL\nSELECT 3\n");
}

TEST_F(SqlStep, TheTimeoutCancelsTheStatementOnTheServer) {
  auto started = std::chrono::steady_clock::now();
  StepResult r = RunStep(SqlJob("SELECT pg_sleep(30)", {}, 1s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.timed_out);
  EXPECT_NE(r.error.find("canceling statement due to statement timeout"), std::string::npos)
      << r.error;
  EXPECT_EQ(Summarize(r).rfind("timed out after ", 0), 0u) << Summarize(r);
  EXPECT_EQ(*server_->Query("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT "
                            "pg_sleep(30)' AND state = 'active'"),
            "0");
}

TEST_F(SqlStep, ARefusedStatementCarriesItsSqlState) {
  StepResult r = RunStep(SqlJob("SELEC 1"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.sql_state, "42601");
  EXPECT_EQ(Summarize(r).rfind("SQL error 42601 after ", 0), 0u) << Summarize(r);
  EXPECT_NE(ResultJson(r).find(R"("sql_state":"42601")"), std::string::npos) << ResultJson(r);
  r = RunStep(SqlJob("DELETE FROM jobs; DELETE FROM jobs"));
  EXPECT_FALSE(r.ok) << "one statement only";
  EXPECT_EQ(*server_->Query("SELECT count(*) FROM jobs"), "3");
}

TEST_F(SqlStep, ReadOnlyDiagnosticsCannotWrite) {
  Job job = SqlJob("DELETE FROM jobs");
  job.action.read_only = true;
  StepResult r = RunStep(job);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.sql_state, "25006") << r.error;
  EXPECT_EQ(*server_->Query("SELECT count(*) FROM jobs"), "3");
  job.action.statement = "SELECT count(*) FROM jobs";
  r = RunStep(job);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.head, "count\n3\nSELECT 1\n");
}

TEST_F(SqlStep, AServerThatIsDownCannotRunIt) {
  auto other = PostgresServer::Start();
  ASSERT_TRUE(other) << other.error();
  std::string dsn = (*other)->Dsn() + " password=never-shown-789";
  (*other)->Stop();
  Job job = SqlJob("SELECT 1");
  job.action.dsn = dsn;
  StepResult r = RunStep(job);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(Summarize(r).rfind("could not run: cannot connect to 127.0.0.1:", 0), 0u)
      << Summarize(r);
  EXPECT_EQ(ResultJson(r).find("never-shown"), std::string::npos) << ResultJson(r);
}

}  // namespace
}  // namespace klaxon::remediate
