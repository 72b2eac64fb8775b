#pragma once
// `klaxon demo`: the CocoPay handbook played end to end on one machine.
// Starts, all on 127.0.0.1 and in this process: the Slack and PagerDuty
// stand-ins (printing what they receive), the simulated CocoPay (demo/cocopay.h),
// and klaxon itself (app::Serve) on SQLite with the example configuration,
// its probes and actions pointed at the simulation and its clock running
// `time_scale` times faster; then plays one runbook's scenario
// (demo/scenarios.h) and keeps serving until Ctrl-C, or exits when it ends.

#include <string>

namespace klaxon::demo {

struct DemoOptions {
  std::string config_path = "examples/cocopay/klaxon.yaml";
  std::string data_dir;  // "": a fresh directory under $TMPDIR, removed at exit
  std::string listen;    // "": the configuration's server.listen
  std::string scenario = "rb-001";
  bool exit_when_done = false;  // exit 0 when every step was seen, 1 otherwise
  double time_scale = 60;       // a minute of the configuration a second
  bool verbose = false;         // klaxon's own log at info, not only warnings
};

// Returns the process exit code.
int RunDemo(const DemoOptions& options);

}  // namespace klaxon::demo
