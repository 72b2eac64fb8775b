#include "remediate/kinds.h"

namespace klaxon::remediate {
namespace {

constexpr KindInfo kKinds[] = {
    {Kind::kExec, "exec", true, true},
    {Kind::kHttp, "http", true, true},
    {Kind::kSql, "sql", true, true},
    {Kind::kWaitAndRecheck, "wait_and_recheck", false, true},
    {Kind::kEscalate, "escalate", false, true},
    {Kind::kNotify, "notify", false, true},
    {Kind::kSetStatus, "set_status", false, true},
};

}  // namespace

std::span<const KindInfo> Kinds() { return kKinds; }

const KindInfo* FindKind(std::string_view name) {
  for (const KindInfo& k : kKinds) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace klaxon::remediate
