#include "metrics/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>

#include "core/log.h"

namespace klaxon::metrics {

// ---- series ----

void Counter::Inc(double v) {
  if (!(v >= 0)) return;  // a counter only goes up; negative or NaN increments are dropped
  value_.fetch_add(v, std::memory_order_relaxed);
}
double Counter::Value() const { return value_.load(std::memory_order_relaxed); }

void Gauge::Set(double v) { value_.store(v, std::memory_order_relaxed); }
void Gauge::Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
double Gauge::Value() const { return value_.load(std::memory_order_relaxed); }

namespace {

// Sorted, distinct, finite: +Inf is always the implicit last bucket.
std::vector<double> NormalizeBounds(std::vector<double> bounds) {
  std::erase_if(bounds, [](double b) { return std::isnan(b) || std::isinf(b); });
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  return bounds;
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(NormalizeBounds(std::move(upper_bounds))),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double v) {
  if (std::isnan(v)) return;
  // Bucket i counts bounds_[i-1] < v <= bounds_[i] ("le" is inclusive).
  const size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::BucketCounts() const {
  std::vector<uint64_t> cumulative(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    cumulative[i] = running;
  }
  return cumulative;
}

double Histogram::Sum() const { return sum_.load(std::memory_order_relaxed); }
uint64_t Histogram::Count() const { return count_.load(std::memory_order_relaxed); }

// ---- families ----

template <class T>
Family<T>::Family(std::string name, std::string help, std::vector<std::string> label_names,
                  std::function<std::unique_ptr<T>()> make)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)),
      make_(std::move(make)) {}

template <class T>
T& Family<T>::With(const std::vector<std::string>& label_values) {
  std::lock_guard lock(mu_);
  auto it = series_.find(label_values);
  if (it != series_.end()) return *it->second;
  // A count mismatch is a caller bug; pad or cut so the exposition stays valid.
  std::vector<std::string> key = label_values;
  key.resize(label_names_.size());
  auto [inserted, fresh] = series_.try_emplace(std::move(key), nullptr);
  if (fresh) inserted->second = make_();
  return *inserted->second;
}

template <class T>
void Family<T>::ForEach(const std::function<void(const std::vector<std::string>&, const T&)>& f) const {
  std::lock_guard lock(mu_);
  for (const auto& [labels, series] : series_) f(labels, *series);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

// ---- exposition ----

namespace {

void AppendValue(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) {  // 2^53: exact integers
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v));
    out.append(buf, end);
  } else {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
    out.append(buf, end);
  }
}

std::string FormatValue(double v) {
  std::string out;
  AppendValue(out, v);
  return out;
}

void AppendEscaped(std::string& out, std::string_view text, bool escape_quotes) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void AppendHeader(std::string& out, const std::string& name, const std::string& help, const char* type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  AppendEscaped(out, help, /*escape_quotes=*/false);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

// name{a="x",b="y"[,le="0.5"]} value
void AppendSample(std::string& out, std::string_view name, const std::vector<std::string>& label_names,
                  const std::vector<std::string>& label_values, const std::string* le, double value) {
  out += name;
  const bool any = !label_names.empty() || le != nullptr;
  if (any) out += '{';
  for (size_t i = 0; i < label_names.size(); ++i) {
    if (i > 0) out += ',';
    out += label_names[i];
    out += "=\"";
    AppendEscaped(out, i < label_values.size() ? label_values[i] : std::string(), /*escape_quotes=*/true);
    out += '"';
  }
  if (le != nullptr) {
    if (!label_names.empty()) out += ',';
    out += "le=\"";
    out += *le;
    out += '"';
  }
  if (any) out += '}';
  out += ' ';
  AppendValue(out, value);
  out += '\n';
}

void RenderFamily(std::string& out, const Family<Counter>& family) {
  AppendHeader(out, family.name(), family.help(), "counter");
  family.ForEach([&](const std::vector<std::string>& labels, const Counter& c) {
    AppendSample(out, family.name(), family.label_names(), labels, nullptr, c.Value());
  });
}

void RenderFamily(std::string& out, const Family<Gauge>& family) {
  AppendHeader(out, family.name(), family.help(), "gauge");
  family.ForEach([&](const std::vector<std::string>& labels, const Gauge& g) {
    AppendSample(out, family.name(), family.label_names(), labels, nullptr, g.Value());
  });
}

void RenderFamily(std::string& out, const Family<Histogram>& family) {
  AppendHeader(out, family.name(), family.help(), "histogram");
  const std::string bucket = family.name() + "_bucket";
  const std::string sum = family.name() + "_sum";
  const std::string count = family.name() + "_count";
  family.ForEach([&](const std::vector<std::string>& labels, const Histogram& h) {
    const std::vector<uint64_t> counts = h.BucketCounts();
    for (size_t i = 0; i < h.bounds().size(); ++i) {
      const std::string le = FormatValue(h.bounds()[i]);
      AppendSample(out, bucket, family.label_names(), labels, &le, static_cast<double>(counts[i]));
    }
    static const std::string kInf = "+Inf";
    AppendSample(out, bucket, family.label_names(), labels, &kInf, static_cast<double>(counts.back()));
    AppendSample(out, sum, family.label_names(), labels, nullptr, h.Sum());
    // From the same snapshot as the buckets, so _count always equals the +Inf bucket.
    AppendSample(out, count, family.label_names(), labels, nullptr, static_cast<double>(counts.back()));
  });
}

template <class T>
Family<T>* FindByName(const std::vector<std::unique_ptr<Family<T>>>& families, const std::string& name) {
  for (const auto& family : families) {
    if (family->name() == name) return family.get();
  }
  return nullptr;
}

}  // namespace

// Registering a name twice with the same kind returns the existing family
// (its help, labels and bounds win); with another kind it is a bug, logged.
Family<Counter>& Registry::AddCounter(std::string name, std::string help, std::vector<std::string> labels) {
  std::lock_guard lock(mu_);
  if (auto* existing = FindByName(counters_, name)) return *existing;
  if (FindByName(gauges_, name) || FindByName(histograms_, name)) log::Error("metric registered twice name={}", name);
  counters_.push_back(std::make_unique<Family<Counter>>(std::move(name), std::move(help), std::move(labels),
                                                        [] { return std::make_unique<Counter>(); }));
  return *counters_.back();
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help, std::vector<std::string> labels) {
  std::lock_guard lock(mu_);
  if (auto* existing = FindByName(gauges_, name)) return *existing;
  if (FindByName(counters_, name) || FindByName(histograms_, name)) log::Error("metric registered twice name={}", name);
  gauges_.push_back(std::make_unique<Family<Gauge>>(std::move(name), std::move(help), std::move(labels),
                                                    [] { return std::make_unique<Gauge>(); }));
  return *gauges_.back();
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help, std::vector<double> bounds,
                                          std::vector<std::string> labels) {
  std::lock_guard lock(mu_);
  if (auto* existing = FindByName(histograms_, name)) return *existing;
  if (FindByName(counters_, name) || FindByName(gauges_, name)) log::Error("metric registered twice name={}", name);
  histograms_.push_back(std::make_unique<Family<Histogram>>(
      std::move(name), std::move(help), std::move(labels),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); }));
  return *histograms_.back();
}

void Registry::AddFamilyCollector(FamilyCollector c) {
  std::lock_guard lock(mu_);
  family_collectors_.push_back(std::move(c));
}

void Registry::AddCollector(std::string name, std::string help, std::vector<std::string> labels, Collector c) {
  std::lock_guard lock(mu_);
  collectors_.push_back(CollectorEntry{std::move(name), std::move(help), std::move(labels), std::move(c)});
}

std::string Registry::Render() const {
  // Families are never removed, so their pointers stay valid after the lock;
  // collectors run outside it because they may be slow (a store query).
  struct Item {
    const std::string* name;
    std::function<void(std::string&)> render;
  };
  std::vector<Item> items;
  std::vector<CollectorEntry> collectors;
  std::vector<FamilyCollector> family_collectors;
  {
    std::lock_guard lock(mu_);
    for (const auto& f : counters_) items.push_back({&f->name(), [p = f.get()](std::string& o) { RenderFamily(o, *p); }});
    for (const auto& f : gauges_) items.push_back({&f->name(), [p = f.get()](std::string& o) { RenderFamily(o, *p); }});
    for (const auto& f : histograms_) {
      items.push_back({&f->name(), [p = f.get()](std::string& o) { RenderFamily(o, *p); }});
    }
    collectors = collectors_;
    family_collectors = family_collectors_;
  }
  // Collected families live until the end of Render: items point at them.
  std::vector<CollectedFamily> collected;
  for (const auto& collect : family_collectors) {
    try {
      for (auto& f : collect()) collected.push_back(std::move(f));
    } catch (const std::exception& e) {
      log::Warn("metrics family collector failed error={}", e.what());
    } catch (...) {
      log::Warn("metrics family collector failed");
    }
  }
  for (const auto& f : collected) {
    items.push_back({&f.name, [&f](std::string& out) {
                       AppendHeader(out, f.name, f.help, f.type.c_str());
                       std::vector<std::string> names, values;
                       for (const auto& s : f.samples) {
                         names.clear();
                         values.clear();
                         for (const auto& [n, v] : s.labels) {
                           names.push_back(n);
                           values.push_back(v);
                         }
                         AppendSample(out, s.name, names, values, nullptr, s.value);
                       }
                     }});
  }
  for (const auto& c : collectors) {
    items.push_back({&c.name, [&c](std::string& out) {
                       std::vector<std::pair<std::vector<std::string>, double>> samples;
                       try {
                         samples = c.collect();
                       } catch (const std::exception& e) {
                         log::Warn("metrics collector failed name={} error={}", c.name, e.what());
                         return;  // a failed collector leaves its metric out of this scrape
                       } catch (...) {
                         log::Warn("metrics collector failed name={}", c.name);
                         return;
                       }
                       AppendHeader(out, c.name, c.help, "gauge");
                       for (const auto& [labels, value] : samples) {
                         AppendSample(out, c.name, c.labels, labels, nullptr, value);
                       }
                     }});
  }
  // Sorted by name: a stable, diff-friendly exposition.
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return *a.name < *b.name; });
  std::string out;
  for (const auto& item : items) item.render(out);
  return out;
}

}  // namespace klaxon::metrics
