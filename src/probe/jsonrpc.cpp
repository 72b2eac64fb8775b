#include "probe/jsonrpc.h"

#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

namespace klaxon::probe {
namespace {

namespace json = boost::json;

constexpr size_t kMaxMessage = 200;  // of an error message a server sent

// One endpoint's answer, judged.
struct Outcome {
  bool ok = false;
  std::string problem;              // !ok: why, for people
  std::optional<uint64_t> height;   // ok and the result reads as a block height
};

std::string Shorten(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxMessage)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (text.size() > kMaxMessage) out += "...";
  return out;
}

std::optional<uint64_t> HeightOf(const json::value& result) {
  if (result.is_string()) return ParseBlockHeight(result.as_string());
  if (result.is_uint64()) return result.as_uint64();
  if (result.is_int64() && result.as_int64() >= 0) return static_cast<uint64_t>(result.as_int64());
  return std::nullopt;
}

Outcome Judge(const RpcAnswer& a) {
  if (a.error) return {false, *a.error, std::nullopt};
  bool success = a.status >= 200 && a.status < 300;
  std::string http = success ? "" : fmt::format(" (HTTP status {})", a.status);
  boost::system::error_code ec;
  json::value v = json::parse(a.body, ec);
  const json::object* o = !ec ? v.if_object() : nullptr;
  if (o != nullptr) {
    if (const json::value* err = o->if_contains("error"); err && !err->is_null()) {
      const json::object* eo = err->if_object();
      const json::value* code = eo ? eo->if_contains("code") : nullptr;
      const json::value* msg = eo ? eo->if_contains("message") : nullptr;
      std::string text = msg && msg->is_string() ? Shorten(msg->as_string()) : "";
      std::string num = code && (code->is_int64() || code->is_uint64()) ? json::serialize(*code) : "";
      std::string what = num.empty() && text.empty()
                             ? Shorten(json::serialize(*err))
                             : num + (num.empty() || text.empty() ? "" : ": ") + text;
      return {false, "JSON-RPC error " + what + http, std::nullopt};
    }
  }
  if (!success) return {false, fmt::format("HTTP status {}", a.status), std::nullopt};
  if (ec) return {false, "malformed answer: not JSON", std::nullopt};
  if (o == nullptr) return {false, "malformed answer: not a JSON-RPC response object", std::nullopt};
  if (const json::value* id = o->if_contains("id");
      id && !(id->is_int64() && id->as_int64() == 1) && !(id->is_uint64() && id->as_uint64() == 1)) {
    return {false, fmt::format("malformed answer: id {} (sent 1)", Shorten(json::serialize(*id))),
            std::nullopt};
  }
  const json::value* result = o->if_contains("result");
  if (result == nullptr) return {false, "malformed answer: neither result nor error", std::nullopt};
  return {true, "", HeightOf(*result)};
}

std::string Latency(const RpcAnswer& a) { return FormatDuration(a.latency); }

// "backup 1 (https://b:443) at block 70001; backup 2 (...) failing: HTTP status 502"
std::string Backups(const JsonRpcObservation& o, const std::vector<Outcome>& judged) {
  std::vector<std::string> healthy, failing;
  for (size_t i = 0; i < o.backups.size(); ++i) {
    const auto& b = o.backups[i];
    const auto& j = judged[i];
    if (j.ok) {
      healthy.push_back(j.height ? fmt::format("{} at block {}", b.endpoint, *j.height)
                                 : fmt::format("{} answers", b.endpoint));
    } else {
      failing.push_back(fmt::format("{}: {}", b.endpoint, j.problem));
    }
  }
  std::string out = healthy.empty() ? "no healthy backup"
                                    : fmt::format("healthy backups: {}", fmt::join(healthy, "; "));
  if (!failing.empty()) out += fmt::format("; failing backups: {}", fmt::join(failing, "; "));
  return out;
}

}  // namespace

std::string EndpointName(std::string_view role, std::string_view origin) {
  return fmt::format("{} ({})", role, origin);
}

std::string JsonRpcRequestBody(const JsonRpcTarget& target) {
  boost::system::error_code ec;
  json::value params = json::parse(target.params, ec);
  if (ec || !(params.is_array() || params.is_object())) params = json::array();
  json::object body{{"jsonrpc", "2.0"}, {"id", 1}, {"method", target.method},
                    {"params", std::move(params)}};
  return json::serialize(body);
}

std::optional<uint64_t> ParseBlockHeight(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty()) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

Verdict EvaluateJsonRpc(const JsonRpcTarget& t, const JsonRpcObservation& o) {
  Outcome primary = Judge(o.primary);
  std::vector<Outcome> judged;
  for (const auto& b : o.backups) judged.push_back(Judge(b));
  std::string backups = o.backups.empty() ? "" : "; " + Backups(o, judged);

  if (!primary.ok) {
    return Verdict{true, "", fmt::format("{} failed: {}{}", o.primary.endpoint, primary.problem, backups),
                   std::nullopt};
  }
  if (!t.max_lag) {
    std::string at = primary.height ? fmt::format(" at block {}", *primary.height) : "";
    return Verdict{false, "",
                   fmt::format("{} answered{} in {}{}", o.primary.endpoint, at, Latency(o.primary), backups),
                   std::nullopt};
  }
  if (!primary.height) {
    return Verdict{true, "",
                   fmt::format("{} answered, but its result is not a block height{}", o.primary.endpoint,
                               backups),
                   std::nullopt};
  }
  size_t best = o.backups.size();
  for (size_t i = 0; i < judged.size(); ++i) {
    if (judged[i].ok && judged[i].height && (best == o.backups.size() || *judged[i].height > *judged[best].height)) {
      best = i;
    }
  }
  if (best < o.backups.size() && *judged[best].height > *primary.height + static_cast<uint64_t>(*t.max_lag)) {
    return Verdict{true, "",
                   fmt::format("{} is at block {}, {} blocks behind {} at block {} (max_lag {}){}",
                               o.primary.endpoint, *primary.height,
                               *judged[best].height - *primary.height, o.backups[best].endpoint,
                               *judged[best].height, *t.max_lag, backups),
                   std::nullopt};
  }
  return Verdict{false, "",
                 fmt::format("{} at block {} in {}{}", o.primary.endpoint, *primary.height,
                             Latency(o.primary), backups),
                 std::nullopt};
}

}  // namespace klaxon::probe
