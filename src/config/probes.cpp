// `probes`: klaxon's own checks (probe/spec.h has the typed form,
// docs/configuration.md every key). Common keys first, then the keys of the
// probe's kind (probe::Kinds(), the one list of kinds); a key of another
// kind is an error. Secrets (an http probe's URL or headers, an exec probe's
// env, a redis probe's password) may come from ${ENV} like any value and are
// never shown in messages.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <re2/re2.h>

#include "config/nearest.h"
#include "config/postgres.h"
#include "config/probe_targets.h"
#include "config/sections.h"
#include "config/url.h"
#include "core/labels.h"
#include "probe/redis_info.h"

namespace klaxon::config {
namespace {

const std::vector<std::string> kCommonKeys = {"id",       "kind",      "description", "interval",
                                              "timeout",  "for",       "clear_for",   "labels",
                                              "annotations", "thresholds"};
const std::vector<std::string> kHttpMethods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                               "OPTIONS"};
constexpr Duration kDefaultTimeout = std::chrono::seconds(10);

std::vector<std::string> KindNames() {
  std::vector<std::string> out;
  for (const auto& k : probe::Kinds()) out.emplace_back(k.name);
  return out;
}

std::vector<std::string> AllowedKeys() {
  std::vector<std::string> out = kCommonKeys;
  for (const auto& k : probe::Kinds()) {
    for (auto key : k.keys) {
      if (std::find(out.begin(), out.end(), key) == out.end()) out.emplace_back(key);
    }
  }
  return out;
}

bool IsEnvName(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A map of names to strings; `valid_name` checks each name (reported with
// `name_rule` when it fails).
template <class NameCheck>
std::optional<std::vector<std::pair<std::string, std::string>>> ReadStringMap(
    Reader& r, const Ref& ref, NameCheck valid_name, std::string_view name_rule) {
  std::vector<std::pair<std::string, std::string>> out;
  if (ref.node.IsNull()) return out;
  if (!ref.node.IsMap()) {
    r.Error(ref.origin, "expected a map, got " + KindOf(ref.node));
    return std::nullopt;
  }
  bool ok = true;
  for (auto it = ref.node.begin(); it != ref.node.end(); ++it) {
    const YAML::Node key = it->first, value = it->second;  // copies: *it is a temporary
    Origin at = r.OriginOf(key);
    if (at.line == 0) at = ref.origin;
    if (!key.IsScalar() || !valid_name(key.Scalar())) {
      r.Error(at, fmt::format("invalid name {}: {}", key.IsScalar() ? Quote(key.Scalar()) : "",
                              name_rule));
      ok = false;
      continue;
    }
    if (std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.first == key.Scalar(); })) {
      r.Error(at, fmt::format("{} is listed twice", Quote(key.Scalar())));
      ok = false;
      continue;
    }
    Origin value_at = value.IsNull() ? at : r.OriginOf(value);
    if (value_at.line == 0) value_at = at;
    auto text = r.String(Ref{value, value_at});
    if (!text) {
      ok = false;
      continue;
    }
    out.emplace_back(key.Scalar(), std::move(text->value));
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<double> ReadNumber(Reader& r, const Ref& ref) {
  auto text = r.String(ref);
  if (!text) return std::nullopt;
  std::string_view s = text->value;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v != v) {
    r.Error(ref.origin, fmt::format("invalid number {}: expected e.g. 100 or 0.5", Describe(*text)));
    return std::nullopt;
  }
  return v;
}

void ReadLabels(Reader& r, MapReader& m, probe::Spec& p) {
  if (const Ref* ref = m.Find("labels")) {
    auto pairs = ReadStringMap(r, *ref, IsValidLabelName,
                               "label names are letters, digits and _, not starting with a digit");
    if (pairs) {
      for (auto& [name, value] : *pairs) {
        if (name == "probe") {
          r.Error(ref->origin, "the label \"probe\" is set by klaxon to the probe's id; remove it");
          continue;
        }
        p.labels.Set(std::move(name), std::move(value));
      }
    }
  }
  if (const Ref* ref = m.Find("annotations")) {
    auto pairs = ReadStringMap(r, *ref, IsValidLabelName,
                               "annotation names are letters, digits and _, not starting with a "
                               "digit");
    if (pairs) {
      for (auto& [name, value] : *pairs) p.annotations.Set(std::move(name), std::move(value));
    }
  }
  p.labels.Set("probe", p.id);
  if (!p.labels.Has("alertname")) p.labels.Set("alertname", p.id);
}

void ReadThresholds(Reader& r, const Ref& ref, Catalog& catalog, probe::Spec& p) {
  auto items = r.Items(ref);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "threshold", {"below", "above", "severity"});
    if (!m.ok()) continue;
    probe::Threshold t;
    const Ref* below = m.Find("below");
    const Ref* above = m.Find("above");
    if ((below != nullptr) == (above != nullptr)) {
      r.Error(m.origin(), "a threshold needs exactly one of \"below\" or \"above\"");
    } else if (auto v = ReadNumber(r, below ? *below : *above)) {
      t.direction = below ? probe::Threshold::Direction::kBelow
                          : probe::Threshold::Direction::kAbove;
      t.limit = *v;
    }
    if (auto sev = m.Id("severity", Need::kRequired)) {
      catalog.Refer(Kind::kSeverity, *sev);
      t.severity = sev->value;
    }
    p.thresholds.push_back(std::move(t));
  }
  if (items->empty()) r.Error(ref.origin, "\"thresholds\" needs at least one threshold");
}

// "200", 204 or "2xx".
void ReadExpectStatus(Reader& r, const Ref& ref, probe::HttpTarget& t) {
  std::vector<Ref> items;
  if (ref.node.IsSequence()) {
    auto list = r.Items(ref);
    if (!list) return;
    items = std::move(*list);
  } else {
    items.push_back(ref);
  }
  if (items.empty()) {
    r.Error(ref.origin, "\"expect_status\" needs at least one status");
    return;
  }
  t.expect_status.clear();
  for (const Ref& item : items) {
    auto text = r.String(item);
    if (!text) continue;
    const std::string& s = text->value;
    if (s.size() == 3 && s[0] >= '1' && s[0] <= '5' && (s[1] == 'x' || s[1] == 'X') &&
        (s[2] == 'x' || s[2] == 'X')) {
      t.expect_class.push_back(s[0] - '0');
      continue;
    }
    int code = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), code);
    if (ec != std::errc() || p != s.data() + s.size() || code < 100 || code > 599) {
      r.Error(item.origin, fmt::format("invalid status {}: expected a code from 100 to 599 or a "
                                       "class such as \"2xx\"",
                                       Describe(*text)));
      continue;
    }
    t.expect_status.push_back(code);
  }
}

probe::HttpTarget ReadHttp(Reader& r, MapReader& m, const probe::Spec& p) {
  probe::HttpTarget t;
  if (const Ref* method = m.Find("method")) {
    if (auto c = r.Choice(*method, "http method", kHttpMethods)) t.method = c->value;
  }
  if (auto url = m.String("url", Need::kRequired)) {
    if (CheckHttpUrl(r, *url, "url")) t.url = url->value;
  }
  if (const Ref* headers = m.Find("headers")) {
    if (auto pairs = ReadHeaders(r, *headers)) t.headers = std::move(*pairs);
  }
  m.Read("body", t.body);
  if (const Ref* expect = m.Find("expect_status")) ReadExpectStatus(r, *expect, t);
  if (auto re = m.String("body_match")) {
    RE2 compiled(re->value, RE2::Quiet);
    if (!compiled.ok()) {
      r.Error(re->origin, fmt::format("invalid body_match {}: {}", Describe(*re),
                                      re->env_vars.empty() ? compiled.error() : "not a regular expression"));
    } else {
      t.body_match = re->value;
    }
  }
  if (m.Find("max_latency")) {
    Duration d{};
    if (m.ReadDuration("max_latency", d, /*allow_zero=*/false)) {
      if (d > p.timeout) {
        r.Error(m.Find("max_latency")->origin,
                fmt::format("max_latency ({}) must not exceed timeout ({})", FormatDuration(d),
                            FormatDuration(p.timeout)));
      }
      t.max_latency = d;
    }
  }
  return t;
}

// `address`: host:port or [v6]:port; false (reported) when absent or invalid.
bool ReadAddress(Reader& r, MapReader& m, std::string& host_out, uint16_t& port_out,
                 std::string_view example) {
  auto text = m.String("address", Need::kRequired);
  if (!text) return false;
  std::string_view s = text->value;
  std::string_view host, port;
  if (s.starts_with("[")) {
    auto close = s.find("]:");
    if (close != std::string_view::npos) {
      host = s.substr(1, close - 1);
      port = s.substr(close + 2);
    }
  } else if (auto colon = s.rfind(':'); colon != std::string_view::npos &&
                                        s.find(':') == colon) {
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  int n = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  if (host.empty() || port.empty() || ec != std::errc() || p != port.data() + port.size() ||
      n < 1 || n > 65535) {
    r.Error(text->origin,
            fmt::format("invalid address {}: expected host:port, e.g. {}", Describe(*text), example));
    return false;
  }
  host_out = std::string(host);
  port_out = static_cast<uint16_t>(n);
  return true;
}

probe::TcpTarget ReadTcp(Reader& r, MapReader& m) {
  probe::TcpTarget t;
  ReadAddress(r, m, t.host, t.port, "db.internal:5432 or [::1]:6379");
  return t;
}

// A field name of INFO: lower-case letters, digits and _.
bool IsInfoField(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

probe::RedisTarget ReadRedis(Reader& r, MapReader& m, const probe::Spec& p) {
  probe::RedisTarget t;
  ReadAddress(r, m, t.host, t.port, "redis.internal:6379 or [::1]:6379");
  // The password is a secret: no message below ever shows it.
  if (auto password = m.String("password")) t.password = std::move(password->value);
  if (auto user = m.String("username")) {
    if (user->value.find_first_of(" \t\r\n") != std::string::npos) {
      r.Error(user->origin, fmt::format("invalid username {}: it has no spaces", Describe(*user)));
    } else if (!user->value.empty() && t.password.empty()) {
      r.Error(user->origin, "\"username\" needs a \"password\" (AUTH sends both)");
    } else {
      t.username = std::move(user->value);
    }
  }
  if (auto field = m.String("info_field")) {
    if (IsInfoField(field->value)) {
      t.info_field = std::move(field->value);
    } else {
      r.Error(field->origin,
              fmt::format("invalid info_field {}: expected a field of INFO such as used_memory, "
                          "connected_clients, mem_fragmentation_ratio, or {}",
                          Describe(*field), probe::kUsedMemoryPercent));
    }
  }
  if (t.info_field.empty() && !p.thresholds.empty() && !m.Find("info_field")) {
    r.Error(m.Find("thresholds")->origin,
            "a redis probe compares \"thresholds\" with an INFO field: set \"info_field\"");
  }
  return t;
}

probe::ExecTarget ReadExec(Reader& r, MapReader& m) {
  probe::ExecTarget t;
  if (const Ref* argv = m.Get("argv", Need::kRequired)) {
    if (auto items = r.Strings(*argv)) {
      for (auto& a : *items) t.argv.push_back(std::move(a.value));
      if (t.argv.empty()) {
        r.Error(argv->origin, "\"argv\" needs the program to run, e.g. [/usr/local/bin/check]");
      } else if (t.argv[0].empty()) {
        r.Error(argv->origin, "the program (the first item of \"argv\") must not be empty");
      }
    }
  }
  if (const Ref* env = m.Find("env")) {
    auto pairs = ReadStringMap(r, *env, IsEnvName,
                               "environment variable names are letters, digits and _, not "
                               "starting with a digit");
    if (pairs) t.env = std::move(*pairs);
  }
  return t;
}

probe::HeartbeatTarget ReadHeartbeat(Reader& r, MapReader& m, Catalog& catalog, Probe& out) {
  probe::HeartbeatTarget t;
  m.ReadDuration("grace", t.grace, /*allow_zero=*/true);
  if (auto id = m.Id("integration")) {
    catalog.Refer(Kind::kIntegration, *id);
    t.integration = id->value;
    out.integration_origin = id->origin;
  }
  return t;
}

std::optional<Probe> ParseProbe(Reader& r, const Ref& item, Catalog& catalog) {
  MapReader m(r, item, "probe", AllowedKeys());
  if (!m.ok()) return std::nullopt;
  Probe out;
  out.origin = m.origin();
  probe::Spec& p = out.spec;
  if (auto id = m.Id("id", Need::kRequired)) {
    p.id = id->value;
    catalog.Declare(Kind::kProbe, *id);
  }
  m.Read("description", p.description);
  const Ref* kind_ref = m.Get("kind", Need::kRequired);
  auto kind_text = kind_ref ? r.Choice(*kind_ref, "probe kind", KindNames()) : std::nullopt;
  m.ReadDuration("interval", p.interval, /*allow_zero=*/false, Need::kRequired);
  if (!kind_text) return std::nullopt;
  const probe::Kind kind = *probe::ParseKind(kind_text->value);
  const probe::KindInfo& info = probe::Info(kind);

  for (const Entry& e : m.entries()) {
    if (std::find(kCommonKeys.begin(), kCommonKeys.end(), e.key) != kCommonKeys.end()) continue;
    if (std::find(info.keys.begin(), info.keys.end(), e.key) == info.keys.end()) {
      std::vector<std::string> own(info.keys.begin(), info.keys.end());
      r.Error(e.key_origin, fmt::format("{} does not apply to a {} probe (its keys: {})",
                                        Quote(e.key), info.name, JoinNames(own, 8)));
    }
  }
  if (info.passive) {
    // Nothing runs, so nothing times out; grace plays the part of `for`.
    for (const char* key : {"timeout", "for", "clear_for"}) {
      if (const Ref* ref = m.Find(key)) {
        r.Error(ref->origin, fmt::format("\"{}\" does not apply to a {} probe{}", key, info.name,
                                         std::string_view(key) == "timeout"
                                             ? ""
                                             : " (use \"grace\" for how late it may be)"));
      }
    }
  } else {
    p.timeout = std::min(kDefaultTimeout, p.interval);
    if (m.ReadDuration("timeout", p.timeout, /*allow_zero=*/false) && p.timeout > p.interval) {
      r.Error(m.Find("timeout")->origin,
              fmt::format("timeout ({}) must not exceed interval ({}): a probe never runs twice "
                          "at once",
                          FormatDuration(p.timeout), FormatDuration(p.interval)));
    }
    m.ReadDuration("for", p.hold_for, /*allow_zero=*/true);
    m.ReadDuration("clear_for", p.clear_for, /*allow_zero=*/true);
  }
  ReadLabels(r, m, p);
  if (const Ref* th = m.Find("thresholds")) {
    if (!info.measures_value) {
      r.Error(th->origin, fmt::format("a {} probe measures no number; \"thresholds\" apply to: {}",
                                      info.name, [] {
                                        std::vector<std::string> names;
                                        for (const auto& k : probe::Kinds()) {
                                          if (k.measures_value) names.emplace_back(k.name);
                                        }
                                        return JoinNames(names);
                                      }()));
    } else {
      ReadThresholds(r, *th, catalog, p);
    }
  }
  switch (kind) {
    case probe::Kind::kHttp: p.target = ReadHttp(r, m, p); break;
    case probe::Kind::kTcp: p.target = ReadTcp(r, m); break;
    case probe::Kind::kExec: p.target = ReadExec(r, m); break;
    case probe::Kind::kHeartbeat: p.target = ReadHeartbeat(r, m, catalog, out); break;
    case probe::Kind::kRedis: p.target = ReadRedis(r, m, p); break;
    case probe::Kind::kPostgres: p.target = ReadPostgresProbe(r, m); break;
    case probe::Kind::kJsonRpc: p.target = ReadJsonRpc(r, m); break;
    case probe::Kind::kPrometheus: p.target = ReadPrometheus(r, m, p); break;
  }
  return out;
}

}  // namespace

std::optional<HeaderList> ReadHeaders(Reader& r, const Ref& ref) {
  return ReadStringMap(
      r, ref,
      [](std::string_view n) {
        return !n.empty() && n.find_first_of(": \t\r\n") == std::string_view::npos;
      },
      "a header name has no spaces or colons");
}

void ParseProbes(Reader& r, const Ref& section, Catalog& catalog, std::vector<Probe>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    if (auto p = ParseProbe(r, item, catalog)) out.push_back(std::move(*p));
  }
}

void FinishProbes(Diagnostics& diagnostics, Config& cfg) {
  for (Probe& p : cfg.probes) {
    auto rank = [&](const probe::Threshold& t) {
      const Severity* s = cfg.FindSeverity(t.severity);
      return s ? s->rank : 1 << 20;
    };
    std::stable_sort(p.spec.thresholds.begin(), p.spec.thresholds.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    const auto* hb = std::get_if<probe::HeartbeatTarget>(&p.spec.target);
    if (!hb || hb->integration.empty()) continue;
    auto in = std::find_if(cfg.integrations.begin(), cfg.integrations.end(),
                           [&](const Integration& i) { return i.id == hb->integration; });
    if (in != cfg.integrations.end() && in->type != "heartbeat") {
      diagnostics.Add(p.integration_origin,
                      fmt::format("integration {} is of type {}; a heartbeat needs an integration "
                                  "of type heartbeat",
                                  Quote(in->id), in->type));
    }
  }
}

}  // namespace klaxon::config
