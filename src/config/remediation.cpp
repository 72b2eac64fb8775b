// The safety rails of automated remediation: a runbook's `remediation` map
// (budget, dry_run, target) and the top-level `remediation` section (global
// dry-run, workers, output kept). The remediation runner (src/remediate/ and
// engine/remediation) reads the typed values; nothing here runs anything.
#include <charconv>

#include <fmt/format.h>

#include "config/sections.h"

namespace klaxon::config {
namespace {

// "3 per 1h": at most 3 runs in any hour.
void ParseBudget(Reader& r, const Ref& value, RemediationBudget& out) {
  auto text = r.String(value);
  if (!text) return;
  const std::string_view s = text->value;
  auto bad = [&] {
    r.Error(value.origin, fmt::format("invalid budget {}: expected \"<runs> per <duration>\", "
                                      "e.g. \"3 per 1h\"",
                                      Describe(*text)));
  };
  auto per = s.find(" per ");
  if (per == std::string_view::npos) return bad();
  std::string_view count = s.substr(0, per), window = s.substr(per + 5);
  while (!window.empty() && window.front() == ' ') window.remove_prefix(1);
  int runs = 0;
  auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), runs);
  if (ec != std::errc() || end != count.data() + count.size() || runs < 1 || runs > 1000) {
    return bad();
  }
  auto d = ParseDuration(window);
  if (!d || *d <= Duration(0)) return bad();
  out.runs = runs;
  out.per = *d;
}

}  // namespace

void ParseRunbookRemediation(Reader& r, const Ref& map, RunbookRemediation& out) {
  MapReader m(r, map, "runbook remediation", {"budget", "dry_run", "target"});
  if (!m.ok()) return;
  if (const Ref* budget = m.Get("budget", Need::kOptional)) ParseBudget(r, *budget, out.budget);
  m.ReadBool("dry_run", out.dry_run);
  if (const Ref* target = m.Get("target", Need::kOptional)) {
    if (auto names = r.LabelNames(*target)) out.target = std::move(*names);
  }
}

void ParseRemediation(Reader& r, const Ref& section, RemediationSettings& out) {
  MapReader m(r, section, "remediation", {"dry_run", "workers", "output_limit"});
  if (!m.ok()) return;
  m.ReadBool("dry_run", out.dry_run);
  m.ReadInt("workers", out.workers, 1, 64);
  if (const Ref* limit = m.Get("output_limit", Need::kOptional)) {
    if (auto size = r.Size(*limit)) {
      if (*size > (1u << 20)) {
        r.Error(limit->origin, "output_limit is at most 1MiB");
      } else {
        out.output_limit = *size;
      }
    }
  }
}

}  // namespace klaxon::config
