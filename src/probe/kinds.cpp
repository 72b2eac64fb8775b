#include "probe/kinds.h"

namespace klaxon::probe {

const std::vector<KindInfo>& Kinds() {
  static const std::vector<KindInfo> kinds = {
      {Kind::kHttp, "http",
       {"method", "url", "headers", "body", "expect_status", "body_match", "max_latency"}},
      {Kind::kTcp, "tcp", {"address"}},
      {Kind::kExec, "exec", {"argv", "env"}, /*measures_value=*/true},
      {Kind::kHeartbeat, "heartbeat", {"grace", "integration"}, false, /*passive=*/true},
      {Kind::kRedis, "redis", {"address", "username", "password", "info_field"},
       /*measures_value=*/true},
      {Kind::kPostgres, "postgres", {"dsn", "query", "result"}, /*measures_value=*/true},
      {Kind::kJsonRpc, "jsonrpc", {"url", "backups", "method", "params", "max_lag"}},
      {Kind::kPrometheus, "prometheus", {"url", "query", "headers", "on_empty"},
       /*measures_value=*/true},
  };
  return kinds;
}

const KindInfo& Info(Kind kind) { return Kinds().at(static_cast<size_t>(kind)); }

std::optional<Kind> ParseKind(std::string_view name) {
  for (const auto& k : Kinds()) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

std::string_view ToString(Kind kind) { return Info(kind).name; }

}  // namespace klaxon::probe
