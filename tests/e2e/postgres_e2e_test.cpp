// RB-003 end to end against a real PostgreSQL: the test exhausts a role's
// connections (CONNECTION LIMIT) with idle sessions it holds, the real
// binary's postgres probe sees the count in pg_stat_activity and opens the
// RB-003 incident, an automated sql diagnostic attaches the count, the sql
// action that terminates the idle sessions waits for a lead's approval (given
// through the API), runs, and the re-check finds the database recovered.
// Time moves only through POST /api/v1/admin/clock (--simulated-time).
#include <libpq-fe.h>

#include <chrono>
#include <functional>
#include <thread>

#include "testing/postgres_server.h"
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

using testing::PostgresServer;

// RB-003 and its probe; the fixture's runbooks list gets the runbook, the
// probe section goes at the end.
constexpr const char* kRunbook = R"yaml(
  - id: RB-003
    title: Database Connection Issues
    severity: SEV2
    match: ['alertname="DatabaseConnectionPoolExhausted"']
    auto_remediate: true
    actions:
      - name: Clear stale connections
        sql:
          dsn: ${E2E_DB_DSN}
          statement: >-
            SELECT count(pg_terminate_backend(pid)) AS terminated FROM pg_stat_activity
            WHERE usename = $1 AND state = 'idle' AND state_change < now() - interval '1 second'
          params: [db_user]
        requires_approval: lead
        timeout: 10s
      - name: If still failing, alert on-call
        wait_and_recheck: 1m
    investigation:
      - title: Check connection count
        auto: true
        sql:
          dsn: ${E2E_DB_DSN}
          statement: SELECT count(*) AS connections FROM pg_stat_activity WHERE usename = 'app'
)yaml";

constexpr const char* kProbe = R"yaml(
probes:
  - id: db-connections
    kind: postgres
    dsn: ${E2E_DB_DSN}
    query: SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'
    interval: 10s
    timeout: 5s
    labels: {alertname: DatabaseConnectionPoolExhausted, service: database, db_user: app}
    thresholds:
      - {above: 3, severity: SEV2}
)yaml";

constexpr int kLimit = 4;  // the role's CONNECTION LIMIT

struct ConnFree {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnFree>;

class PostgresE2E : public E2E {
 protected:
  void SetUp() override {
    auto s = PostgresServer::Start();
    ASSERT_TRUE(s) << s.error();
    pg_ = std::move(*s);
    auto role = pg_->Query("CREATE ROLE app LOGIN CONNECTION LIMIT " + std::to_string(kLimit));
    ASSERT_TRUE(role) << role.error();
    std::string config = kConfig;
    config.insert(config.find("people:"), std::string(kRunbook).substr(1));
    std::ofstream(ConfigPath()) << config << kProbe;
    auto env = kEnv;
    env["E2E_DB_DSN"] = pg_->Dsn();
    server_ = std::make_unique<testing::KlaxonServer>(ConfigPath(), DataDir(), env, ExtraArgs());
    ASSERT_TRUE(server_->ok()) << server_->process().stderr_text();
  }

  Conn ConnectAsApp() { return Conn(PQconnectdb(pg_->Dsn("app").c_str())); }

  boost::json::object Probe() {
    auto v = Json(Call("GET", "/api/v1/probes", "", Viewer()));
    if (!v.is_object()) return {};
    return v.at("probes").as_array().at(0).as_object();
  }
  int64_t Runs() {
    auto p = Probe();
    return p.contains("runs") ? p.at("runs").to_number<int64_t>() : -1;
  }
  // Moves the clock one probe interval and waits (real time, polling) for
  // the run that is then due to finish.
  void NextProbeRun() {
    int64_t before = Runs();
    AdvanceClock("10s");
    ASSERT_TRUE(Eventually([&] { return Runs() > before; })) << boost::json::serialize(Probe());
  }
  static bool Eventually(const std::function<bool()>& ready) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (ready()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // poll interval
    }
    return ready();
  }
  std::string Timeline() {
    std::string out;
    auto inc = Incident("INC-1");
    if (inc.is_object() && inc.as_object().contains("timeline")) {
      for (const auto& l : inc.at("timeline").as_array()) out += Str(l, "text") + "\n";
    }
    return out;
  }
  bool TimelineHas(const std::string& text) {
    return Eventually([&] { return Timeline().find(text) != std::string::npos; });
  }

  std::unique_ptr<PostgresServer> pg_;
};

TEST_F(PostgresE2E, ConnectionExhaustionIsDetectedAndClearedAfterApproval) {
  NextProbeRun();
  NextProbeRun();
  EXPECT_EQ(Str(Probe(), "state"), "ok") << boost::json::serialize(Probe());
  EXPECT_TRUE(Incidents().empty());

  // The application's pool leaks: every connection the role may have is
  // held, idle, and the next one is refused: PG::ConnectionBad.
  std::vector<Conn> held;
  for (int i = 0; i < kLimit; ++i) {
    held.push_back(ConnectAsApp());
    ASSERT_EQ(PQstatus(held.back().get()), CONNECTION_OK) << PQerrorMessage(held.back().get());
  }
  Conn refused = ConnectAsApp();
  ASSERT_EQ(PQstatus(refused.get()), CONNECTION_BAD);
  EXPECT_NE(std::string(PQerrorMessage(refused.get())).find("too many connections for role"),
            std::string::npos);

  NextProbeRun();
  ASSERT_TRUE(Eventually([&] { return Str(Probe(), "incident") == "INC-1"; }))
      << boost::json::serialize(Probe());
  auto probe = Probe();
  EXPECT_EQ(Str(probe, "detail"), "value 4 is above 3 (SEV2)");
  auto inc = Incident("INC-1");
  EXPECT_EQ(Str(inc, "runbook"), "RB-003") << boost::json::serialize(inc);

  // The diagnostic ran by itself, read-only, and its answer is on the timeline.
  ASSERT_TRUE(TimelineHas("connections\n4")) << Timeline();
  // The action waits for a lead: nothing is terminated yet.
  ASSERT_TRUE(TimelineHas("waits for approval by lead")) << Timeline();
  EXPECT_EQ(*pg_->Query("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'"), "4");
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/actions/1/approve", "", Alice()).status, 403);

  // The statement only takes sessions idle for over a second.
  ASSERT_TRUE(Eventually([&] {
    return *pg_->Query("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app' AND state = "
                       "'idle' AND state_change < now() - interval '1 second'") == "4";
  }));
  auto approved = Call("POST", "/api/v1/incidents/INC-1/actions/1/approve", "", Admin());
  ASSERT_EQ(approved.status, 202) << approved.body;
  ASSERT_TRUE(TimelineHas("SELECT 1 in ")) << Timeline();
  EXPECT_TRUE(TimelineHas("terminated\n4")) << Timeline();
  EXPECT_EQ(*pg_->Query("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'"), "0");
  Conn fresh = ConnectAsApp();
  EXPECT_EQ(PQstatus(fresh.get()), CONNECTION_OK) << "the role can connect again";
  fresh.reset();

  auto actions = Json(Call("GET", "/api/v1/incidents/INC-1/actions", "", Viewer()));
  std::string audit = boost::json::serialize(actions);
  EXPECT_NE(audit.find(R"("params":["db_user"])"), std::string::npos) << audit;
  EXPECT_NE(audit.find(R"("rows":1)"), std::string::npos) << audit;
  EXPECT_EQ(audit.find("dbname="), std::string::npos) << "the DSN is never shown: " << audit;

  // The probe sees the count fall, the alert resolves, and the re-check a
  // minute later finds it recovered: Monitoring.
  NextProbeRun();
  ASSERT_TRUE(Eventually([&] { return Str(Probe(), "alert") == "resolved"; }))
      << boost::json::serialize(Probe());
  AdvanceClock("1m");
  ASSERT_TRUE(TimelineHas("recovered")) << Timeline();
  EXPECT_TRUE(Eventually([&] { return Str(Incident("INC-1"), "status") == "monitoring"; }))
      << boost::json::serialize(Incident("INC-1"));
}

}  // namespace
}  // namespace klaxon::e2e
