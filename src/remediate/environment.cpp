#include "remediate/environment.h"

namespace klaxon::remediate {

std::string LabelVariable(std::string_view label_name) {
  std::string out = "KLAXON_LABEL_";
  for (char c : label_name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += keep ? c : '_';
  }
  return out;
}

std::vector<std::string> BuildEnvironment(
    const EnvironmentInput& in,
    const std::function<std::optional<std::string>(const std::string&)>& inherit) {
  std::map<std::string, std::string> env;
  for (const char* name : {"PATH", "HOME", "LANG", "LC_ALL", "TZ"}) {
    if (!inherit) break;
    if (auto v = inherit(name)) env[name] = *v;
  }
  if (!env.contains("PATH")) env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& [k, v] : in.configured) env[k] = v;
  for (const auto& [name, value] : in.labels) env[LabelVariable(name)] = std::string(value);
  env["KLAXON_INCIDENT"] = in.incident;
  env["KLAXON_RUNBOOK"] = in.runbook;
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) {
    // A NUL would cut the string short for execve; no value needs one.
    std::string entry = k + "=" + v;
    std::erase(entry, '\0');
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace klaxon::remediate
