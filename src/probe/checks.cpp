#include "probe/checks.h"

namespace klaxon::probe {

Result<Observation> RunCheck(const Spec& spec) {
  switch (spec.kind()) {
    case Kind::kHttp: return CheckHttp(std::get<HttpTarget>(spec.target), spec.timeout);
    case Kind::kTcp: return CheckTcp(std::get<TcpTarget>(spec.target), spec.timeout);
    case Kind::kExec: return CheckExec(std::get<ExecTarget>(spec.target), spec.timeout);
    case Kind::kRedis: return CheckRedis(std::get<RedisTarget>(spec.target), spec.timeout);
    case Kind::kPostgres:
      return CheckPostgres(std::get<PostgresTarget>(spec.target), spec.timeout);
    case Kind::kJsonRpc: return CheckJsonRpc(std::get<JsonRpcTarget>(spec.target), spec.timeout);
    case Kind::kPrometheus:
      return CheckPrometheus(std::get<PrometheusTarget>(spec.target), spec.timeout);
    case Kind::kHeartbeat: break;
  }
  return Fail(ErrorCode::kInvalidArgument, "a heartbeat probe has nothing to run");
}

}  // namespace klaxon::probe
