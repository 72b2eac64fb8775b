#pragma once
// Refuses exact replays of signed Slack requests.
//
// Slack's v0 signature binds a request to its timestamp, and Verify accepts
// a timestamp within kMaxClockSkew of now either way: a captured request
// could be sent again, unchanged, for up to that long. Slack itself never
// sends the same signed request twice (interactions and slash commands are
// not retried; each carries a fresh timestamp, trigger_id and action_ts), so
// a second sight of a signature is a replay. The guard remembers each
// verified signature until its timestamp leaves the window; after that
// Verify refuses the request anyway.
//
// Only signatures that verified may be recorded (FirstSeen after Verify), so
// unauthenticated traffic cannot fill the memory. As a last bound, at most
// `capacity` signatures are held; beyond it the one expiring first is
// forgotten. Thread-safe.

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.h"

namespace klaxon::notify::slack {

class ReplayGuard {
 public:
  explicit ReplayGuard(Duration window, size_t capacity = 100000);

  // True the first time `signature` (case-insensitive hex, as in
  // X-Slack-Signature) is seen for a request signed at `signed_at`; false for
  // a replay. `now` is the same real-time instant Verify used.
  bool FirstSeen(std::string_view signature, Time signed_at, Time now);

  size_t size() const;

 private:
  const Duration window_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Time> seen_;  // guarded by mu_: signature -> expiry
  std::multimap<Time, std::string> expiries_;   // guarded by mu_: expiry -> signature
};

}  // namespace klaxon::notify::slack
