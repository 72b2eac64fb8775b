#pragma once
// Scripted failures shared by the stand-ins: "the next N requests get this
// status". Not thread-safe on its own: each stand-in guards it with its lock.

#include <optional>

namespace klaxon::standins {

struct ScriptedFailure {
  int status = 0;             // 429 or 5xx
  int retry_after_seconds = 0;  // sent as Retry-After when > 0
};

class ScriptedFailures {
 public:
  void Set(int count, ScriptedFailure failure) {
    remaining_ = count < 0 ? 0 : count;
    failure_ = failure;
  }
  // The failure for the next request, if one is scripted; counts it down.
  std::optional<ScriptedFailure> Take() {
    if (remaining_ == 0) return std::nullopt;
    --remaining_;
    return failure_;
  }

 private:
  int remaining_ = 0;
  ScriptedFailure failure_;
};

}  // namespace klaxon::standins
