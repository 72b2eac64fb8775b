#include "ingest/sources/generic/generic.h"

#include <optional>
#include <utility>

#include <fmt/format.h>

#include "ingest/sources/decode.h"

namespace klaxon::ingest::generic {
namespace {

using boost::json::object;
using boost::json::value;

constexpr size_t kMaxDedupKeyChars = 255;

// The member spelled `snake`, else `camel`; nullptr when neither is set.
const value* FindEither(const object& o, std::string_view snake, std::string_view camel) {
  const value* v = decode::Find(o, snake);
  return v != nullptr ? v : decode::Find(o, camel);
}

// Fills map[name] from the shorthand member `key`; refuses a different value
// already in the map. An empty shorthand counts as absent.
Status ApplyShorthand(const object& o, std::string_view key, std::string_view name,
                      std::string_view map_name, LabelSet& map, const decode::Path& path) {
  auto value = decode::ReadString(decode::Find(o, key), path.Member(key));
  if (!value) return Fail(value.error());
  if (value->empty()) return {};
  if (auto existing = map.Get(name); existing && *existing != *value) {
    return decode::FailAt(path.Member(key),
                          fmt::format("conflicts with {}.{} ({} vs {})", map_name, name,
                                      decode::Quote(*value), decode::Quote(*existing)));
  }
  map.Set(std::string(name), std::move(*value));
  return {};
}

Result<LabelSet> ReadAlertLabels(const object& o, const decode::Path& path) {
  auto labels = decode::ReadLabelMap(decode::Find(o, "labels"), path.Member("labels"));
  if (!labels) return labels;
  if (auto ok = ApplyShorthand(o, "name", "alertname", "labels", *labels, path); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = ApplyShorthand(o, "severity", "severity", "labels", *labels, path); !ok) {
    return Fail(ok.error());
  }
  if (labels->size() > decode::kMaxPairs) {
    return decode::FailAt(path.Member("labels"),
                          fmt::format("too many labels (at most {})", decode::kMaxPairs));
  }
  if (!labels->Has("alertname")) {
    return decode::FailAt(path.Member("labels"), "must include alertname (or give \"name\")");
  }
  return labels;
}

Result<LabelSet> ReadAlertAnnotations(const object& o, const decode::Path& path) {
  auto annotations =
      decode::ReadAnnotations(decode::Find(o, "annotations"), path.Member("annotations"));
  if (!annotations) return annotations;
  for (std::string_view key : {"summary", "description"}) {
    if (auto ok = ApplyShorthand(o, key, key, "annotations", *annotations, path); !ok) {
      return Fail(ok.error());
    }
  }
  if (annotations->size() > decode::kMaxPairs) {
    return decode::FailAt(path.Member("annotations"),
                          fmt::format("too many annotations (at most {})", decode::kMaxPairs));
  }
  return annotations;
}

Result<AlertAction> ReadStatus(const object& o, const decode::Path& path) {
  const value* v = decode::Find(o, "status");
  if (v == nullptr) return AlertAction::kFire;
  const auto* s = v->if_string();
  if (s != nullptr && *s == "firing") return AlertAction::kFire;
  if (s != nullptr && *s == "resolved") return AlertAction::kResolve;
  std::string got = s != nullptr ? decode::Quote(std::string_view(s->data(), s->size()))
                                 : std::string(decode::KindName(*v));
  return decode::FailAt(path.Member("status"),
                        fmt::format("expected \"firing\" or \"resolved\", got {}", got));
}

Result<std::string> ReadDedupKey(const object& o, const decode::Path& path) {
  auto key = decode::ReadString(decode::Find(o, "dedup_key"), path.Member("dedup_key"));
  if (key && decode::Utf8Length(*key) > kMaxDedupKeyChars) {
    return decode::FailAt(path.Member("dedup_key"),
                          fmt::format("too long (at most {} characters)", kMaxDedupKeyChars));
  }
  return key;
}

Result<Alert> ReadAlert(const value& v, const decode::Path& path, const ParseContext& ctx) {
  const auto* o = v.if_object();
  if (o == nullptr) {
    return decode::FailAt(path,
                          fmt::format("expected an alert object, got {}", decode::KindName(v)));
  }
  Alert out;
  auto labels = ReadAlertLabels(*o, path);
  if (!labels) return Fail(labels.error());
  auto annotations = ReadAlertAnnotations(*o, path);
  if (!annotations) return Fail(annotations.error());
  auto action = ReadStatus(*o, path);
  if (!action) return Fail(action.error());
  const bool snake_start = decode::Find(*o, "starts_at") != nullptr;
  auto starts = decode::ReadTime(FindEither(*o, "starts_at", "startsAt"),
                                 path.Member(snake_start ? "starts_at" : "startsAt"));
  if (!starts) return Fail(starts.error());
  const bool snake_end = decode::Find(*o, "ends_at") != nullptr;
  const decode::Path ends_path = path.Member(snake_end ? "ends_at" : "endsAt");
  auto ends = decode::ReadTime(FindEither(*o, "ends_at", "endsAt"), ends_path);
  if (!ends) return Fail(ends.error());
  if (*starts && *ends && **ends < **starts) return decode::FailAt(ends_path, "before starts_at");
  const bool snake_url = decode::Find(*o, "generator_url") != nullptr;
  auto url = decode::ReadString(FindEither(*o, "generator_url", "generatorURL"),
                                path.Member(snake_url ? "generator_url" : "generatorURL"));
  if (!url) return Fail(url.error());
  auto dedup_key = ReadDedupKey(*o, path);
  if (!dedup_key) return Fail(dedup_key.error());

  out.labels = std::move(*labels);
  out.annotations = std::move(*annotations);
  out.starts_at = *starts;
  out.generator_url = std::move(*url);
  out.source = std::string(kFormat.name);
  if (*action == AlertAction::kResolve || (*ends && **ends <= ctx.now)) {
    out.action = AlertAction::kResolve;
    out.ends_at = (*ends && **ends <= ctx.now) ? **ends : ctx.now;
  } else {
    out.action = AlertAction::kFire;
    out.ends_at = *ends;
  }
  if (!dedup_key->empty()) {
    out.fingerprint = FingerprintOfParts({"generic", *dedup_key});
    out.external_key = std::move(*dedup_key);
  } else {
    out.fingerprint = FingerprintOf(out.labels);
  }
  return out;
}

Result<ParsedBatch> ReadBatch(const value& array_value, const decode::Path& root,
                              const ParseContext& ctx) {
  auto array = decode::ReadAlertArray(array_value, root, ctx);
  if (!array) return Fail(array.error());
  ParsedBatch batch;
  batch.alerts.reserve((*array)->size());
  for (size_t i = 0; i < (*array)->size(); ++i) {
    auto alert = ReadAlert((**array)[i], root.Element(i), ctx);
    if (!alert) return Fail(alert.error());
    batch.alerts.push_back(std::move(*alert));
  }
  return batch;
}

}  // namespace

Result<ParsedBatch> Parse(std::string_view body, const ParseContext& ctx) {
  return decode::CatchAtEdge([&]() -> Result<ParsedBatch> {
    decode::Document doc;
    if (auto ok = doc.Parse(body); !ok) return Fail(ok.error());
    const value& root = doc.root();
    const decode::Path alerts_path{nullptr, "alerts"};
    if (root.is_array()) return ReadBatch(root, alerts_path, ctx);
    const auto* o = root.if_object();
    if (o == nullptr) {
      return decode::FailAt(decode::Path{}, fmt::format("expected an alert object or an array of "
                                                        "alerts, got {}",
                                                        decode::KindName(root)));
    }
    if (const value* alerts = o->if_contains("alerts")) return ReadBatch(*alerts, alerts_path, ctx);
    if (ctx.max_alerts < 1) {
      return Fail(ErrorCode::kTooLarge, "1 alert in one request; at most 0");
    }
    auto alert = ReadAlert(root, decode::Path{}, ctx);
    if (!alert) return Fail(alert.error());
    ParsedBatch batch;
    batch.alerts.push_back(std::move(*alert));
    return batch;
  });
}

}  // namespace klaxon::ingest::generic
