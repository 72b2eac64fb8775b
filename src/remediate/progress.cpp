#include "remediate/progress.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace klaxon::remediate {
namespace {

namespace json = boost::json;

void PutIndex(json::object& o, const char* key, const std::optional<size_t>& v) {
  if (v) o[key] = static_cast<int64_t>(*v);
}

std::optional<size_t> GetIndex(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_int64() || it->value().as_int64() < 0) return std::nullopt;
  return static_cast<size_t>(it->value().as_int64());
}

}  // namespace

std::string Encode(const Progress& p) {
  json::object o;
  o["next"] = static_cast<int64_t>(p.next);
  o["dry_run"] = p.dry_run;
  o["actor"] = p.actor;
  o["via"] = p.via;
  json::object labels;
  for (const auto& [k, v] : p.labels) labels[k] = v;
  o["labels"] = std::move(labels);
  json::array approved;
  for (size_t i : p.approved) approved.emplace_back(static_cast<int64_t>(i));
  o["approved"] = std::move(approved);
  PutIndex(o, "running", p.running);
  PutIndex(o, "waiting", p.waiting);
  PutIndex(o, "awaiting_approval", p.awaiting_approval);
  return json::serialize(o);
}

Result<Progress> Decode(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Fail(ErrorCode::kInternal, "remediation progress is not JSON");
  const json::object& o = v.as_object();
  Progress p;
  p.next = GetIndex(o, "next").value_or(0);
  if (auto* d = o.if_contains("dry_run"); d && d->is_bool()) p.dry_run = d->as_bool();
  if (auto* a = o.if_contains("actor"); a && a->is_string()) p.actor = a->as_string();
  if (auto* a = o.if_contains("via"); a && a->is_string()) p.via = a->as_string();
  if (auto* l = o.if_contains("labels"); l && l->is_object()) {
    std::vector<LabelSet::Pair> pairs;
    for (const auto& kv : l->as_object()) {
      if (kv.value().is_string()) pairs.emplace_back(kv.key(), kv.value().as_string());
    }
    p.labels = LabelSet::FromPairs(std::move(pairs));
  }
  if (auto* a = o.if_contains("approved"); a && a->is_array()) {
    for (const auto& i : a->as_array()) {
      if (i.is_int64() && i.as_int64() >= 0) p.approved.insert(static_cast<size_t>(i.as_int64()));
    }
  }
  p.running = GetIndex(o, "running");
  p.waiting = GetIndex(o, "waiting");
  p.awaiting_approval = GetIndex(o, "awaiting_approval");
  return p;
}

}  // namespace klaxon::remediate
