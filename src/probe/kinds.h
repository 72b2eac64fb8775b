#pragma once
// The probe kinds klaxon knows: the one explicit list. A kind is a Target
// alternative (spec.h, in this enum's order), a parser of its keys
// (config/probes.cpp) and a check that runs it (probe/checks.cpp). Adding a
// kind (postgres, jsonrpc, prometheus) means one entry here and one in
// the Target variant; every switch over Kind then fails to compile (-Wswitch)
// until the parser and the check handle it.

#include <optional>
#include <string_view>
#include <vector>

namespace klaxon::probe {

enum class Kind { kHttp, kTcp, kExec, kHeartbeat, kRedis, kPostgres, kJsonRpc, kPrometheus };

struct KindInfo {
  Kind kind;
  std::string_view name;                 // as written in `kind:`
  std::vector<std::string_view> keys;    // the keys only this kind accepts
  bool measures_value = false;           // thresholds apply (a number per run)
  bool passive = false;                  // nothing runs: fed from outside (heartbeat)
};

// Every kind, in enum order.
const std::vector<KindInfo>& Kinds();
const KindInfo& Info(Kind kind);
std::optional<Kind> ParseKind(std::string_view name);
std::string_view ToString(Kind kind);

}  // namespace klaxon::probe
