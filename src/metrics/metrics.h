#pragma once
// Prometheus text-format metrics: counters, gauges and histograms with label
// values. Lock-free on the hot path for existing series; thread-safe.
// Registered once at start-up by the modules that own them.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace klaxon::metrics {

class Counter {
 public:
  void Inc(double v = 1);
  double Value() const;
 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v);
  void Add(double v);
  double Value() const;
 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double v);
  // Snapshot for exposition.
  std::vector<uint64_t> BucketCounts() const;  // cumulative, one per bound, then +Inf
  double Sum() const;
  uint64_t Count() const;
  const std::vector<double>& bounds() const { return bounds_; }
 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // non-cumulative, size bounds+1
  std::atomic<double> sum_{0};
  std::atomic<uint64_t> count_{0};
};

// A family: one metric name, help text, label names, and a series per label values.
// Series are created on first use and never removed; returned references stay valid.
template <class T>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<T>()> make);
  T& With(const std::vector<std::string>& label_values);
  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Calls f(label_values, series) for each series, under the family lock.
  void ForEach(const std::function<void(const std::vector<std::string>&, const T&)>& f) const;
 private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  std::function<std::unique_ptr<T>()> make_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_;  // guarded by mu_
};

// One family computed at scrape time by a FamilyCollector. A sample's name
// is the family's name, or for a summary also name_sum and name_count; a
// summary's quantile samples carry a "quantile" label (last). `type` is
// "gauge", "counter" or "summary".
struct CollectedSample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;  // (name, value), in order
  double value = 0;
};
struct CollectedFamily {
  std::string name, help, type;
  std::vector<CollectedSample> samples;
};

class Registry {
 public:
  Family<Counter>& AddCounter(std::string name, std::string help, std::vector<std::string> labels = {});
  Family<Gauge>& AddGauge(std::string name, std::string help, std::vector<std::string> labels = {});
  Family<Histogram>& AddHistogram(std::string name, std::string help, std::vector<double> bounds,
                                  std::vector<std::string> labels = {});
  // A gauge computed at scrape time (e.g. open incidents from the store).
  // The callback returns (label values, value) pairs.
  using Collector = std::function<std::vector<std::pair<std::vector<std::string>, double>>()>;
  void AddCollector(std::string name, std::string help, std::vector<std::string> labels, Collector c);
  // Several families computed together at scrape time (one store read for
  // many metrics). It runs outside the registry's lock, on the scraping
  // thread; a callback that throws leaves its families out of that scrape.
  using FamilyCollector = std::function<std::vector<CollectedFamily>()>;
  void AddFamilyCollector(FamilyCollector c);

  // The whole registry in the Prometheus text exposition format 0.0.4.
  std::string Render() const;

 private:
  mutable std::mutex mu_;  // guards the vectors below (families are added at start-up)
  std::vector<std::unique_ptr<Family<Counter>>> counters_;
  std::vector<std::unique_ptr<Family<Gauge>>> gauges_;
  std::vector<std::unique_ptr<Family<Histogram>>> histograms_;
  struct CollectorEntry { std::string name, help; std::vector<std::string> labels; Collector collect; };
  std::vector<CollectorEntry> collectors_;
  std::vector<FamilyCollector> family_collectors_;
};

}  // namespace klaxon::metrics
