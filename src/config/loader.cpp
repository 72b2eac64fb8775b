// The loader's pipeline: read the files (sources.cpp), parse each section
// occurrence (one file per section), then resolve defaults that depend on
// other sections and check cross-references (catalog.cpp). Every stage
// reports into one Diagnostics; any diagnostic discards the config.
#include "config/loader.h"

#include <algorithm>

#include <fmt/format.h>

#include "config/catalog.h"
#include "config/diagnostics.h"
#include "config/sections.h"
#include "config/sources.h"

namespace klaxon::config {
namespace {

void ParseSections(const Sources& s, const EnvLookup& env, Diagnostics& diagnostics,
                   Catalog& catalog, Config& cfg, std::vector<size_t>& inherits_group_by) {
  auto reader = [&](const Section& section) { return Reader(section.file, diagnostics, env); };
  if (s.server) {
    Reader r = reader(*s.server);
    ParseServer(r, s.server->node, cfg.server);
  }
  for (const Section& section : s.severities) {
    Reader r = reader(section);
    ParseSeverities(r, section.node, catalog, cfg.severities);
  }
  for (const Section& section : s.services) {
    Reader r = reader(section);
    ParseServices(r, section.node, catalog, cfg.services);
  }
  if (s.incidents) {
    Reader r = reader(*s.incidents);
    ParseIncidents(r, s.incidents->node, catalog, cfg.incidents);
  }
  for (const Section& section : s.runbooks) {
    Reader r = reader(section);
    ParseRunbooks(r, section.node, catalog, cfg.runbooks, inherits_group_by);
  }
  for (const Section& section : s.people) {
    Reader r = reader(section);
    ParsePeople(r, section.node, catalog, cfg.people);
  }
  for (const Section& section : s.integrations) {
    Reader r = reader(section);
    ParseIntegrations(r, section.node, catalog, cfg.integrations);
  }
  for (const Section& section : s.api_tokens) {
    Reader r = reader(section);
    ParseApiTokens(r, section.node, catalog, cfg.api_tokens);
  }
  for (const Section& section : s.schedules) {
    Reader r = reader(section);
    ParseSchedules(r, section.node, catalog, cfg.schedules);
  }
  for (const Section& section : s.escalation_policies) {
    Reader r = reader(section);
    ParseEscalationPolicies(r, section.node, catalog, cfg.escalation_policies);
  }
  if (s.notifications) {
    Reader r = reader(*s.notifications);
    ParseNotifications(r, s.notifications->node, catalog, cfg.notifications);
  }
  for (const Section& section : s.probes) {
    Reader r = reader(section);
    ParseProbes(r, section.node, catalog, cfg.probes);
  }
  if (s.remediation) {
    Reader r = reader(*s.remediation);
    ParseRemediation(r, s.remediation->node, cfg.remediation);
  }
  if (s.postmortems) {
    Reader r = reader(*s.postmortems);
    ParsePostmortems(r, s.postmortems->node, catalog, cfg.postmortems);
  }
  if (s.messages) {
    Reader r = reader(*s.messages);
    ParseMessages(r, s.messages->node, "messages", cfg.messages);
  }
  if (s.status_page) {
    Reader r = reader(*s.status_page);
    ParseStatusPage(r, s.status_page->node, catalog, cfg.status_page);
  }
}

// Defaults that depend on other sections, once every file has been read.
void ResolveDefaults(const Sources& s, Diagnostics& diagnostics, Config& cfg,
                     const std::vector<size_t>& inherits_group_by) {
  if (cfg.severities.empty() && s.complete) {
    diagnostics.Add(s.top, "no severities are declared; add a \"severities\" list, most severe "
                           "first");
  }
  for (size_t i = 0; i < cfg.severities.size(); ++i) cfg.severities[i].rank = static_cast<int>(i);
  if (cfg.incidents.unmatched_severity.empty() && !cfg.severities.empty()) {
    cfg.incidents.unmatched_severity = cfg.severities.back().id;
  }
  for (size_t i : inherits_group_by) cfg.runbooks[i].route.group_by = cfg.incidents.group_by;
  if (cfg.server.external_url.empty()) cfg.server.external_url = "http://" + cfg.server.listen;
  cfg.status_page.page.url =
      cfg.status_page.url.empty() ? cfg.server.external_url + "/status" : cfg.status_page.url;
  FinishProbes(diagnostics, cfg);
  if (cfg.notifications.handoff && s.complete) {
    ResolveHandoff(cfg, diagnostics, *cfg.notifications.handoff);
  }
  if (s.postmortems && s.complete) ResolvePostmortems(cfg, diagnostics, cfg.postmortems);
}

std::expected<Config, std::vector<Diagnostic>> Load(const std::string& text,
                                                    const std::string& name,
                                                    const EnvLookup& env) {
  Diagnostics diagnostics;
  std::vector<std::string> files = {name};
  Config cfg;
  // The edge: yaml-cpp reports misuse by throwing, and allocation may fail on
  // hostile input. Nothing thrown here may escape the module.
  try {
    Sources sources = ReadSources(text, name, env, diagnostics);
    files = sources.files;
    Catalog catalog;
    std::vector<size_t> inherits_group_by;
    ParseSections(sources, env, diagnostics, catalog, cfg, inherits_group_by);
    ResolveDefaults(sources, diagnostics, cfg, inherits_group_by);
    catalog.Check(diagnostics, /*check_references=*/sources.complete);
  } catch (const YAML::Exception& e) {
    diagnostics.Add(Origin{name, 0, 0}, "cannot read YAML: " + e.msg);
  } catch (const std::exception&) {
    // what() could in principle echo input; say only that it failed.
    diagnostics.Add(Origin{name, 0, 0}, "internal error while loading the configuration");
  }
  if (!diagnostics.empty()) return std::unexpected(diagnostics.Sorted(files));
  cfg.source_file = name;
  return cfg;
}

}  // namespace

std::expected<Config, std::vector<Diagnostic>> LoadString(const std::string& text,
                                                          const std::string& name,
                                                          const EnvLookup& env) {
  return Load(text, name, env);
}

std::expected<Config, std::vector<Diagnostic>> LoadFile(const std::string& path,
                                                        const EnvLookup& env) {
  std::string why;
  std::optional<std::string> text;
  try {
    text = ReadFileText(path, why);
  } catch (const std::exception&) {
    why = "read error";
  }
  if (!text) {
    return std::unexpected(
        std::vector<Diagnostic>{Diagnostic{path, 0, 0, "cannot read file: " + why}});
  }
  return Load(*text, path, env);
}

}  // namespace klaxon::config
