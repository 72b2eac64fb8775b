// kill -9 of the real binary in the middle of concurrent ingest, then a
// restart on the same data directory: every alert that got a 2xx is there,
// nothing is duplicated, and durable timers carry on.
#include <signal.h>
#include <sys/wait.h>

#include <condition_variable>
#include <mutex>
#include <set>

#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

TEST_F(E2E, KillNineLosesNoAcceptedAlertAndKeepsTimers) {
  // An incident waiting out its quiet period when the crash comes.
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"web"}})", GenericKey()).status, 202);
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"web"},"status":"resolved"})", GenericKey()).status, 202);
  ASSERT_EQ(Str(Incident("INC-1"), "status"), "monitoring");

  constexpr int kThreads = 16;
  constexpr int kKillAfter = 400;
  std::mutex mu;
  std::condition_variable cv;
  std::set<std::string> accepted;  // guarded by mu
  std::atomic<bool> stop{false};
  std::string url = server_->url();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop.load() && i < 100000; ++i) {
        std::string key = "k-" + std::to_string(t) + "-" + std::to_string(i);
        http::ClientRequest req;
        req.method = "POST";
        req.url = url + "/api/v1/alerts";
        req.timeout_ms = 5000;
        req.headers = {{"Authorization", "Bearer " + GenericKey()}, {"Content-Type", "application/json"}};
        req.body = R"({"labels":{"alertname":"ApiDown","service":"api","instance":")" + key +
                   R"("},"dedup_key":")" + key + R"("})";
        auto r = http::Send(req);
        if (!r) break;  // the server is gone
        if (r->status == 202) {
          std::lock_guard lock(mu);
          accepted.insert(key);
          if (accepted.size() >= kKillAfter) cv.notify_all();
        }
      }
    });
  }
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return accepted.size() >= kKillAfter; }));
  }
  server_->process().Signal(SIGKILL);  // mid-flight: requests are still arriving
  int status = server_->process().Wait();
  stop = true;
  for (auto& th : threads) th.join();
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  Start();
  auto list = Incidents("status=all");
  ASSERT_EQ(list.size(), 2u);
  auto web = Incident("INC-1");
  EXPECT_EQ(Str(web, "status"), "monitoring");
  auto api = Incident("INC-2");
  std::set<std::string> stored;
  size_t rows = 0;
  int64_t firing = 0;
  for (const auto& a : api.at("alerts").as_array()) {
    ++rows;
    stored.insert(Str(a, "dedup_key"));
    if (Str(a, "status") == "firing") ++firing;
  }
  EXPECT_EQ(rows, stored.size()) << "no alert stored twice";
  for (const auto& k : accepted) EXPECT_TRUE(stored.count(k)) << "accepted alert lost: " << k;
  EXPECT_GE(stored.size(), accepted.size());
  EXPECT_EQ(api.at("firing_alerts").as_int64(), firing) << "incident counters agree with the alerts";

  // Re-sending an accepted alert is a repeat, not a new alert.
  std::string key = *accepted.begin();
  auto again = Call("POST", "/api/v1/alerts",
                    R"({"labels":{"alertname":"ApiDown","service":"api","instance":")" + key +
                        R"("},"dedup_key":")" + key + R"("})",
                    GenericKey());
  ASSERT_EQ(again.status, 202);
  EXPECT_EQ(Str(Json(again).at("alerts").as_array()[0], "outcome"), "repeat");

  // The quiet-period timer survived the crash.
  AdvanceClock("5m");
  EXPECT_EQ(Str(Incident("INC-1"), "status"), "resolved");
}

}  // namespace
}  // namespace klaxon::e2e

namespace klaxon::e2e {
namespace {

// SIGHUP (a closed terminal, a habit of `kill -HUP` for reloads) neither
// kills klaxon nor stops it: it says there is no reload and keeps serving;
// SIGTERM still stops it cleanly.
TEST_F(E2E, SighupIsIgnoredWithAWordAndSigtermStillStops) {
  auto& child = server_->process();
  child.Signal(SIGHUP);
  ASSERT_TRUE(child.WaitForLine("SIGHUP ignored", std::chrono::seconds(10))) << child.stderr_text();
  EXPECT_EQ(Call("GET", "/readyz").status, 200);
  child.Signal(SIGTERM);
  int status = child.Wait();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace klaxon::e2e
