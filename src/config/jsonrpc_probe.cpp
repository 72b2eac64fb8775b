// A `jsonrpc` probe's keys: url (the primary), backups, method, params and
// max_lag. `params` is written as YAML and sent as JSON: plain scalars that
// read as numbers, true/false or null keep that type, quoted ones are strings.
#include <charconv>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "config/probe_targets.h"
#include "config/url.h"

namespace klaxon::config {
namespace {

namespace json = boost::json;

constexpr int kMaxDepth = 16;

std::optional<json::value> ScalarJson(Reader& r, const Ref& ref) {
  auto text = r.String(ref);
  if (!text) return std::nullopt;
  const std::string& s = text->value;
  if (ref.node.Tag() != "?") return json::value(s);  // quoted: a string
  if (s == "true") return json::value(true);
  if (s == "false") return json::value(false);
  if (s == "null" || s == "~") return json::value(nullptr);
  int64_t i = 0;
  if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
      !s.empty() && ec == std::errc() && p == s.data() + s.size()) {
    return json::value(i);
  }
  double d = 0;
  if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      !s.empty() && ec == std::errc() && p == s.data() + s.size() && d == d) {
    return json::value(d);
  }
  return json::value(s);
}

std::optional<json::value> ToJson(Reader& r, const Ref& ref, int depth) {
  if (depth > kMaxDepth) {
    r.Error(ref.origin, fmt::format("params nest deeper than {} levels", kMaxDepth));
    return std::nullopt;
  }
  if (ref.node.IsSequence()) {
    auto items = r.Items(ref);
    if (!items) return std::nullopt;
    json::array out;
    bool ok = true;
    for (const Ref& item : *items) {
      auto v = ToJson(r, item, depth + 1);
      ok = ok && v.has_value();
      if (v) out.push_back(std::move(*v));
    }
    if (!ok) return std::nullopt;
    return json::value(std::move(out));
  }
  if (ref.node.IsMap()) {
    json::object out;
    bool ok = true;
    for (auto it = ref.node.begin(); it != ref.node.end(); ++it) {
      const YAML::Node key = it->first, value = it->second;  // copies: *it is a temporary
      Origin at = r.OriginOf(key);
      if (at.line == 0) at = ref.origin;
      if (!key.IsScalar()) {
        r.Error(at, "a params key must be a string");
        ok = false;
        continue;
      }
      Origin value_at = value.IsNull() ? at : r.OriginOf(value);
      if (value_at.line == 0) value_at = at;
      auto v = value.IsNull() ? std::optional<json::value>(nullptr) : ToJson(r, Ref{value, value_at}, depth + 1);
      ok = ok && v.has_value();
      if (v) out[key.Scalar()] = std::move(*v);
    }
    if (!ok) return std::nullopt;
    return json::value(std::move(out));
  }
  if (ref.node.IsNull()) return json::value(nullptr);
  return ScalarJson(r, ref);
}

}  // namespace

probe::JsonRpcTarget ReadJsonRpc(Reader& r, MapReader& m) {
  probe::JsonRpcTarget t;
  if (auto url = m.String("url", Need::kRequired)) {
    if (CheckHttpUrl(r, *url, "url")) t.url = url->value;
  }
  const Ref* backups = m.Find("backups");
  if (backups) {
    if (auto items = r.Strings(*backups)) {
      for (const Text& b : *items) {
        if (CheckHttpUrl(r, b, "url")) t.backups.push_back(b.value);
      }
    }
  }
  if (auto method = m.String("method")) {
    if (method->value.empty()) {
      r.Error(method->origin, "\"method\" must not be empty, e.g. eth_blockNumber");
    } else {
      t.method = method->value;
    }
  }
  if (const Ref* params = m.Find("params")) {
    if (!params->node.IsSequence() && !params->node.IsMap() && !params->node.IsNull()) {
      r.Error(params->origin, fmt::format("\"params\" must be a list or a map (JSON-RPC by-position "
                                          "or by-name parameters), got {}",
                                          KindOf(params->node)));
    } else if (auto v = ToJson(r, *params, 0)) {
      t.params = v->is_null() ? "[]" : json::serialize(*v);
    }
  }
  if (const Ref* lag = m.Find("max_lag")) {
    if (auto n = r.Integer(*lag, 0, int64_t{1} << 40)) t.max_lag = *n;
    if (!backups) {
      r.Error(lag->origin, "\"max_lag\" needs \"backups\": the primary's block height is compared "
                           "with theirs");
    }
  }
  return t;
}

}  // namespace klaxon::config
