// docs/configuration.md names every key the loader accepts. The lists come
// from the loader itself: an unknown key is put into every map of the
// CocoPay example (and of a few maps the example does not use), and each
// "unknown key ... (allowed: ...)" diagnostic says which keys that map
// accepts. Every one of them must appear in the reference as code.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/test_support.h"

namespace klaxon::config {
namespace {

constexpr const char* kProbeKey = "zz_undocumented";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Adds kProbeKey to every map in the tree.
void AddUnknownKeys(YAML::Node node) {
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) AddUnknownKeys(it->second);
    node[kProbeKey] = 1;
  } else if (node.IsSequence()) {
    for (auto it = node.begin(); it != node.end(); ++it) AddUnknownKeys(*it);
  }
}

// What each map accepts, by the map's name in the diagnostics.
std::map<std::string, std::set<std::string>> AllowedKeys(const std::string& yaml,
                                                         const EnvLookup& env) {
  YAML::Node root = YAML::Load(yaml);
  AddUnknownKeys(root);
  YAML::Emitter out;
  out << root;
  auto loaded = LoadString(out.c_str(), "probe.yaml", env);
  EXPECT_FALSE(loaded.has_value());
  std::map<std::string, std::set<std::string>> allowed;
  if (loaded) return allowed;
  const std::string head = std::string("unknown key \"") + kProbeKey + "\" in ";
  for (const auto& d : loaded.error()) {
    const std::string& m = d.message;
    if (!m.starts_with(head)) continue;
    size_t list = m.rfind(" (allowed: ");
    if (list == std::string::npos || !m.ends_with(")")) {
      ADD_FAILURE() << "no allowed list in: " << m;
      continue;
    }
    std::string what = m.substr(head.size(), m.find_first_of(";(", head.size()) - head.size());
    while (what.ends_with(' ')) what.pop_back();
    std::string names = m.substr(list + 11, m.size() - list - 12);
    EXPECT_FALSE(names.ends_with("...")) << "the list of " << what
                                         << " is cut short; raise JoinNames' limit in map_reader.cpp";
    std::istringstream in(names);
    for (std::string name; std::getline(in, name, ',');) {
      while (name.starts_with(' ')) name.erase(0, 1);
      if (!name.empty()) allowed[what].insert(name);
    }
  }
  return allowed;
}

// Maps the example does not use.
constexpr const char* kOthers = R"yaml(
severities:
  - {id: SEV1, response_time: 15m}
incidents:
  unmatched: {title: Unrouted alert, severity: SEV1}
people:
  - {id: ana, pagerduty: {user: PABC123}}
runbooks:
  - id: RB-1
    title: t
    severity: SEV1
    match: ['alertname="X"']
    actions:
      - escalate: {message: Investigate.}
)yaml";

TEST(ConfigurationDocs, EveryKeyTheLoaderAcceptsIsInTheReference) {
  const std::string doc = ReadFile(std::string(KLAXON_DOCS_DIR) + "/configuration.md");
  ASSERT_FALSE(doc.empty());
  auto allowed = AllowedKeys(ReadFile(std::string(KLAXON_EXAMPLES_DIR) + "/cocopay/klaxon.yaml"),
                             test::MapEnv(test::kCocoPayEnv));
  for (auto& [what, keys] : AllowedKeys(kOthers, test::NoEnv())) allowed[what].merge(keys);

  // The maps reached: a new section or map kind the example leaves out
  // belongs in kOthers.
  for (const char* what : {"the top level", "server", "severity", "service", "incidents",
                           "incidents.unmatched", "runbook", "severity rule", "action",
                           "http action", "sql action", "escalate action", "investigation step",
                           "resolution row", "communication", "status_page",
                           "status page message", "runbook remediation", "person",
                           "pagerduty contact", "integration", "api token", "schedule", "layer",
                           "escalation policy", "escalation level", "notifications",
                           "notifications.retry", "notification channel", "notification route",
                           "notifications.handoff", "probe", "threshold", "remediation",
                           "postmortems", "post-mortem rule", "postmortems.reminders"}) {
    EXPECT_TRUE(allowed.contains(what)) << "no map \"" << what << "\" was reached";
  }
  // Written as code: `key`, or as part of a dotted path (`unmatched.title`,
  // `notifications.handoff`).
  auto mentioned = [&doc](const std::string& key) {
    for (const std::string& form : {"`" + key + "`", "`" + key + ".", "." + key + "`"}) {
      if (doc.find(form) != std::string::npos) return true;
    }
    return false;
  };
  for (const auto& [what, keys] : allowed) {
    for (const auto& key : keys) {
      EXPECT_TRUE(mentioned(key)) << "docs/configuration.md does not mention `" << key
                                  << "` (a key of " << what << ")";
    }
  }
}

}  // namespace
}  // namespace klaxon::config
