#pragma once
// `klaxon store-stats --data DIR`: what the store in a data directory holds,
// as one JSON line: {"alerts":N,"firing":N,"incidents":N,"timers":N}.
//
// Reads the database read-only and does not take the writer's lock, so it
// works next to a running server (it sees the last committed state) and
// after a crash. The benchmarks use it to count stored alerts after kill -9.

#include <string>

namespace klaxon::cli {

// The process exit code: 0 printed, 1 the store could not be read (the
// reason goes to stderr).
int PrintStoreStats(const std::string& data_dir);

}  // namespace klaxon::cli
