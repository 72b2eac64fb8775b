#pragma once
// `klaxon demo-railway --sim URL ARGS...`: the stand-in for the Railway CLI
// that the example's runbooks run as ${COCOPAY_RAILWAY} (restarts, logs,
// `railway run bin/rails runner ...`). It hands ARGS to the simulated
// CocoPay (POST URL/railway) and prints its answer. `klaxon demo` writes a
// two-line script calling it, because remediation processes get a clean
// environment and one path to run.

#include <string>
#include <vector>

namespace klaxon::demo {

// Returns the exit code: 0 when the simulation accepted the command.
int RunRailway(const std::string& sim_url, const std::vector<std::string>& args);

// Writes that script at `path` (mode 0755) for `klaxon` (an absolute path)
// and the simulation at `sim_url`; false on failure.
bool WriteRailwayScript(const std::string& path, const std::string& klaxon,
                        const std::string& sim_url);

}  // namespace klaxon::demo
