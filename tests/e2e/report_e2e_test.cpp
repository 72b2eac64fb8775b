// Response reports end to end: the real binary on simulated time opens
// incidents from alerts, they are acknowledged (API, CLI) and resolved, and
// GET /api/v1/reports, `klaxon report` and /metrics give the figures worked
// out by hand below. An empty store, an unacknowledged incident that passes
// its response time, bad --since values and refusals too; and a runbook's
// automated restart that fixes one incident and not another.
#include <chrono>
#include <cstdio>
#include <thread>

#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

namespace json = boost::json;

class ReportE2E : public E2E {
 protected:
  // An alert that keeps firing (no expiry), so its incident stays open.
  void Fire(const std::string& alertname, const std::string& service) {
    auto r = Call("POST", "/api/v1/alerts",
                  R"({"labels":{"alertname":")" + alertname + R"(","service":")" + service +
                      R"("},"ends_at":"2099-01-01T00:00:00Z"})",
                  GenericKey());
    ASSERT_EQ(r.status, 202) << r.body;
  }
  json::value Report(const std::string& since = "30d") {
    auto r = Call("GET", "/api/v1/reports?since=" + since, "", Viewer());
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r);
  }
  testing::RunResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"report", "--server", server_->url()});
    return Klaxon(args, {{"KLAXON_TOKEN", Viewer()}});
  }
};

double Num(const json::value& v, std::string_view key) {
  const auto* p = v.as_object().if_contains(key);
  return p && p->is_number() ? p->to_number<double>() : -1;
}

const json::value& Row(const json::value& report, std::string_view list, std::string_view key,
                       std::string_view value) {
  for (const auto& g : report.at(list).as_array()) {
    if (Str(g, key) == value) return g;
  }
  static const json::value none = json::object{};
  ADD_FAILURE() << "no " << list << " row " << value;
  return none;
}

TEST_F(ReportE2E, NoIncidents) {
  auto r = Report();
  EXPECT_EQ(Str(r, "since"), "30d");
  EXPECT_EQ(Num(r.at("totals"), "opened"), 0);
  EXPECT_TRUE(r.at("totals").at("time_to_acknowledge").at("mean_seconds").is_null());
  ASSERT_EQ(r.at("by_severity").as_array().size(), 4u);  // every configured severity
  EXPECT_EQ(Str(Row(r, "by_severity", "severity", "SEV1"), "response_time"), "15m");
  EXPECT_TRUE(r.at("by_runbook").as_array().empty());

  auto cli = Cli({});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("0 opened"), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("No incidents in this window."), std::string::npos) << cli.out;
}

TEST_F(ReportE2E, AcknowledgedResolvedAndOpenIncidents) {
  // INC-1 (SEV1, RB-001): acknowledged after 5m, resolved after 1h.
  Fire("ApiDown", "api");
  AdvanceClock("5m");
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/ack", "", Alice()).status, 200);
  AdvanceClock("55m");
  ASSERT_EQ(Call("POST", "/api/v1/incidents/INC-1/resolve", R"({"root_cause":"Bad deploy"})",
                 Alice())
                .status,
            200);
  // INC-2 (SEV1, RB-001): acknowledged with the CLI after 20m, past the 15m
  // response time; stays open.
  Fire("HighErrorRate", "web");
  AdvanceClock("20m");
  auto ack = Klaxon({"incidents", "--server", server_->url(), "ack", "INC-2"},
                    {{"KLAXON_TOKEN", Alice()}});
  ASSERT_EQ(ack.exit_code, 0) << ack.err;
  // INC-3 (unrouted: SEV4, no runbook): never acknowledged, open.
  Fire("DiskFull", "db");
  AdvanceClock("10m");

  auto r = Report();
  const auto& t = r.at("totals");
  EXPECT_EQ(Num(t, "opened"), 3);
  EXPECT_EQ(Num(t, "acknowledged"), 2);
  EXPECT_EQ(Num(t, "resolved"), 1);
  EXPECT_EQ(Num(t, "open"), 2);
  EXPECT_EQ(Num(t, "sla_breaches"), 1);  // INC-3 has 24h before it breaches
  // TTA 300 and 1200: mean 750, nearest-rank median 300, p90 1200.
  EXPECT_EQ(Num(t.at("time_to_acknowledge"), "mean_seconds"), 750);
  EXPECT_EQ(Num(t.at("time_to_acknowledge"), "median_seconds"), 300);
  EXPECT_EQ(Num(t.at("time_to_acknowledge"), "p90_seconds"), 1200);
  // Only INC-1 resolved: the open ones are counted, never in MTTR.
  EXPECT_EQ(Num(t.at("time_to_resolve"), "count"), 1);
  EXPECT_EQ(Num(t.at("time_to_resolve"), "mean_seconds"), 3600);

  const auto& sev1 = Row(r, "by_severity", "severity", "SEV1");
  EXPECT_EQ(Num(sev1, "opened"), 2);
  EXPECT_EQ(Num(sev1, "sla_breaches"), 1);
  EXPECT_EQ(Num(sev1.at("time_to_acknowledge"), "mean_seconds"), 750);
  const auto& sev4 = Row(r, "by_severity", "severity", "SEV4");
  EXPECT_EQ(Num(sev4, "opened"), 1);
  EXPECT_EQ(Num(sev4, "unacknowledged"), 1);
  const auto& rb1 = Row(r, "by_runbook", "runbook", "RB-001");
  EXPECT_EQ(Str(rb1, "title"), "API Health Check Failing");
  EXPECT_EQ(Num(rb1.at("time_to_resolve"), "mean_seconds"), 3600);
  EXPECT_EQ(Num(Row(r, "by_runbook", "runbook", ""), "open"), 1);
  const auto& inc2 = Row(r, "incidents", "id", "INC-2");
  EXPECT_EQ(Num(inc2, "time_to_acknowledge_seconds"), 1200);
  EXPECT_TRUE(inc2.at("time_to_resolve_seconds").is_null());
  EXPECT_TRUE(inc2.at("sla_breached").as_bool());
  EXPECT_FALSE(Row(r, "incidents", "id", "INC-1").at("sla_breached").as_bool());

  // A window that starts after INC-1 and INC-2 opened.
  auto recent = Report("15m");
  EXPECT_EQ(Num(recent.at("totals"), "opened"), 1);

  // The CLI: a table by severity and by runbook, and the same JSON.
  auto cli = Cli({"--since", "30d"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("3 opened, 2 acknowledged, 1 resolved, 2 open; 1 SLA breach\n"),
            std::string::npos)
      << cli.out;
  bool sev1_row = false, rb1_row = false;
  size_t start = 0;
  while (start < cli.out.size()) {
    size_t end = cli.out.find('\n', start);
    std::string line = cli.out.substr(start, end - start);
    // SEVERITY RESPONSE OPENED ACKED RESOLVED OPEN BREACHES MTTA TTA-p50 TTA-p90 MTTR ...
    if (line.starts_with("SEV1 ")) {
      char mtta[16] = {}, p50[16] = {}, p90[16] = {}, mttr[16] = {};
      int opened = 0, acked = 0, resolved = 0, open = 0, breaches = 0;
      ASSERT_EQ(std::sscanf(line.c_str(), "SEV1 15m %d %d %d %d %d %15s %15s %15s %15s", &opened,
                            &acked, &resolved, &open, &breaches, mtta, p50, p90, mttr),
                9)
          << line;
      EXPECT_EQ(opened, 2);
      EXPECT_EQ(acked, 2);
      EXPECT_EQ(resolved, 1);
      EXPECT_EQ(open, 1);
      EXPECT_EQ(breaches, 1);
      EXPECT_EQ(std::string(mtta), "12m30s");
      EXPECT_EQ(std::string(p50), "5m");
      EXPECT_EQ(std::string(p90), "20m");
      EXPECT_EQ(std::string(mttr), "1h");
      sev1_row = true;
    }
    if (line.starts_with("RB-001 ")) rb1_row = true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  EXPECT_TRUE(sev1_row) << cli.out;
  EXPECT_TRUE(rb1_row) << cli.out;
  EXPECT_NE(cli.out.find("(unrouted)"), std::string::npos) << cli.out;
  auto as_json = Cli({"--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(json::parse(as_json.out).at("totals"), r.at("totals"));

  // /metrics carries the same figures.
  std::string metrics = Call("GET", "/metrics").body;
  for (const char* line : {
           "klaxon_incidents_time_to_acknowledge_seconds_count{severity=\"SEV1\",runbook=\"RB-001\"} 2\n",
           "klaxon_incidents_time_to_acknowledge_seconds_sum{severity=\"SEV1\",runbook=\"RB-001\"} 1500\n",
           "klaxon_incidents_time_to_acknowledge_seconds{severity=\"SEV1\",runbook=\"RB-001\",quantile=\"0.9\"} 1200\n",
           "klaxon_incidents_time_to_resolve_seconds_sum{severity=\"SEV1\",runbook=\"RB-001\"} 3600\n",
           "klaxon_report_incidents{severity=\"SEV4\",state=\"open\"} 1\n",
           "klaxon_sla_breaches{severity=\"SEV1\"} 1\n",
           "klaxon_sla_breaches{severity=\"SEV4\"} 0\n",
           "klaxon_report_window_seconds 2592000\n",
       }) {
    EXPECT_NE(metrics.find(line), std::string::npos) << line << "\nin:\n" << metrics;
  }
  // Prometheus' own linter accepts the exposition (Debian's prometheus
  // package, scripts/deps.sh, ships promtool).
  std::string file = dir_.File("metrics.txt");
  std::ofstream(file) << metrics;
  auto lint = testing::Run({"/bin/sh", "-c", "promtool check metrics < '" + file + "'"});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;

  // Unacknowledged past its 24h response time, INC-3 breaches too.
  AdvanceClock("24h");
  EXPECT_EQ(Num(Report().at("totals"), "sla_breaches"), 2);
  EXPECT_NE(Call("GET", "/metrics").body.find("klaxon_sla_breaches{severity=\"SEV4\"} 1\n"),
            std::string::npos);
}

TEST_F(ReportE2E, BadWindowsAndRefusals) {
  for (const char* since : {"abc", "30", "0d", "-1d"}) {
    auto r = Call("GET", std::string("/api/v1/reports?since=") + since, "", Viewer());
    EXPECT_EQ(r.status, 400) << since;
    EXPECT_NE(r.body.find("since: "), std::string::npos) << r.body;
  }
  auto cli = Cli({"--since", "30x"});
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.err.find("klaxon: since: invalid duration \"30x\": unknown unit \"x\""), std::string::npos)
      << cli.err;
  EXPECT_NE(cli.err.find("(400)"), std::string::npos) << cli.err;
  EXPECT_TRUE(cli.out.empty()) << cli.out;

  EXPECT_EQ(Call("GET", "/api/v1/reports").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/reports", "", "not-a-token").status, 401);
  auto anon = Klaxon({"report", "--server", server_->url()}, {{"KLAXON_TOKEN", ""}});
  EXPECT_EQ(anon.exit_code, 1);
  EXPECT_NE(anon.err.find("KLAXON_TOKEN"), std::string::npos) << anon.err;
  EXPECT_EQ(Klaxon({"report", "--server", "http://127.0.0.1:1"}, {{"KLAXON_TOKEN", Viewer()}}).exit_code, 3);
}

// A runbook whose automated restart runs for real and re-checks after 2m.
constexpr const char* kAutoRemediated = R"yaml(
  - id: RB-010
    title: Payments API down
    severity: SEV1
    match: ['alertname="PaymentsDown"']
    auto_remediate: true
    actions:
      - name: Restart payments
        exec: ["true"]
      - wait_and_recheck: 2m
)yaml";

class ReportRemediationE2E : public ReportE2E {
 protected:
  void SetUp() override {
    std::string config = kConfig;
    config.insert(config.find("people:"), std::string(kAutoRemediated).substr(1));
    std::ofstream(ConfigPath()) << config;
    Start();
  }
  // Polls the incident's timeline (with a deadline) for a line containing `text`.
  bool WaitForLine(const std::string& id, const std::string& text) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      auto inc = Incident(id);
      for (const auto& l : inc.at("timeline").as_array()) {
        if (Str(l, "text").find(text) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
};

// One incident's restart fixes it (its alert clears before the re-check),
// the other's does not: a success ratio of 1/2 for the runbook.
TEST_F(ReportRemediationE2E, RemediationSuccessByRunbook) {
  Fire("PaymentsDown", "payments");
  Fire("PaymentsDown", "checkout");
  ASSERT_TRUE(WaitForLine("INC-1", "Waiting 2m, then re-checking"));
  ASSERT_TRUE(WaitForLine("INC-2", "Waiting 2m, then re-checking"));
  auto r = Report();
  EXPECT_EQ(Num(Row(r, "by_runbook", "runbook", "RB-010").at("remediation"), "in_progress"), 2);

  ASSERT_EQ(Call("POST", "/api/v1/alerts",
                 R"({"labels":{"alertname":"PaymentsDown","service":"payments"},"status":"resolved"})",
                 GenericKey())
                .status,
            202);
  AdvanceClock("2m");
  ASSERT_TRUE(WaitForLine("INC-1", "recovered"));
  ASSERT_TRUE(WaitForLine("INC-2", "still failing"));

  r = Report();
  const auto& rem = Row(r, "by_runbook", "runbook", "RB-010").at("remediation");
  EXPECT_EQ(Num(rem, "attempted"), 2);
  EXPECT_EQ(Num(rem, "succeeded"), 1);
  EXPECT_EQ(Num(rem, "in_progress"), 0);
  EXPECT_EQ(Num(rem, "success_ratio"), 0.5);
  EXPECT_EQ(Str(Row(r, "incidents", "id", "INC-1"), "remediation"), "succeeded");
  EXPECT_EQ(Str(Row(r, "incidents", "id", "INC-2"), "remediation"), "failed");
  EXPECT_NE(Call("GET", "/metrics").body.find("klaxon_remediation_success_ratio{runbook=\"RB-010\"} 0.5\n"),
            std::string::npos);
  auto cli = Cli({});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("1/2 fixed without a page (50%)"), std::string::npos) << cli.out;
}

}  // namespace
}  // namespace klaxon::e2e
