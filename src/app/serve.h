#pragma once
// `klaxon serve`: the composition root. Builds the store, the engine and the
// HTTP API from the configuration, serves until SIGINT/SIGTERM, then stops
// cleanly. Only this folder names concrete implementations.

#include <string>

namespace klaxon::app {

struct ServeOptions {
  std::string config_path;
  std::string data_dir = "./data";
  std::string listen;           // overrides server.listen when set
  std::string port_file;        // if set, the bound port is written here once serving
  bool simulated_time = false;  // a manual clock moved by POST /api/v1/admin/clock
};

// Returns the process exit code.
int Serve(const ServeOptions& options);

// `klaxon check-config FILE`: prints "ok" or every problem; returns the exit code.
int CheckConfig(const std::string& path);

}  // namespace klaxon::app
