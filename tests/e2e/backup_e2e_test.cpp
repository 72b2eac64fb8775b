// The backup and restore of docs/operations.md, on the real binary: a copy
// taken with `sqlite3 -readonly klaxon.db "VACUUM INTO ..."` while the server
// serves is a consistent store, and a server started on it has exactly what
// was committed when the copy was taken.
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>

#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

namespace fs = std::filesystem;

TEST_F(E2E, VacuumIntoWhileServingIsABackupAServerRestoresFrom) {
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"web"}})", GenericKey()).status, 202);
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/ack", "{}", Alice()).status, 200);

  std::string db = DataDir() + "/klaxon.db";
  std::string backup = dir_.File("klaxon-backup.db");
  auto r = testing::Run({"/usr/bin/sqlite3", "-readonly", db, "VACUUM INTO '" + backup + "'"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto check = testing::Run({"/usr/bin/sqlite3", "-readonly", backup, "PRAGMA integrity_check"});
  EXPECT_EQ(check.out, "ok\n") << check.err;

  // After the backup: a second incident, which the restored store must not have.
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"api"}})", GenericKey()).status, 202);
  ASSERT_EQ(Incidents("status=all").size(), 2u);

  // Restore: stop, replace the data directory's store with the copy, start.
  server_->process().Signal(SIGTERM);
  int status = server_->process().Wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << server_->process().stderr_text();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  fs::copy_file(backup, db);
  Start();

  auto list = Incidents("status=all");
  ASSERT_EQ(list.size(), 1u);
  auto inc = Incident("INC-1");
  EXPECT_EQ(Str(inc, "status"), "investigating");
  ASSERT_TRUE(inc.at("acknowledged").is_object()) << "the acknowledgement is in the backup";
  EXPECT_EQ(Str(inc.at("acknowledged"), "by"), "alice");
  EXPECT_EQ(inc.at("alerts").as_array().size(), 1u) << "the alert log was copied too";

  // The restored store goes on: the next incident takes the next free id.
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"api"}})", GenericKey()).status, 202);
  EXPECT_EQ(Str(Incident("INC-2"), "status"), "investigating");
}

}  // namespace
}  // namespace klaxon::e2e
