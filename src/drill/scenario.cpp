#include "drill/scenario.h"

#include <fmt/format.h>

#include "rules/router.h"

namespace klaxon::drill {
namespace {

bool PlainWord(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == ':' || c == ' ';
    if (!ok) return false;
  }
  return true;
}

// A value a regex matcher accepts, tried first: see scenario.h.
std::string RegexCandidate(const std::string& re) {
  std::string first = re.substr(0, re.find('|'));
  if (PlainWord(first)) return first;
  std::string out;
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] == '\\' && i + 1 < re.size()) {
      out += re[++i];
    } else if (std::string_view("^$()[]{}*+?|.").find(re[i]) == std::string_view::npos) {
      out += re[i];
    }
  }
  return out;
}

}  // namespace

Result<ingest::Alert> AlertFor(const config::Config& config, const config::Runbook& runbook,
                               const std::string& severity, const LabelSet& extra, Time at) {
  if (!severity.empty() && config.FindSeverity(severity) == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("unknown severity {}", severity));
  }
  LabelSet labels;
  for (const auto& m : runbook.route.match) {
    if (m.op() == rules::MatchOp::kEqual) labels.Set(m.name(), m.value());
    if (m.op() == rules::MatchOp::kRegex) labels.Set(m.name(), RegexCandidate(m.value()));
  }
  if (!runbook.service.empty() && !labels.Has("service")) labels.Set("service", runbook.service);
  for (const auto& [name, value] : extra) labels.Set(name, value);

  rules::Router router(config.Routes(), config.FallbackRoute());
  rules::Decision d = router.Route(labels);
  if (!d.matched || d.runbook_id != runbook.id) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("cannot make an alert that reaches {} (labels {} go to {}): give "
                            "its labels with --label name=value",
                            runbook.id, labels.ToString(),
                            d.matched ? d.runbook_id : std::string("no runbook")));
  }
  ingest::Alert a;
  a.labels = std::move(labels);
  a.fingerprint = FingerprintOf(a.labels);
  a.action = ingest::AlertAction::kFire;
  a.starts_at = at;
  a.source = "drill";
  a.integration = "drill";
  a.refresh_expected = false;
  a.severity = severity;
  if (!severity.empty()) a.severity_reason = "drill --severity " + severity;
  return a;
}

}  // namespace klaxon::drill
