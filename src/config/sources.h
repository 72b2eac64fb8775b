#pragma once
// Private to the config module: reads the top-level document and, through
// `include:`, the files it includes, and gathers each top-level section
// occurrence in load order. List sections concatenate across files; server
// and incidents may appear once in the whole set.
//
// Load order: a file's own sections first, then each included file in the
// order listed (depth-first). Include paths are relative to the including
// file and are taken literally (no ${VAR} expansion), so file names in
// diagnostics never carry environment values. A file may be included once;
// a cycle is an error.

#include <optional>
#include <string>
#include <vector>

#include "config/diagnostics.h"
#include "config/reader.h"

namespace klaxon::config {

// One occurrence of a section, in `file`.
struct Section {
  std::string file;
  Ref node;
  Origin key;  // where the section's name is written
};

struct Sources {
  std::vector<std::string> files;  // every file read, in load order
  Origin top;                      // the top-level map of the first file
  // False when some file could not be read or parsed, or its top level is not
  // a map: then checks that need the whole set (undeclared references, "no
  // severities") would only repeat that problem, and are skipped.
  bool complete = true;
  std::optional<Section> server;
  std::optional<Section> incidents;
  std::optional<Section> notifications;
  std::optional<Section> remediation;
  std::optional<Section> postmortems;
  std::optional<Section> messages;
  std::optional<Section> status_page;
  std::vector<Section> severities, services, runbooks, people, integrations, api_tokens,
      schedules, escalation_policies, probes;
};

// `text` is the content of the top-level file called `name`. Problems are
// reported into `diagnostics`; whatever could be read is returned.
Sources ReadSources(const std::string& text, const std::string& name, const EnvLookup& env,
                    Diagnostics& diagnostics);

// Reads a whole file of at most 16 MiB. On failure returns nullopt and sets
// `why` ("no such file or directory", "is a directory", ...).
std::optional<std::string> ReadFileText(const std::string& path, std::string& why);

}  // namespace klaxon::config
