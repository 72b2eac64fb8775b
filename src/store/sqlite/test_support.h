#pragma once
// Shared fixtures for the SQLite store tests: a fresh temporary directory per
// test (removed afterwards) and builders for records with every field set.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_store.h"

namespace klaxon::store::sqlite::testing {

inline Time At(int64_t ms) { return FromUnixMillis(ms); }

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "klaxon-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    options_.path = (dir_ / "nested" / "klaxon.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<Store> OpenStore() {
    auto store = Open(options_);
    EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
    return store ? std::move(*store) : nullptr;
  }

  std::unique_ptr<UnitOfWork> BeginOn(Store& store) {
    auto uow = store.Begin();
    EXPECT_TRUE(uow.has_value()) << (uow ? "" : uow.error().message);
    return uow ? std::move(*uow) : nullptr;
  }

  std::filesystem::path dir_;
  Options options_;
};

// An alert with every field set; vary `n` for distinct fingerprints.
inline AlertRecord MakeAlert(uint64_t fingerprint, int64_t incident_id = 0) {
  AlertRecord a;
  a.fingerprint = Fingerprint{fingerprint};
  a.labels = LabelSet{{"alertname", "HighLatency"}, {"service", "api"},
                      {"instance", "10.0.0." + std::to_string(fingerprint % 250)}};
  a.annotations = LabelSet{{"summary", "p99 latency above 2s"}, {"runbook", ""}};
  a.firing = true;
  a.starts_at = At(1'700'000'000'000);
  a.last_received_at = At(1'700'000'060'000);
  a.expires_at = At(1'700'000'360'000);
  a.incident_id = incident_id;
  a.source = "alertmanager";
  a.integration = "prod-am";
  a.generator_url = "http://prometheus:9090/graph?g0.expr=up";
  a.external_key = "ext-" + std::to_string(fingerprint);
  return a;
}

inline incident::Incident MakeIncident(std::string group_key, std::string severity = "SEV2") {
  incident::Incident inc;
  inc.title = "API latency";
  inc.runbook_id = "api-latency";
  inc.severity = std::move(severity);
  inc.status = incident::Status::kInvestigating;
  inc.group_key = std::move(group_key);
  inc.group_labels = LabelSet{{"service", "api"}};
  inc.opened_at = At(1'700'000'000'000);
  inc.updated_at = At(1'700'000'000'000);
  return inc;
}

inline incident::TimelineEntry Entry(int64_t incident_id, int64_t at_ms, std::string kind) {
  incident::TimelineEntry e;
  e.incident_id = incident_id;
  e.at = At(at_ms);
  e.kind = std::move(kind);
  e.actor = "klaxon";
  e.via = "engine";
  e.text = "something happened";
  e.data = "{}";
  return e;
}

}  // namespace klaxon::store::sqlite::testing
