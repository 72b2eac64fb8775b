#include "cli/drill.h"

#include <iostream>
#include <regex>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "config/loader.h"
#include "core/clock.h"
#include "core/log.h"
#include "drill/drill.h"
#include "drill/render.h"

namespace klaxon::cli {
namespace {

// ISO 8601 with a zone; seconds may be left out ("2026-11-27T09:14+01:00").
Result<Time> ParseAt(const std::string& text) {
  if (auto t = ParseTimestamp(text)) return t;
  static const std::regex no_seconds(R"((\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2})(Z|z|[+-]\d{2}:?\d{2}))");
  std::smatch m;
  if (std::regex_match(text, m, no_seconds)) {
    std::string with = m[1].str() + ":00" + m[2].str();
    with[10] = 'T';
    if (auto t = ParseTimestamp(with)) return t;
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("--at {}: not an ISO 8601 time with a zone, e.g. 2026-11-27T09:14:00Z "
                          "or 2026-11-27T10:14:00+01:00",
                          text));
}

}  // namespace

int Drill(const DrillOptions& o) {
  if (o.all == !o.runbook.empty()) {
    std::cerr << "klaxon drill: give one RUNBOOK or --all\n";
    return 2;
  }
  auto cfg = config::LoadFile(o.config_path, config::ProcessEnv());
  if (!cfg) {
    for (const auto& d : cfg.error()) std::cerr << d.ToString() << "\n";
    return 2;
  }
  drill::Options base;
  base.severity = o.severity;
  base.inherit_env = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
  base.at = SystemClock().Now();
  if (!o.at.empty()) {
    auto at = ParseAt(o.at);
    if (!at) {
      std::cerr << "klaxon drill: " << at.error().message << "\n";
      return 2;
    }
    base.at = *at;
  }
  auto horizon = ParseDuration(o.horizon);
  if (!horizon || *horizon <= Duration::zero()) {
    std::cerr << "klaxon drill: --horizon " << o.horizon << ": not a positive duration\n";
    return 2;
  }
  base.horizon = *horizon;
  for (const auto& l : o.labels) {
    size_t eq = l.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "klaxon drill: --label " << l << ": expected name=value\n";
      return 2;
    }
    base.labels.Set(l.substr(0, eq), l.substr(eq + 1));
  }
  std::vector<std::string> runbooks;
  if (o.all) {
    for (const auto& rb : cfg->runbooks) runbooks.push_back(rb.id);
  } else {
    runbooks.push_back(o.runbook);
  }

  // The engine's own log lines would interleave with the timeline.
  log::SetLevel(log::Level::kError);
  boost::json::array reports;
  bool ok = true;
  for (size_t i = 0; i < runbooks.size(); ++i) {
    drill::Options one = base;
    one.runbook = runbooks[i];
    auto report = drill::Run(*cfg, one);
    if (!report) {
      std::cerr << "klaxon drill: " << runbooks[i] << ": " << report.error().message << "\n";
      return 2;
    }
    ok = ok && report->ok();
    if (o.json) {
      reports.push_back(drill::Json(*report));
    } else {
      std::cout << (i > 0 ? "\n" : "") << drill::Text(*report);
    }
  }
  if (o.json) {
    if (o.all) {
      std::cout << boost::json::serialize(boost::json::object{{"ok", ok}, {"runbooks", reports}})
                << "\n";
    } else {
      std::cout << boost::json::serialize(reports.at(0)) << "\n";
    }
  } else if (o.all) {
    std::cout << fmt::format("\n{} runbook(s) drilled: {}\n", runbooks.size(),
                             ok ? "no errors" : "errors found");
  }
  return o.check && !ok ? 1 : 0;
}

}  // namespace klaxon::cli
