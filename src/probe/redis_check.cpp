// `redis` probes: connect, AUTH when a password is set, PING, and INFO when
// a field is measured, on one connection within the probe's timeout (each
// wait gets what is left of it). Nothing here judges the answers beyond
// what stops the run; evaluate.cpp does. The password is sent and never
// repeated: messages carry the server's words and host:port only.
#include <chrono>

#include <fmt/format.h>

#include "probe/checks.h"
#include "probe/redis_client.h"

namespace klaxon::probe {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

Result<Observation> CheckRedis(const RedisTarget& t, Duration timeout) {
  const auto started = Clock::now();
  const auto deadline = started + timeout;
  auto left = [&]() -> std::optional<Duration> {
    auto d = std::chrono::duration_cast<Duration>(deadline - Clock::now());
    if (d.count() <= 0) return std::nullopt;
    return d;
  };
  auto timed_out = [&] {
    std::string where = t.host.find(':') != std::string::npos
                            ? fmt::format("[{}]:{}", t.host, t.port)
                            : fmt::format("{}:{}", t.host, t.port);
    return Fail(ErrorCode::kUnavailable,
                fmt::format("Redis at {} did not answer within {}", where, FormatDuration(timeout)),
                true);
  };

  auto conn = redis::Connection::Open(t.host, t.port, timeout);
  if (!conn) return Fail(conn.error());

  if (!t.password.empty()) {
    auto budget = left();
    if (!budget) return timed_out();
    std::vector<std::string_view> auth{"AUTH"};
    if (!t.username.empty()) auth.push_back(t.username);
    auth.push_back(t.password);
    auto reply = conn->Command(auth, *budget);
    if (!reply) return conn->timed_out() ? timed_out() : Fail(reply.error());
    if (reply->type == redis::Reply::Type::kError) {
      std::string who = t.username.empty() ? "" : fmt::format(" as {}", t.username);
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("Redis refused AUTH{}: {}", who, reply->text.substr(0, 200)));
    }
  }

  RedisObservation o;
  auto budget = left();
  if (!budget) return timed_out();
  auto pong = conn->Command({"PING"}, *budget);
  if (!pong) return conn->timed_out() ? timed_out() : Fail(pong.error());
  o.ping = pong->text;
  if (o.ping == "PONG" && !t.info_field.empty()) {
    budget = left();
    if (!budget) return timed_out();
    auto info = conn->Command({"INFO"}, *budget);
    if (!info) return conn->timed_out() ? timed_out() : Fail(info.error());
    if (info->type != redis::Reply::Type::kString) {
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("INFO answered \"{}\"", info->text.substr(0, 200)));
    }
    o.info = std::move(info->text);
  }
  o.latency = std::chrono::duration_cast<Duration>(Clock::now() - started);
  return Observation(std::move(o));
}

}  // namespace klaxon::probe
