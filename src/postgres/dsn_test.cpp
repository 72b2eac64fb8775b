// DSNs as libpq reads them, and what may be shown of them.
#include "postgres/dsn.h"

#include <gtest/gtest.h>

namespace klaxon::postgres {
namespace {

TEST(Dsn, KeyValuePairsAndUrisAreAccepted) {
  EXPECT_TRUE(CheckDsn("host=db port=5432 dbname=app user=ro"));
  EXPECT_TRUE(CheckDsn("postgresql://ro:pw@db:5432/app?sslmode=require"));
  EXPECT_TRUE(CheckDsn("postgres:///app"));
}

TEST(Dsn, ProblemsNameAnUnknownKeyAndNothingElse) {
  EXPECT_EQ(UnknownKey("host=db passwrd=hunter2"), "passwrd");
  EXPECT_EQ(UnknownKey("postgresql://db/app?sslmod=require&password=hunter2"), "sslmod");
  EXPECT_EQ(UnknownKey("host=db"), "");
  auto bad = CheckDsn("host=db passwrd=hunter2");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "unknown DSN key \"passwrd\"");
  // libpq would quote "hunter2" here ("missing "=" after "hunter2""); we do not.
  bad = CheckDsn("host=db password=x hunter2");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("hunter2"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(CheckDsn(""));
  EXPECT_FALSE(CheckDsn("cocopay"));
}

TEST(Dsn, WhereShowsHostPortAndDatabaseOnly) {
  EXPECT_EQ(Where("postgresql://ro:pw@db.internal:6432/app"), "db.internal:6432/app");
  EXPECT_EQ(Where("host=10.0.0.5 dbname=app user=ro password=pw"), "10.0.0.5/app");
  EXPECT_EQ(Where("host=/var/run/postgresql dbname=app"), "local socket/app");
  EXPECT_EQ(Where("nonsense"), "");
}

TEST(Dsn, PasswordsAreFoundAndRedacted) {
  EXPECT_TRUE(HasPassword("postgresql://ro:pw@db/app"));
  EXPECT_TRUE(HasPassword("host=db password=pw"));
  EXPECT_FALSE(HasPassword("host=db user=ro"));
  EXPECT_EQ(Secrets("postgresql://ro:p%40ss@db/app"), std::vector<std::string>{"p@ss"});
  EXPECT_EQ(Redact("auth for p@ss failed (p@ss)", {"p@ss"}), "auth for *** failed (***)");
  EXPECT_EQ(Redact("nothing", {""}), "nothing");
}

}  // namespace
}  // namespace klaxon::postgres
