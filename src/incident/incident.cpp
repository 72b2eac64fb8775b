#include "incident/incident.h"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace klaxon::incident {

std::string_view ToString(Status s) {
  switch (s) {
    case Status::kInvestigating: return "investigating";
    case Status::kIdentified: return "identified";
    case Status::kFixing: return "fixing";
    case Status::kMonitoring: return "monitoring";
    case Status::kResolved: return "resolved";
  }
  return "investigating";
}

std::string_view DisplayName(Status s) {
  switch (s) {
    case Status::kInvestigating: return "Investigating";
    case Status::kIdentified: return "Identified";
    case Status::kFixing: return "Fixing";
    case Status::kMonitoring: return "Monitoring";
    case Status::kResolved: return "Resolved";
  }
  return "Investigating";
}

std::optional<Status> ParseStatus(std::string_view s) {
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (Status st : {Status::kInvestigating, Status::kIdentified, Status::kFixing,
                    Status::kMonitoring, Status::kResolved}) {
    if (lower == ToString(st)) return st;
  }
  return std::nullopt;
}

std::string DisplayId(std::string_view prefix, int64_t id) {
  return fmt::format("{}-{}", prefix, id);
}

std::optional<int64_t> ParseDisplayId(std::string_view text) {
  auto dash = text.rfind('-');
  std::string_view digits = dash == std::string_view::npos ? text : text.substr(dash + 1);
  if (dash != std::string_view::npos) {
    std::string_view prefix = text.substr(0, dash);
    if (prefix.empty()) return std::nullopt;
    for (char c : prefix) {
      if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace klaxon::incident
