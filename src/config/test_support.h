#pragma once
// Helpers for the config tests: an in-memory environment, a scratch directory
// for include tests, and diagnostics flattened to "file:line:column: message".

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "config/loader.h"

namespace klaxon::config::test {

inline EnvLookup MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

inline EnvLookup NoEnv() { return MapEnv({}); }

// The variables examples/cocopay/klaxon.yaml needs (those without a default),
// with made-up values of the required shapes.
inline const std::map<std::string, std::string> kCocoPayEnv = {
    {"KLAXON_PROMETHEUS_KEY", "prom-key-0123456789abcdef"},
    {"KLAXON_PAGERDUTY_KEY", "e93facc04764012d7bfb002500d5d1a6"},
    {"KLAXON_GENERIC_KEY", "generic-key-0123456789abcdef"},
    {"KLAXON_HEARTBEAT_KEY", "heartbeat-key-0123456789abcdef"},
    {"KLAXON_ADMIN_TOKEN", "admin-token-0123456789abcdef"},
    {"KLAXON_LEAD_TOKEN", "lead-token-0123456789abcdef"},
    {"KLAXON_MAYA_TOKEN", "maya-token-0123456789abcdef"},
    {"KLAXON_DIEGO_TOKEN", "diego-token-0123456789abcdef"},
    {"KLAXON_DASHBOARD_TOKEN", "dashboard-token-0123456789abcdef"},
    {"COCOPAY_OPS_TOKEN", "ops-token-0123456789abcdef"},
};

// Every diagnostic as text; empty when the load succeeded.
inline std::vector<std::string> Problems(
    const std::expected<Config, std::vector<Diagnostic>>& result) {
  std::vector<std::string> out;
  if (result) return out;
  for (const auto& d : result.error()) out.push_back(d.ToString());
  return out;
}

// The smallest valid document; tests append the section under test.
inline constexpr const char* kSeverities =
    "severities:\n"
    "  - {id: SEV1, response_time: 15m}\n"
    "  - {id: SEV2, response_time: 1h}\n";

// A fresh directory under the system temp dir, removed on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "klaxon-config-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) ? tmpl : std::string();
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `text` to `name` (relative to the directory, parents created) and
  // returns the full path.
  std::string Write(const std::string& name, const std::string& text) const {
    std::filesystem::path p = std::filesystem::path(path_) / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace klaxon::config::test
