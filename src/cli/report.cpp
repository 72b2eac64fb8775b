#include "cli/report.h"

#include <cmath>
#include <iostream>
#include <vector>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "core/time.h"

namespace klaxon::cli {
namespace {

namespace json = boost::json;

const json::value* At(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  const json::value* p = v.as_object().if_contains(key);
  return p && !p->is_null() ? p : nullptr;
}

std::string Text(const json::value& v, std::string_view key) {
  const json::value* p = At(v, key);
  if (!p) return "";
  return p->is_string() ? std::string(p->as_string()) : json::serialize(*p);
}

std::optional<double> Number(const json::value& v, std::string_view key) {
  const json::value* p = At(v, key);
  if (!p || !p->is_number()) return std::nullopt;
  return p->to_number<double>();
}

std::string Count(const json::value& v, std::string_view key) {
  auto n = Number(v, key);
  return n ? fmt::format("{}", static_cast<int64_t>(*n)) : "0";
}

// Seconds as "11m40s" (whole seconds), "-" when there is none.
std::string Span(const json::value& stats, std::string_view key) {
  auto s = Number(stats, key);
  if (!s) return "-";
  return FormatDuration(std::chrono::seconds(std::llround(*s)));
}

struct Table {
  std::vector<std::vector<std::string>> rows;
  void Print() const {
    std::vector<size_t> width;
    for (const auto& r : rows) {
      width.resize(std::max(width.size(), r.size()));
      for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    }
    for (const auto& r : rows) {
      std::string line;
      for (size_t i = 0; i < r.size(); ++i) {
        line += r[i];
        if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
      }
      std::cout << line << "\n";
    }
  }
};

// The columns every group shares: counts, breaches, MTTA and MTTR.
std::vector<std::string> Figures(const json::value& g) {
  static const json::value kNone;
  const json::value* tta = At(g, "time_to_acknowledge");
  const json::value* ttr = At(g, "time_to_resolve");
  if (!tta) tta = &kNone;
  if (!ttr) ttr = &kNone;
  return {Count(g, "opened"),          Count(g, "acknowledged"),       Count(g, "resolved"),
          Count(g, "open"),            Count(g, "sla_breaches"),       Span(*tta, "mean_seconds"),
          Span(*tta, "median_seconds"), Span(*tta, "p90_seconds"),     Span(*ttr, "mean_seconds"),
          Span(*ttr, "median_seconds"), Span(*ttr, "p90_seconds")};
}

const std::vector<std::string> kFigureHeads = {"OPENED", "ACKED",   "RESOLVED", "OPEN",
                                               "BREACHES", "MTTA", "TTA p50",  "TTA p90",
                                               "MTTR",   "TTR p50", "TTR p90"};

std::string Remediation(const json::value& g) {
  const json::value* r = At(g, "remediation");
  if (!r) return "-";
  auto attempted = Number(*r, "attempted").value_or(0);
  auto in_progress = Number(*r, "in_progress").value_or(0);
  if (attempted == 0 && in_progress == 0) return "-";
  std::string out = attempted == 0 ? "none finished"
                                   : fmt::format("{}/{} fixed without a page ({:.0f}%)",
                                                 Count(*r, "succeeded"), Count(*r, "attempted"),
                                                 100 * Number(*r, "success_ratio").value_or(0));
  if (in_progress > 0) out += fmt::format(", {} running", Count(*r, "in_progress"));
  return out;
}

void PrintReport(const json::value& v) {
  const json::value* totals = At(v, "totals");
  static const json::value kNone;
  if (!totals) totals = &kNone;
  std::cout << fmt::format(
      "Incidents opened in the last {} (since {}): {} opened, {} acknowledged, {} resolved, "
      "{} open; {} SLA breach{}\n",
      Text(v, "since"), Text(v, "from"), Count(*totals, "opened"), Count(*totals, "acknowledged"),
      Count(*totals, "resolved"), Count(*totals, "open"), Count(*totals, "sla_breaches"),
      Count(*totals, "sla_breaches") == "1" ? "" : "es");
  if (Text(v, "truncated") == "true") {
    std::cout << "(only the newest incidents of the window were read: shorten --since)\n";
  }

  std::cout << "\nBy severity\n";
  Table sev;
  std::vector<std::string> head = {"SEVERITY", "RESPONSE"};
  head.insert(head.end(), kFigureHeads.begin(), kFigureHeads.end());
  sev.rows.push_back(head);
  if (const json::value* list = At(v, "by_severity"); list && list->is_array()) {
    for (const auto& g : list->as_array()) {
      std::vector<std::string> row = {Text(g, "severity"),
                                      Text(g, "response_time").empty() ? "-" : Text(g, "response_time")};
      auto f = Figures(g);
      row.insert(row.end(), f.begin(), f.end());
      sev.rows.push_back(std::move(row));
    }
  }
  std::vector<std::string> total = {"all", ""};
  auto f = Figures(*totals);
  total.insert(total.end(), f.begin(), f.end());
  sev.rows.push_back(std::move(total));
  sev.Print();

  std::cout << "\nBy runbook\n";
  const json::value* list = At(v, "by_runbook");
  if (!list || !list->is_array() || list->as_array().empty()) {
    std::cout << "No incidents in this window.\n";
    return;
  }
  Table rb;
  head = {"RUNBOOK"};
  head.insert(head.end(), kFigureHeads.begin(), kFigureHeads.end());
  head.push_back("REMEDIATION");
  rb.rows.push_back(head);
  for (const auto& g : list->as_array()) {
    std::vector<std::string> row = {Text(g, "runbook").empty() ? "(unrouted)" : Text(g, "runbook")};
    auto figures = Figures(g);
    row.insert(row.end(), figures.begin(), figures.end());
    row.push_back(Remediation(g));
    rb.rows.push_back(std::move(row));
  }
  rb.Print();
}

}  // namespace

int Report(const ClientOptions& c, const std::string& since) {
  auto a = Call(c, "GET", "/api/v1/reports?since=" + Encode(since));
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << json::serialize(a.body) << "\n";
  } else {
    PrintReport(a.body);
  }
  return 0;
}

}  // namespace klaxon::cli
