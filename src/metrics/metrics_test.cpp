#include "metrics/metrics.h"

#include <limits>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

namespace klaxon::metrics {
namespace {

TEST(MetricsTest, CounterExposition) {
  Registry registry;
  auto& alerts = registry.AddCounter("klaxon_alerts_received_total", "Alerts received.", {"source", "status"});
  alerts.With({"alertmanager", "firing"}).Inc();
  alerts.With({"alertmanager", "firing"}).Inc(2);
  alerts.With({"grafana", "resolved"}).Inc(0.5);
  alerts.With({"grafana", "resolved"}).Inc(-4);  // ignored: counters only go up
  EXPECT_EQ(registry.Render(),
            "# HELP klaxon_alerts_received_total Alerts received.\n"
            "# TYPE klaxon_alerts_received_total counter\n"
            "klaxon_alerts_received_total{source=\"alertmanager\",status=\"firing\"} 3\n"
            "klaxon_alerts_received_total{source=\"grafana\",status=\"resolved\"} 0.5\n");
}

TEST(MetricsTest, GaugeWithoutLabelsAndCollector) {
  Registry registry;
  auto& open = registry.AddGauge("klaxon_queue_depth", "Queued commands.");
  open.With({}).Set(10);
  open.With({}).Add(-2.25);
  registry.AddCollector("klaxon_incidents_open", "Open incidents by severity.", {"severity"}, [] {
    return std::vector<std::pair<std::vector<std::string>, double>>{{{"critical"}, 2}, {{"warning"}, 0}};
  });
  registry.AddCollector("klaxon_broken", "A collector that fails.", {}, []() -> Registry::Collector::result_type {
    throw std::runtime_error("store down");
  });
  EXPECT_EQ(registry.Render(),
            "# HELP klaxon_incidents_open Open incidents by severity.\n"
            "# TYPE klaxon_incidents_open gauge\n"
            "klaxon_incidents_open{severity=\"critical\"} 2\n"
            "klaxon_incidents_open{severity=\"warning\"} 0\n"
            "# HELP klaxon_queue_depth Queued commands.\n"
            "# TYPE klaxon_queue_depth gauge\n"
            "klaxon_queue_depth 7.75\n");
}

TEST(MetricsTest, FamilyCollectorRendersSummariesAndGaugesSortedWithTheRest) {
  Registry registry;
  registry.AddGauge("klaxon_b_gauge", "Between.").With({}).Set(1);
  registry.AddFamilyCollector([] {
    CollectedFamily summary{"klaxon_c_seconds", "A summary.", "summary", {}};
    summary.samples.push_back({"klaxon_c_seconds", {{"severity", "SEV1"}, {"quantile", "0.5"}}, 60});
    summary.samples.push_back({"klaxon_c_seconds_sum", {{"severity", "SEV1"}}, 180});
    summary.samples.push_back({"klaxon_c_seconds_count", {{"severity", "SEV1"}}, 2});
    CollectedFamily ratio{"klaxon_a_ratio", "A \"ratio\".", "gauge", {}};
    ratio.samples.push_back({"klaxon_a_ratio", {{"runbook", "RB-\"1\""}}, 0.5});
    return std::vector<CollectedFamily>{summary, ratio};
  });
  registry.AddFamilyCollector([]() -> std::vector<CollectedFamily> { throw std::runtime_error("store down"); });
  EXPECT_EQ(registry.Render(),
            "# HELP klaxon_a_ratio A \"ratio\".\n"
            "# TYPE klaxon_a_ratio gauge\n"
            "klaxon_a_ratio{runbook=\"RB-\\\"1\\\"\"} 0.5\n"
            "# HELP klaxon_b_gauge Between.\n"
            "# TYPE klaxon_b_gauge gauge\n"
            "klaxon_b_gauge 1\n"
            "# HELP klaxon_c_seconds A summary.\n"
            "# TYPE klaxon_c_seconds summary\n"
            "klaxon_c_seconds{severity=\"SEV1\",quantile=\"0.5\"} 60\n"
            "klaxon_c_seconds_sum{severity=\"SEV1\"} 180\n"
            "klaxon_c_seconds_count{severity=\"SEV1\"} 2\n");
}

TEST(MetricsTest, HistogramExposition) {
  Registry registry;
  // Bounds given unsorted; values binary-exact so that the sum is exact.
  auto& latency = registry.AddHistogram("klaxon_http_request_seconds", "Request latency.", {1, 0.25, 2, 0.5},
                                        {"route"});
  Histogram& h = latency.With({"/api/v2/alerts"});
  for (double v : {0.125, 0.25, 0.375, 0.5, 1.5, 4.0}) h.Observe(v);
  EXPECT_EQ(h.Count(), 6u);
  EXPECT_EQ(registry.Render(),
            "# HELP klaxon_http_request_seconds Request latency.\n"
            "# TYPE klaxon_http_request_seconds histogram\n"
            "klaxon_http_request_seconds_bucket{route=\"/api/v2/alerts\",le=\"0.25\"} 2\n"
            "klaxon_http_request_seconds_bucket{route=\"/api/v2/alerts\",le=\"0.5\"} 4\n"
            "klaxon_http_request_seconds_bucket{route=\"/api/v2/alerts\",le=\"1\"} 4\n"
            "klaxon_http_request_seconds_bucket{route=\"/api/v2/alerts\",le=\"2\"} 5\n"
            "klaxon_http_request_seconds_bucket{route=\"/api/v2/alerts\",le=\"+Inf\"} 6\n"
            "klaxon_http_request_seconds_sum{route=\"/api/v2/alerts\"} 6.75\n"
            "klaxon_http_request_seconds_count{route=\"/api/v2/alerts\"} 6\n");
}

TEST(MetricsTest, HistogramWithoutLabels) {
  Registry registry;
  auto& sizes = registry.AddHistogram("klaxon_batch_size", "Alerts per request.", {10, 0.005, 1, 10});
  sizes.With({}).Observe(4);
  EXPECT_EQ(registry.Render(),
            "# HELP klaxon_batch_size Alerts per request.\n"
            "# TYPE klaxon_batch_size histogram\n"
            "klaxon_batch_size_bucket{le=\"0.005\"} 0\n"
            "klaxon_batch_size_bucket{le=\"1\"} 0\n"
            "klaxon_batch_size_bucket{le=\"10\"} 1\n"
            "klaxon_batch_size_bucket{le=\"+Inf\"} 1\n"
            "klaxon_batch_size_sum 4\n"
            "klaxon_batch_size_count 1\n");
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  Registry registry;
  auto& family = registry.AddCounter("klaxon_odd_total", "Help with \\ and\nnewline \"quoted\".", {"value"});
  family.With({"a\\b \"c\"\nd"}).Inc();
  EXPECT_EQ(registry.Render(),
            "# HELP klaxon_odd_total Help with \\\\ and\\nnewline \"quoted\".\n"
            "# TYPE klaxon_odd_total counter\n"
            "klaxon_odd_total{value=\"a\\\\b \\\"c\\\"\\nd\"} 1\n");
}

TEST(MetricsTest, FormatsValuesPrometheusCanParse) {
  Registry registry;
  auto& g = registry.AddGauge("g", "", {"k"});
  g.With({"big_integer"}).Set(1234567890123.0);
  g.With({"huge"}).Set(1e300);
  g.With({"negative"}).Set(-3);
  g.With({"small"}).Set(0.000001);
  g.With({"inf"}).Set(std::numeric_limits<double>::infinity());
  g.With({"minus_inf"}).Set(-std::numeric_limits<double>::infinity());
  g.With({"nan"}).Set(std::numeric_limits<double>::quiet_NaN());
  g.With({"zero"}).Set(-0.0);
  EXPECT_EQ(registry.Render(),
            "# HELP g \n# TYPE g gauge\n"
            "g{k=\"big_integer\"} 1234567890123\n"
            "g{k=\"huge\"} 1e+300\n"
            "g{k=\"inf\"} +Inf\n"
            "g{k=\"minus_inf\"} -Inf\n"
            "g{k=\"nan\"} NaN\n"
            "g{k=\"negative\"} -3\n"
            "g{k=\"small\"} 1e-06\n"
            "g{k=\"zero\"} 0\n");
}

TEST(MetricsTest, SameNameReturnsTheSameFamilyAndSeriesStayPut) {
  Registry registry;
  auto& a = registry.AddCounter("c_total", "C.", {"x"});
  auto& b = registry.AddCounter("c_total", "C again.", {"x"});
  EXPECT_EQ(&a, &b);
  Counter& first = a.With({"1"});
  for (int i = 0; i < 100; ++i) a.With({std::to_string(i + 2)}).Inc();
  EXPECT_EQ(&first, &a.With({"1"}));
}

TEST(MetricsTest, WrongLabelCountIsPaddedNotFatal) {
  Registry registry;
  auto& family = registry.AddCounter("c_total", "C.", {"a", "b"});
  family.With({"only"}).Inc();
  EXPECT_NE(registry.Render().find("c_total{a=\"only\",b=\"\"} 1\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Registry registry;
  auto& counter = registry.AddCounter("c_total", "C.");
  auto& histogram = registry.AddHistogram("h", "H.", {1});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Counter& c = counter.With({});
      Histogram& h = histogram.With({});
      for (int i = 0; i < kPerThread; ++i) {
        c.Inc();
        h.Observe(i % 2);
      }
    });
  }
  std::thread scraper([&] {
    for (int i = 0; i < 50; ++i) (void)registry.Render();
  });
  for (auto& t : threads) t.join();
  scraper.join();
  EXPECT_EQ(counter.With({}).Value(), kThreads * kPerThread);
  EXPECT_EQ(histogram.With({}).Count(), static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(histogram.With({}).Sum(), kThreads * kPerThread / 2);
  EXPECT_EQ(histogram.With({}).BucketCounts(), (std::vector<uint64_t>{kThreads * kPerThread, kThreads * kPerThread}));
}

}  // namespace
}  // namespace klaxon::metrics
