// Micro-measurements of the ingest hot path, printed rather than asserted
// (timings depend on the machine, the build type and its load).
//
// The engine-like pattern, per batch: for each alert FindAlert, then (new
// alerts only) PutAlert; one timeline line per batch; one Commit. Measured with
// synchronous=FULL at several numbers of alerts already stored. By default up
// to 100k stored alerts; KLAXON_MEASURE_ALERTS=1000000 adds the 1M level
// (filling takes a while) and checks the budgets of Open() time and RSS per
// alert there; KLAXON_MEASURE_ALERTS=0 measures the empty store only.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <malloc.h>

#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::Entry;
using testing::MakeAlert;
using testing::MakeIncident;
using testing::StoreTest;
using Clock = std::chrono::steady_clock;

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

// Spread over the whole uint64 range, as real fingerprints are.
uint64_t FingerprintNo(uint64_t n) { return (n + 1) * 0x9E3779B97F4A7C15ULL; }

// Alert number n as the engine would store it: times advance with arrival
// (one alert per millisecond), as they do for real senders; only alerts of
// the same burst share them.
AlertRecord NewAlert(uint64_t n, int64_t incident_id) {
  AlertRecord a = MakeAlert(FingerprintNo(n), incident_id);
  auto offset = std::chrono::milliseconds(static_cast<int64_t>(n));
  a.starts_at += offset;
  a.last_received_at += offset;
  *a.expires_at += offset;
  return a;
}

double RssMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

class MeasureTest : public StoreTest {
 protected:
  // Adds alerts numbered next_.. until `total` are stored, in large batches.
  void FillTo(Store& store, uint64_t total) {
    while (next_ < total) {
      auto uow = BeginOn(store);
      ASSERT_TRUE(uow);
      uint64_t end = std::min<uint64_t>(total, next_ + 10'000);
      for (; next_ < end; ++next_) {
        ASSERT_TRUE(uow->PutAlert(NewAlert(next_, incident_id_)));
      }
      ASSERT_TRUE(uow->Commit());
    }
  }

  // `batches` batches of `batch` alerts, new (numbered from next_) or repeated
  // (already stored ones, found and not written). Prints the cost per alert.
  void Pattern(Store& store, const char* what, bool fresh, int batch, int batches) {
    std::vector<double> commits;
    Clock::duration find{}, put{};
    auto started = Clock::now();
    uint64_t repeat_no = 0;
    for (int b = 0; b < batches; ++b) {
      auto uow = BeginOn(store);
      ASSERT_TRUE(uow);
      for (int i = 0; i < batch; ++i) {
        uint64_t no = fresh ? next_++ : (repeat_no++ * 7919) % next_;
        auto t0 = Clock::now();
        auto found = uow->FindAlert(Fingerprint{FingerprintNo(no)});
        auto t1 = Clock::now();
        find += t1 - t0;
        ASSERT_TRUE(found.has_value());
        ASSERT_EQ(found->has_value(), !fresh);
        if (fresh) {
          ASSERT_TRUE(uow->PutAlert(NewAlert(no, incident_id_)));
          put += Clock::now() - t1;
        }
      }
      if (fresh) {
        incident::TimelineEntry line = Entry(incident_id_, 1'700'000'000'000, "alerts_fired");
        ASSERT_TRUE(uow->AppendTimeline(line));
      }
      auto t2 = Clock::now();
      ASSERT_TRUE(uow->Commit());
      commits.push_back(Micros(Clock::now() - t2));
    }
    double n = static_cast<double>(batch) * batches;
    std::printf(
        "[measure] %8llu stored | %-8s batch %4d: %6.2f us/alert (find %.2f, put %.2f) | "
        "commit p50 %.0f us, p99 %.0f us, max %.0f us\n",
        static_cast<unsigned long long>(next_), what, batch, Micros(Clock::now() - started) / n,
        Micros(find) / n, Micros(put) / n, Percentile(commits, 0.5), Percentile(commits, 0.99),
        Percentile(commits, 1.0));
    std::fflush(stdout);
  }

  void AllPatterns(Store& store) {
    Pattern(store, "new", true, 64, 300);
    Pattern(store, "new", true, 1000, 30);
    Pattern(store, "repeated", false, 64, 300);
    Pattern(store, "repeated", false, 1000, 30);
  }

  double WalMiB() const {
    std::error_code ec;
    auto size = std::filesystem::file_size(options_.path + "-wal", ec);
    return ec ? 0.0 : static_cast<double>(size) / (1 << 20);
  }

  uint64_t next_ = 0;  // alerts numbered below this are stored
  int64_t incident_id_ = 0;
};

TEST_F(MeasureTest, MeasureEngineLikeIngestAtSeveralStoreSizes) {
  uint64_t max_alerts = 100'000;
  if (const char* env = std::getenv("KLAXON_MEASURE_ALERTS")) max_alerts = std::strtoull(env, nullptr, 10);
  options_.synchronous_full = true;
  auto store = OpenStore();
  ASSERT_TRUE(store);
  {
    auto uow = BeginOn(*store);
    incident::Incident inc = MakeIncident("g");
    ASSERT_TRUE(uow->InsertIncident(inc).has_value());
    incident_id_ = inc.id;
    ASSERT_TRUE(uow->Commit());
  }

  AllPatterns(*store);
  for (uint64_t level : {uint64_t{100'000}, uint64_t{1'000'000}}) {
    if (level > max_alerts) break;
    auto fill_started = Clock::now();
    FillTo(*store, level);
    std::printf("[measure] filled to %llu alerts in %.1f s\n",
                static_cast<unsigned long long>(level), Micros(Clock::now() - fill_started) / 1e6);
    // Reopen: the cost of Open() and the memory it takes with `level` alerts.
    store.reset();
    malloc_trim(0);  // give what the closed store freed back, so RSS shows the new one
    double rss_before = RssMiB();
    auto open_started = Clock::now();
    store = OpenStore();
    ASSERT_TRUE(store);
    double open_ms = Micros(Clock::now() - open_started) / 1000;
    double rss_open = RssMiB();
    std::printf("[measure] %8llu stored | Open() %.0f ms, RSS +%.1f MiB at open (%.0f B/alert)\n",
                static_cast<unsigned long long>(next_), open_ms, rss_open - rss_before,
                (rss_open - rss_before) * 1048576.0 / static_cast<double>(next_));
    if (level >= 1'000'000) {
      // The budgets of ADR 0004: serving within 5 s, under 1 KiB per alert.
      EXPECT_LT(open_ms, 5000.0);
      EXPECT_LT((rss_open - rss_before) * 1048576.0 / static_cast<double>(next_), 1024.0);
    }
    AllPatterns(*store);
    std::printf("[measure] %8llu stored | RSS after the patterns +%.1f MiB over closed, WAL %.1f MiB\n",
                static_cast<unsigned long long>(next_), RssMiB() - rss_before, WalMiB());
  }
  EXPECT_EQ(store->CountAlerts().value_or(-1), static_cast<int64_t>(next_));
  std::printf("[measure] database file %.1f MiB for %llu alerts\n",
              static_cast<double>(std::filesystem::file_size(options_.path)) / (1 << 20),
              static_cast<unsigned long long>(next_));
}

}  // namespace
}  // namespace klaxon::store::sqlite
