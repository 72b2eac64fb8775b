#include "core/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "core/time.h"

namespace klaxon::log {
namespace {
std::atomic<Level> g_level{Level::kInfo};
std::mutex g_mu;  // serialises whole lines on stderr
}  // namespace

void SetLevel(Level level) { g_level = level; }
bool Enabled(Level level) { return level >= g_level.load(std::memory_order_relaxed); }

void Write(Level level, std::string_view message) {
  static const char* const kNames[] = {"debug", "info", "warn", "error"};
  auto now = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  std::string line = fmt::format("{} {} {}\n", FormatTimestamp(now),
                                 kNames[static_cast<int>(level)], message);
  std::lock_guard lock(g_mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace klaxon::log
