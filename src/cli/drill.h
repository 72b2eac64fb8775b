#pragma once
// `klaxon drill RUNBOOK [--severity S] [--at TIME] [--check] [--json]` and
// `klaxon drill --all`: a runbook's whole response on simulated time, with
// nothing sent and nothing run (drill/drill.h), printed as a timeline.
// Works on the configuration file alone; no server is needed.

#include <string>
#include <vector>

namespace klaxon::cli {

struct DrillOptions {
  std::string config_path;
  std::string runbook;   // "" with all
  bool all = false;      // every runbook of the configuration
  std::string severity;  // "" for each runbook's own
  std::string at;        // ISO 8601 with a zone; "" for now
  std::string horizon = "7d";
  std::vector<std::string> labels;  // name=value
  bool check = false;    // exit 1 when a drill finds an error
  bool json = false;
};

// Returns the exit code: 0 done (with check: and no drill found an error),
// 1 check found an error, 2 bad arguments, a bad configuration or a failed
// drill.
int Drill(const DrillOptions& options);

}  // namespace klaxon::cli
