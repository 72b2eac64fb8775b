// `postgres` probes against a real PostgreSQL server started for this suite
// (testing/postgres_server.h): a number and its thresholds, rows, a query
// cut by statement_timeout, a write refused by the READ ONLY transaction,
// a refused connection, and a wrong password that is never echoed.
#include <gtest/gtest.h>

#include "probe/checks.h"
#include "probe/evaluate.h"
#include "testing/postgres_server.h"

namespace klaxon::probe {
namespace {

using namespace std::chrono_literals;
using testing::PostgresServer;

class PostgresCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = PostgresServer::Start();
    ASSERT_TRUE(s) << s.error();
    server_ = std::move(*s).release();
    auto made = server_->Query(
        "CREATE TABLE wallet (usd numeric); INSERT INTO wallet VALUES (420.5);"
        "CREATE ROLE klaxon_secret LOGIN PASSWORD 'right-password-123'");
    ASSERT_TRUE(made) << made.error();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_, nullptr) << "the server did not start"; }

  static Spec Probe(std::string query, PostgresTarget::Result result = PostgresTarget::Result::kValue,
                    std::string dsn = "") {
    Spec s;
    s.id = "db";
    s.timeout = 5s;
    s.target = PostgresTarget{dsn.empty() ? server_->Dsn() : dsn, std::move(query), result};
    return s;
  }
  static Verdict Judge(const Spec& spec) { return Evaluate(spec, RunCheck(spec), Time{}); }

  static PostgresServer* server_;
};

PostgresServer* PostgresCheck::server_ = nullptr;

TEST_F(PostgresCheck, TheFirstColumnOfTheFirstRowIsTheValue) {
  Spec spec = Probe("SELECT usd FROM wallet");
  Verdict v = Judge(spec);
  EXPECT_FALSE(v.failing) << v.detail;
  EXPECT_EQ(v.value, 420.5);

  spec.thresholds = {{Threshold::Direction::kBelow, 100, "SEV2"},
                     {Threshold::Direction::kBelow, 1000, "SEV3"}};
  v = Judge(spec);
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.severity, "SEV3");
  EXPECT_EQ(v.detail, "value 420.5 is below 1000 (SEV3)");

  v = Judge(Probe("SELECT pg_is_in_recovery()"));
  EXPECT_FALSE(v.failing) << v.detail;
  EXPECT_EQ(v.value, 0) << "a boolean is 1 or 0";
  EXPECT_TRUE(Judge(Probe("SELECT NULL::int")).failing);
  EXPECT_EQ(Judge(Probe("SELECT 'many'")).detail, "the query returned many, not a number");
  EXPECT_EQ(Judge(Probe("SELECT 1 WHERE false")).detail, "the query returned no row");
}

TEST_F(PostgresCheck, RowsFailWhenAnyIsReturnedOrCountAgainstThresholds) {
  Verdict none = Judge(Probe("SELECT pid FROM pg_locks WHERE NOT granted",
                             PostgresTarget::Result::kRows));
  EXPECT_FALSE(none.failing) << none.detail;
  EXPECT_EQ(none.value, 0);

  Verdict some = Judge(Probe("SELECT n, 'x' AS label FROM generate_series(1, 3) AS n",
                             PostgresTarget::Result::kRows));
  EXPECT_TRUE(some.failing);
  EXPECT_EQ(some.detail, "3 rows, the first: n=1, label=x");
  EXPECT_EQ(some.value, 3);

  Spec counted = Probe("SELECT * FROM generate_series(1, 3)", PostgresTarget::Result::kRows);
  counted.thresholds = {{Threshold::Direction::kAbove, 5, "SEV2"}};
  Verdict v = Judge(counted);
  EXPECT_FALSE(v.failing) << v.detail;
  EXPECT_EQ(v.value, 3);
}

TEST_F(PostgresCheck, AQueryOverTheTimeoutIsCancelledByStatementTimeout) {
  Spec spec = Probe("SELECT pg_sleep(30)");
  spec.timeout = 1s;
  auto started = std::chrono::steady_clock::now();
  auto observed = RunCheck(spec);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(observed);
  EXPECT_NE(observed.error().message.find("statement_timeout"), std::string::npos)
      << observed.error().message;
  EXPECT_NE(observed.error().message.find("canceling statement due to statement timeout"),
            std::string::npos)
      << observed.error().message;
  EXPECT_LT(took, 5s);
  // The server is no longer running it.
  auto still = server_->Query(
      "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = "
      "'active'");
  ASSERT_TRUE(still) << still.error();
  EXPECT_EQ(*still, "0");
}

TEST_F(PostgresCheck, WritesAreRefusedAndSeveralStatementsAreOneError) {
  Verdict v = Judge(Probe("INSERT INTO wallet VALUES (1) RETURNING 1"));
  EXPECT_TRUE(v.failing);
  EXPECT_NE(v.detail.find("cannot execute INSERT in a read-only transaction"), std::string::npos)
      << v.detail;
  v = Judge(Probe("COMMIT; DELETE FROM wallet"));
  EXPECT_TRUE(v.failing);
  EXPECT_NE(v.detail.find("cannot insert multiple commands"), std::string::npos) << v.detail;
  auto rows = server_->Query("SELECT count(*) FROM wallet");
  ASSERT_TRUE(rows) << rows.error();
  EXPECT_EQ(*rows, "1") << "nothing was written";
}

TEST_F(PostgresCheck, AServerThatIsDownIsFailingWithItsAddress) {
  auto other = PostgresServer::Start();
  ASSERT_TRUE(other) << other.error();
  Spec spec = Probe("SELECT 1", PostgresTarget::Result::kValue, (*other)->Dsn());
  EXPECT_FALSE(Judge(spec).failing);
  (*other)->Stop();
  Verdict v = Judge(spec);
  EXPECT_TRUE(v.failing);
  std::string where = "127.0.0.1:" + std::to_string((*other)->port()) + "/postgres";
  EXPECT_EQ(v.detail.rfind("cannot connect to " + where + ": ", 0), 0u) << v.detail;
  EXPECT_NE(v.detail.find("Connection refused"), std::string::npos) << v.detail;
  ASSERT_TRUE((*other)->Resume());
  EXPECT_FALSE(Judge(spec).failing) << "and healthy again once it is back";
}

TEST_F(PostgresCheck, AWrongPasswordIsNeverEchoed) {
  std::string uri = "postgresql://klaxon_secret:wrong-password-456@127.0.0.1:" +
                    std::to_string(server_->port()) + "/postgres";
  Verdict v = Judge(Probe("SELECT 1", PostgresTarget::Result::kValue, uri));
  EXPECT_TRUE(v.failing);
  EXPECT_NE(v.detail.find("password authentication failed"), std::string::npos) << v.detail;
  EXPECT_EQ(v.detail.find("wrong-password-456"), std::string::npos) << v.detail;
  EXPECT_EQ(v.detail.find("klaxon_secret:"), std::string::npos) << v.detail;

  std::string right = server_->Dsn(PostgresServer::kPasswordRole, "postgres", "right-password-123");
  EXPECT_FALSE(Judge(Probe("SELECT 1", PostgresTarget::Result::kValue, right)).failing);
}

}  // namespace
}  // namespace klaxon::probe
