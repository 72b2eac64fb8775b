// A micro-measurement of the ingest hot path, printed rather than asserted
// (timings depend on the machine and the build type).

#include <chrono>
#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::MakeAlert;
using testing::StoreTest;
using Clock = std::chrono::steady_clock;

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

TEST_F(StoreTest, MeasurePutAndFindOf100kAlertsInBatchesOf1000) {
  constexpr int kAlerts = 100'000;
  constexpr int kBatch = 1'000;
  auto store = OpenStore();
  ASSERT_TRUE(store);

  // Pass 1 inserts new alerts (find misses); pass 2 refreshes them (find hits).
  for (int pass = 1; pass <= 2; ++pass) {
    Clock::duration find{}, put{}, commit{};
    auto started = Clock::now();
    for (int base = 0; base < kAlerts; base += kBatch) {
      auto uow = BeginOn(*store);
      ASSERT_TRUE(uow);
      for (int i = base; i < base + kBatch; ++i) {
        // Spread fingerprints over the whole uint64 range, as real ones are.
        uint64_t fp = static_cast<uint64_t>(i + 1) * 0x9E3779B97F4A7C15ULL;
        auto t0 = Clock::now();
        auto found = uow->FindAlert(Fingerprint{fp});
        auto t1 = Clock::now();
        ASSERT_TRUE(found.has_value());
        ASSERT_EQ(found->has_value(), pass == 2);
        AlertRecord alert = found->has_value() ? std::move(**found) : MakeAlert(fp);
        alert.last_received_at += std::chrono::seconds(30);
        auto t2 = Clock::now();
        ASSERT_TRUE(uow->PutAlert(alert));
        auto t3 = Clock::now();
        find += t1 - t0;
        put += t3 - t2;
      }
      auto t4 = Clock::now();
      ASSERT_TRUE(uow->Commit());
      commit += Clock::now() - t4;
    }
    double total = Micros(Clock::now() - started);
    std::printf(
        "[measure] pass %d (%s): FindAlert %.2f us, PutAlert %.2f us, Commit %.0f us per "
        "batch of %d; %.2f us per alert overall\n",
        pass, pass == 1 ? "insert" : "update", Micros(find) / kAlerts, Micros(put) / kAlerts,
        Micros(commit) / (kAlerts / kBatch), kBatch, total / kAlerts);
  }
  EXPECT_EQ(store->CountAlerts().value_or(-1), kAlerts);
  std::printf("[measure] database file %.1f MiB for %d alerts\n",
              static_cast<double>(std::filesystem::file_size(options_.path)) / (1 << 20),
              kAlerts);
}

}  // namespace
}  // namespace klaxon::store::sqlite
