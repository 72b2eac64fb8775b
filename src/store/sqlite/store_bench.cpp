// store_sqlite_bench: the store's cost per new alert on the writer thread.
//
// Writes `--alerts` new alerts (default 100k) in units of work of `--batch`
// (default 100): per alert one FindAlert (a miss) and one PutAlert, then one
// Commit per batch, with group sync as `klaxon serve` uses it (Commit() does
// not wait for the disk). Prints microseconds per alert. Build it in Release:
//   cmake --build build-rel --target store_sqlite_bench
//   build-rel/src/store/store_sqlite_bench [DIR] [ALERTS] [BATCH]
// DIR (default a new directory under /tmp) must not hold a klaxon.db.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "store/sqlite/sqlite_store.h"

namespace {

using namespace klaxon;
using Clock = std::chrono::steady_clock;

store::AlertRecord NewAlert(uint64_t n) {
  store::AlertRecord a;
  a.fingerprint = Fingerprint{(n + 1) * 0x9E3779B97F4A7C15ULL};
  a.labels = LabelSet{{"alertname", "HighLatency"},
                      {"service", "api"},
                      {"instance", "10.0." + std::to_string(n / 250 % 250) + "." +
                                       std::to_string(n % 250) + ":9100"}};
  a.annotations = LabelSet{{"summary", "p99 latency above 2s"}};
  Time t = FromUnixMillis(1'700'000'000'000 + static_cast<int64_t>(n));
  a.starts_at = t;
  a.last_received_at = t;
  a.expires_at = t + std::chrono::minutes(5);
  a.source = "alertmanager";
  a.integration = "prod-am";
  a.generator_url = "http://prometheus:9090/graph?g0.expr=up";
  return a;
}

int Fail(const char* what, const Error& e) {
  std::fprintf(stderr, "store_sqlite_bench: %s: %s\n", what, e.message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir;
  if (argc > 1) {
    dir = argv[1];
  } else {
    std::string pattern = (std::filesystem::temp_directory_path() / "klaxon-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern;
  }
  uint64_t alerts = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100'000;
  int batch = argc > 3 ? std::atoi(argv[3]) : 100;
  if (batch <= 0) return 2;

  auto store = store::sqlite::Open({.path = (dir / "klaxon.db").string(), .group_sync = true});
  if (!store) return Fail("open", store.error());
  std::vector<store::AlertRecord> records;
  records.reserve(alerts);
  for (uint64_t n = 0; n < alerts; ++n) records.push_back(NewAlert(n));

  Clock::duration commit{};
  auto started = Clock::now();
  for (uint64_t n = 0; n < alerts;) {
    auto uow = (*store)->Begin();
    if (!uow) return Fail("begin", uow.error());
    for (int i = 0; i < batch && n < alerts; ++i, ++n) {
      auto found = (*uow)->FindAlert(records[n].fingerprint);
      if (!found) return Fail("find", found.error());
      if (auto st = (*uow)->PutAlert(records[n]); !st) return Fail("put", st.error());
    }
    auto t0 = Clock::now();
    if (auto st = (*uow)->Commit(); !st) return Fail("commit", st.error());
    commit += Clock::now() - t0;
  }
  double total_us = std::chrono::duration<double, std::micro>(Clock::now() - started).count();
  double commit_us = std::chrono::duration<double, std::micro>(commit).count();
  double n = static_cast<double>(alerts);
  std::printf("store_sqlite_bench: %llu new alerts, batch %d: %.3f us/alert (commit %.3f us/alert)\n",
              static_cast<unsigned long long>(alerts), batch, total_us / n, commit_us / n);
  return 0;
}
