#include <algorithm>

#include <fmt/format.h>

#include "config/sections.h"

namespace klaxon::config {
namespace {

bool IsPrefix(std::string_view s) {
  return !s.empty() && s.size() <= 16 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

}  // namespace

void ParseIncidents(Reader& r, const Ref& section, Catalog& catalog, IncidentSettings& out) {
  MapReader m(r, section, "incidents",
              {"group_by", "quiet_period", "reopen_window", "resolve_timeout", "id_prefix",
               "unmatched"});
  if (!m.ok()) return;
  if (const Ref* ref = m.Get("group_by", Need::kOptional)) {
    if (auto names = r.LabelNames(*ref)) out.group_by = std::move(*names);
  }
  m.ReadDuration("quiet_period", out.quiet_period, /*allow_zero=*/true);
  m.ReadDuration("reopen_window", out.reopen_window, /*allow_zero=*/true);
  m.ReadDuration("resolve_timeout", out.resolve_timeout, /*allow_zero=*/false);
  if (auto prefix = m.String("id_prefix")) {
    if (IsPrefix(prefix->value)) {
      out.id_prefix = prefix->value;
    } else {
      r.Error(prefix->origin, fmt::format("invalid id_prefix {}: use 1 to 16 letters or digits",
                                          Describe(*prefix)));
    }
  }
  if (const Ref* ref = m.Get("unmatched", Need::kOptional)) {
    MapReader u(r, *ref, "incidents.unmatched", {"title", "severity"});
    if (!u.ok()) return;
    u.Read("title", out.unmatched_title);
    if (auto severity = u.Id("severity")) {
      out.unmatched_severity = severity->value;
      catalog.Refer(Kind::kSeverity, *severity);
    }
  }
}

}  // namespace klaxon::config
