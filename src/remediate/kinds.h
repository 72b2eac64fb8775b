#pragma once
// The step kinds of a runbook's automated actions, in one explicit list.
// A kind is either run outside the engine by a worker (exec, http, sql), or
// applied by the engine itself in the remediation's transaction
// (wait_and_recheck, escalate, notify, set_status).

#include <span>
#include <string_view>

namespace klaxon::remediate {

enum class Kind { kExec, kHttp, kSql, kWaitAndRecheck, kEscalate, kNotify, kSetStatus };

struct KindInfo {
  Kind kind;
  std::string_view name;  // as config::Action::type says it
  bool external;          // runs in a worker (a process, a request), with a timeout
  bool runnable;          // false: declared and validated, not executed yet
};

// Every kind, in the order the configuration documents them.
std::span<const KindInfo> Kinds();
// nullptr for an unknown name.
const KindInfo* FindKind(std::string_view name);

}  // namespace klaxon::remediate
