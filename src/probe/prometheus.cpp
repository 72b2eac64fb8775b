#include "probe/prometheus.h"

#include <charconv>
#include <cmath>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "probe/evaluate.h"

namespace klaxon::probe {
namespace {

namespace json = boost::json;

constexpr size_t kMaxText = 200;   // of an error message Prometheus sent
constexpr size_t kListed = 3;      // series named in a "several series" detail

Verdict Failing(std::string detail) { return Verdict{true, "", std::move(detail), std::nullopt}; }

std::string Shorten(std::string_view text) {
  std::string out(text.substr(0, kMaxText));
  if (text.size() > kMaxText) out += "...";
  return out;
}

const json::value* Field(const json::value& v, std::string_view key) {
  const json::object* o = v.if_object();
  return o ? o->if_contains(key) : nullptr;
}

std::string StringField(const json::value& v, std::string_view key) {
  const json::value* f = Field(v, key);
  return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

// [<unix time>, "<value>"] -> the value; NaN stays NaN.
std::optional<double> SampleValue(const json::value& pair) {
  const json::array* a = pair.if_array();
  if (!a || a->size() != 2 || !(*a)[1].is_string()) return std::nullopt;
  std::string_view s = (*a)[1].as_string();
  if (s.starts_with('+')) s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// {job="api", code="500"}
std::string Series(const json::value& sample) {
  const json::value* metric = Field(sample, "metric");
  std::vector<std::string> labels;
  if (metric && metric->is_object()) {
    for (const auto& [k, v] : metric->as_object()) {
      labels.push_back(fmt::format("{}={}", std::string_view(k),
                                   v.is_string() ? json::serialize(v) : std::string("?")));
    }
  }
  return "{" + fmt::format("{}", fmt::join(labels, ", ")) + "}";
}

Verdict NoData(const PrometheusTarget& t, std::string why) {
  return Verdict{t.empty_fails, "",
                 fmt::format("no data: {}{}", why, t.empty_fails ? " (on_empty: failing)" : ""),
                 std::nullopt};
}

Verdict OfValue(const Spec& spec, double value, std::string_view series) {
  const auto& t = std::get<PrometheusTarget>(spec.target);
  if (std::isnan(value)) return NoData(t, fmt::format("the query returned NaN{}", series));
  if (spec.thresholds.empty()) {
    return Verdict{true, "",
                   fmt::format("the query returned {}{} (without thresholds any result fails)",
                               value, series),
                   value};
  }
  Verdict v = JudgeValue(spec, value);
  if (!series.empty()) v.detail += series;
  return v;
}

}  // namespace

std::string PrometheusQueryBody(std::string_view query) {
  std::string out = "query=";
  for (unsigned char c : query) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

Verdict EvaluatePrometheus(const Spec& spec, const PrometheusObservation& o) {
  const auto& t = std::get<PrometheusTarget>(spec.target);
  boost::system::error_code ec;
  json::value v = json::parse(o.body, ec);
  if (ec || !v.is_object()) {
    return Failing(o.status / 100 != 2
                       ? fmt::format("HTTP status {} from Prometheus", o.status)
                       : std::string("malformed answer from Prometheus: not a JSON object"));
  }
  std::string status = StringField(v, "status");
  if (status == "error") {
    return Failing(fmt::format("Prometheus error {}: {} (HTTP status {})", StringField(v, "errorType"),
                               Shorten(StringField(v, "error")), o.status));
  }
  if (o.status / 100 != 2) return Failing(fmt::format("HTTP status {} from Prometheus", o.status));
  const json::value* data = Field(v, "data");
  if (status != "success" || !data) {
    return Failing("malformed answer from Prometheus: no status \"success\" with data");
  }
  std::string type = StringField(*data, "resultType");
  const json::value* result = Field(*data, "result");
  if (!result) return Failing("malformed answer from Prometheus: no result");
  if (type == "scalar") {
    auto value = SampleValue(*result);
    if (!value) return Failing("malformed answer from Prometheus: a scalar without a number");
    return OfValue(spec, *value, "");
  }
  if (type != "vector") {
    return Failing(fmt::format("the query returned a {}; it must return an instant vector or a "
                               "scalar",
                               type.empty() ? "result of no type" : type));
  }
  const json::array* samples = result->if_array();
  if (!samples) return Failing("malformed answer from Prometheus: a vector that is not a list");
  if (samples->empty()) return NoData(t, "the query returned an empty vector");
  if (samples->size() > 1) {
    std::vector<std::string> listed;
    for (size_t i = 0; i < samples->size() && i < kListed; ++i) {
      const json::value* pair = Field((*samples)[i], "value");
      auto value = pair ? SampleValue(*pair) : std::nullopt;
      listed.push_back(Series((*samples)[i]) + " " + (value ? fmt::format("{}", *value) : "?"));
    }
    return Failing(fmt::format("the query returned {} series, expected at most one: {}{}",
                               samples->size(), fmt::join(listed, ", "),
                               samples->size() > kListed ? ", ..." : ""));
  }
  const json::value* pair = Field((*samples)[0], "value");
  auto value = pair ? SampleValue(*pair) : std::nullopt;
  if (!value) {
    return Failing("malformed answer from Prometheus: a sample without a value (a histogram?)");
  }
  std::string series = Series((*samples)[0]);
  return OfValue(spec, *value, series == "{}" ? "" : " for " + series);
}

}  // namespace klaxon::probe
