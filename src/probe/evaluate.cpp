#include "probe/evaluate.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <re2/re2.h>

#include "probe/redis_info.h"

namespace klaxon::probe {
namespace {

std::string Ms(Duration d) { return FormatDuration(d); }

std::string Expected(const HttpTarget& t) {
  std::string out;
  for (int code : t.expect_status) out += (out.empty() ? "" : ", ") + std::to_string(code);
  for (int cls : t.expect_class) out += (out.empty() ? "" : ", ") + std::to_string(cls) + "xx";
  return out;
}

Verdict Failing(std::string detail) { return Verdict{true, "", std::move(detail), std::nullopt}; }
Verdict Healthy(std::string detail) { return Verdict{false, "", std::move(detail), std::nullopt}; }

Verdict EvaluateHttp(const HttpTarget& t, const HttpObservation& o) {
  bool status_ok =
      std::find(t.expect_status.begin(), t.expect_status.end(), o.status) != t.expect_status.end() ||
      std::find(t.expect_class.begin(), t.expect_class.end(), o.status / 100) != t.expect_class.end();
  if (!status_ok) return Failing(fmt::format("status {} (expected {})", o.status, Expected(t)));
  if (!t.body_match.empty()) {
    RE2 re(t.body_match, RE2::Quiet);
    if (!re.ok() || !RE2::PartialMatch(o.body, re)) {
      return Failing(fmt::format("status {}, but the body does not match {}", o.status,
                                 t.body_match));
    }
  }
  if (t.max_latency && o.latency > *t.max_latency) {
    return Failing(fmt::format("status {} in {} (limit {})", o.status, Ms(o.latency),
                               Ms(*t.max_latency)));
  }
  return Healthy(fmt::format("status {} in {}", o.status, Ms(o.latency)));
}

std::string LastLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  auto nl = text.rfind('\n');
  if (nl != std::string_view::npos) text.remove_prefix(nl + 1);
  if (text.size() > 200) text = text.substr(text.size() - 200);
  return std::string(text);
}

// Thresholds against a measured value; the healthy detail is `seen`.
Verdict Measured(const Spec& spec, double value, std::string_view what, const std::string& seen) {
  for (const auto& th : spec.thresholds) {
    if (th.CrossedBy(value)) {
      return Verdict{true, th.severity,
                     fmt::format("{} {} is {} {} ({})", what, value,
                                 th.direction == Threshold::Direction::kBelow ? "below" : "above",
                                 th.limit, th.severity),
                     value};
    }
  }
  return Verdict{false, "", seen, value};
}

Verdict EvaluateExec(const Spec& spec, const ExecObservation& o) {
  if (o.signal != 0) return Failing(fmt::format("killed by signal {}", o.signal));
  if (o.exit_code != 0) {
    std::string err = LastLine(o.err);
    return Failing(err.empty() ? fmt::format("exit status {}", o.exit_code)
                               : fmt::format("exit status {}: {}", o.exit_code, err));
  }
  if (spec.thresholds.empty()) return Healthy("exit status 0");
  auto value = ParseValue(o.out);
  if (!value) return Failing("exit status 0, but stdout holds no number");
  return Measured(spec, *value, "value", fmt::format("value {}", *value));
}

Verdict EvaluateRedis(const Spec& spec, const RedisObservation& o) {
  const auto& t = std::get<RedisTarget>(spec.target);
  if (o.ping != "PONG") {
    std::string_view reply = o.ping;
    if (reply.size() > 200) reply = reply.substr(0, 200);
    return Failing(fmt::format("PING answered \"{}\"", reply));
  }
  if (t.info_field.empty()) return Healthy(fmt::format("PONG in {}", Ms(o.latency)));
  auto value = InfoValue(o.info, t.info_field);
  if (!value) return Failing(fmt::format("PONG, but {}", value.error().message));
  return Measured(spec, *value, t.info_field,
                  fmt::format("PONG in {}; {} {}", Ms(o.latency), t.info_field, *value));
}

// "pid=42, state=idle" (at most about 200 characters).
std::string DescribeRow(const PostgresObservation& o) {
  std::string out;
  for (size_t i = 0; i < o.first_row.size(); ++i) {
    std::string name = i < o.columns.size() ? o.columns[i] : std::to_string(i + 1);
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", name,
                       o.first_row[i] ? *o.first_row[i] : "NULL");
    if (out.size() > 200) {
      out.resize(200);
      out += "...";
      break;
    }
  }
  return out;
}

Verdict EvaluatePostgres(const Spec& spec, const PostgresObservation& o) {
  const auto& t = std::get<PostgresTarget>(spec.target);
  if (t.result == PostgresTarget::Result::kRows) {
    if (!spec.thresholds.empty()) {
      return Measured(spec, static_cast<double>(o.rows), "row count",
                      fmt::format("{} rows in {}", o.rows, Ms(o.latency)));
    }
    if (o.rows == 0) return Verdict{false, "", fmt::format("no rows in {}", Ms(o.latency)), 0.0};
    return Verdict{true, "",
                   fmt::format("{} row{}, the first: {}", o.rows, o.rows == 1 ? "" : "s",
                               DescribeRow(o)),
                   static_cast<double>(o.rows)};
  }
  if (o.rows == 0 || o.first_row.empty()) return Failing("the query returned no row");
  const auto& cell = o.first_row.front();
  if (!cell) return Failing("the query returned NULL");
  std::optional<double> value = *cell == "t" ? 1.0 : *cell == "f" ? 0.0 : ParseValue(*cell);
  if (!value) {
    return Failing(fmt::format("the query returned {}, not a number",
                               cell->size() > 60 ? cell->substr(0, 60) + "..." : *cell));
  }
  return Measured(spec, *value, "value", fmt::format("value {} in {}", *value, Ms(o.latency)));
}

Verdict EvaluateHeartbeat(const Spec& spec, const HeartbeatObservation& o, Time now) {
  const auto& t = std::get<HeartbeatTarget>(spec.target);
  Time deadline = HeartbeatDeadline(spec, o.base);
  std::string expected = t.grace.count() > 0
                             ? fmt::format("expected every {}, grace {}", Ms(spec.interval),
                                           Ms(t.grace))
                             : fmt::format("expected every {}", Ms(spec.interval));
  if (now <= deadline) {
    return Healthy(o.beaten ? fmt::format("last heartbeat {}", FormatTimestamp(o.base))
                            : fmt::format("waiting for the first heartbeat since {}",
                                          FormatTimestamp(o.base)));
  }
  return Failing(o.beaten ? fmt::format("no heartbeat since {} ({})", FormatTimestamp(o.base),
                                        expected)
                          : fmt::format("no heartbeat ever; waiting since {} ({})",
                                        FormatTimestamp(o.base), expected));
}

}  // namespace

Verdict JudgeValue(const Spec& spec, double value) {
  return Measured(spec, value, "value", fmt::format("value {}", value));
}

std::optional<double> ParseValue(std::string_view out) {
  std::string line = LastLine(out);
  std::string_view s = line;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  if (v != v) return std::nullopt;  // NaN compares with nothing
  return v;
}

Verdict Evaluate(const Spec& spec, const Result<Observation>& observed, Time now) {
  if (!observed) return Failing(observed.error().message);
  return std::visit(
      [&](const auto& o) -> Verdict {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, HttpObservation>) {
          return EvaluateHttp(std::get<HttpTarget>(spec.target), o);
        } else if constexpr (std::is_same_v<T, TcpObservation>) {
          return Healthy(fmt::format("connected in {}", Ms(o.latency)));
        } else if constexpr (std::is_same_v<T, ExecObservation>) {
          return EvaluateExec(spec, o);
        } else if constexpr (std::is_same_v<T, RedisObservation>) {
          return EvaluateRedis(spec, o);
        } else if constexpr (std::is_same_v<T, PostgresObservation>) {
          return EvaluatePostgres(spec, o);
        } else if constexpr (std::is_same_v<T, HeartbeatObservation>) {
          return EvaluateHeartbeat(spec, o, now);
        } else if constexpr (std::is_same_v<T, JsonRpcObservation>) {
          return EvaluateJsonRpc(std::get<JsonRpcTarget>(spec.target), o);
        } else {
          return EvaluatePrometheus(spec, o);
        }
      },
      *observed);
}

}  // namespace klaxon::probe
