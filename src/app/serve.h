#pragma once
// `klaxon serve`: the composition root. Builds the store, the engine and the
// HTTP API from the configuration, serves until SIGINT/SIGTERM (SIGHUP is
// logged and ignored: there is no reload), then stops
// cleanly. Only this folder names concrete implementations.

#include <cstdint>
#include <functional>
#include <string>

namespace klaxon::config {
struct Config;
}

namespace klaxon::app {

struct ServeOptions {
  std::string config_path;
  std::string data_dir = "./data";
  std::string listen;           // overrides server.listen when set
  std::string port_file;        // if set, the bound port is written here once serving
  bool simulated_time = false;  // a manual clock moved by POST /api/v1/admin/clock
  // > 1: the clock runs this many times faster than real time (ScaledClock):
  // `--time-scale 60` plays a minute of the configuration a second.
  double time_scale = 1;
  // Called once with the loaded configuration before anything uses it
  // (`klaxon demo` leaves out the probes of systems it does not simulate).
  std::function<void(config::Config&)> amend_config;
  // Called once on the main thread when the API serves, with its port.
  // Serving stops at SIGINT or SIGTERM (kill(getpid(), SIGTERM) from a
  // thread of this process stops it too).
  std::function<void(uint16_t port)> on_serving;
};

// Returns the process exit code.
int Serve(const ServeOptions& options);

// `klaxon check-config FILE`: prints "ok" or every problem; returns the exit code.
int CheckConfig(const std::string& path);

}  // namespace klaxon::app
