#include "ingest/sources/pagerduty/events_v2.h"

#include <new>
#include <optional>
#include <random>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "ingest/sources/decode.h"

namespace klaxon::ingest::pagerduty {
namespace {

using boost::json::object;
using boost::json::value;

constexpr size_t kMaxDedupKeyChars = 255;
constexpr size_t kMaxSummaryChars = 1024;

// Every problem found in one event, in the order checked.
using Problems = std::vector<std::string>;

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A string member: "" when absent or null; nullopt (reported) when it is not
// a string or is longer than decode::kMaxValueBytes.
std::optional<std::string_view> OptionalString(const object& o, std::string_view key,
                                               std::string_view display, Problems& problems) {
  const value* v = decode::Find(o, key);
  if (v == nullptr) return std::string_view();
  const auto* s = v->if_string();
  if (s == nullptr) {
    problems.push_back(fmt::format("'{}' must be a string", display));
    return std::nullopt;
  }
  if (s->size() > decode::kMaxValueBytes) {
    problems.push_back(fmt::format("Length of '{}' is incorrect (should be at most {} bytes)",
                                   display, decode::kMaxValueBytes));
    return std::nullopt;
  }
  return std::string_view(s->data(), s->size());
}

// Like OptionalString, and blank (absent, empty, whitespace) is reported too.
std::optional<std::string_view> RequiredString(const object& o, std::string_view key,
                                               std::string_view display, Problems& problems) {
  auto s = OptionalString(o, key, display, problems);
  if (s && IsBlank(*s)) {
    problems.push_back(fmt::format("'{}' is missing or blank", display));
    return std::nullopt;
  }
  return s;
}

void CheckChars(std::optional<std::string_view> s, std::string_view display, size_t max,
                Problems& problems) {
  if (s && decode::Utf8Length(*s) > max) {
    problems.push_back(
        fmt::format("Length of '{}' is incorrect (should be at most {} characters)", display, max));
  }
}

// Compact JSON text of `v` for an annotation ("" for nothing).
std::string AnnotationText(const value& v, std::string_view display, Problems& problems) {
  auto text = decode::TextOf(v);
  if (!text) {
    problems.push_back(fmt::format("'{}' contains a number out of range", display));
    return {};
  }
  if (text->size() > decode::kMaxValueBytes) {
    problems.push_back(fmt::format("Length of '{}' is incorrect (should be at most {} bytes)",
                                   display, decode::kMaxValueBytes));
    return {};
  }
  return std::move(*text);
}

// links[] / images[]: each an object with a non-blank `required` string
// member, other known members strings. Returns the array as compact JSON.
std::string ReadReferences(const object& root, std::string_view key, std::string_view required,
                           std::initializer_list<std::string_view> optional, Problems& problems) {
  const value* v = decode::Find(root, key);
  if (v == nullptr) return {};
  const auto* array = v->if_array();
  if (array == nullptr) {
    problems.push_back(fmt::format("'{}' must be an array", key));
    return {};
  }
  size_t before = problems.size();
  for (size_t i = 0; i < array->size(); ++i) {
    const auto* item = (*array)[i].if_object();
    if (item == nullptr) {
      problems.push_back(fmt::format("'{}[{}]' must be an object", key, i));
      continue;
    }
    RequiredString(*item, required, fmt::format("{}[{}].{}", key, i, required), problems);
    for (std::string_view member : optional) {
      OptionalString(*item, member, fmt::format("{}[{}].{}", key, i, member), problems);
    }
  }
  if (problems.size() != before || array->empty()) return {};
  return AnnotationText(*v, key, problems);
}

// What the body says, borrowed from the parsed document.
struct Event {
  std::string_view routing_key;
  std::optional<AlertAction> action;
  std::string_view dedup_key;
  // Triggers only.
  std::string_view summary, source, severity, component, group, event_class, client, client_url;
  std::optional<Time> timestamp;
  std::string custom_details, links, images;
};

void ReadEnvelope(const object& root, Event& e, Problems& problems) {
  if (auto key = RequiredString(root, "routing_key", "routing_key", problems)) e.routing_key = *key;

  const value* action = decode::Find(root, "event_action");
  const auto* action_text = action != nullptr ? action->if_string() : nullptr;
  if (action == nullptr || (action_text != nullptr && IsBlank(*action_text))) {
    problems.push_back("'event_action' is missing or blank");
  } else if (action_text != nullptr && *action_text == "trigger") {
    e.action = AlertAction::kFire;
  } else if (action_text != nullptr && *action_text == "acknowledge") {
    e.action = AlertAction::kAcknowledge;
  } else if (action_text != nullptr && *action_text == "resolve") {
    e.action = AlertAction::kResolve;
  } else {
    problems.push_back(
        "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or "
        "'resolve')");
  }

  auto dedup = OptionalString(root, "dedup_key", "dedup_key", problems);
  CheckChars(dedup, "dedup_key", kMaxDedupKeyChars, problems);
  if (dedup && !IsBlank(*dedup)) e.dedup_key = *dedup;
  bool follow_up = e.action == AlertAction::kAcknowledge || e.action == AlertAction::kResolve;
  if (follow_up && dedup && IsBlank(*dedup)) problems.push_back("'dedup_key' is missing or blank");
}

void ReadTrigger(const object& root, Event& e, Problems& problems) {
  const value* payload_value = decode::Find(root, "payload");
  if (payload_value == nullptr) {
    problems.push_back("'payload' is missing or blank");
  } else if (!payload_value->is_object()) {
    problems.push_back("'payload' must be an object");
  } else {
    const object& payload = payload_value->get_object();
    auto summary = RequiredString(payload, "summary", "payload.summary", problems);
    CheckChars(summary, "payload.summary", kMaxSummaryChars, problems);
    if (summary) e.summary = *summary;
    if (auto s = RequiredString(payload, "source", "payload.source", problems)) e.source = *s;
    if (auto s = RequiredString(payload, "severity", "payload.severity", problems)) {
      if (*s == "critical" || *s == "error" || *s == "warning" || *s == "info") {
        e.severity = *s;
      } else {
        problems.push_back(
            "'payload.severity' is invalid (must be one of the following: 'critical', "
            "'warning', 'error' or 'info')");
      }
    }
    if (auto s = OptionalString(payload, "timestamp", "payload.timestamp", problems);
        s && !s->empty()) {
      auto t = ParseTimestamp(*s);
      if (!t) {
        problems.push_back(
            "'payload.timestamp' is invalid (must be an ISO 8601 timestamp such as "
            "2025-07-17T08:42:58.315+0000)");
      } else if (!IsZeroTime(*t)) {
        e.timestamp = *t;
      }
    }
    e.component = OptionalString(payload, "component", "payload.component", problems).value_or("");
    e.group = OptionalString(payload, "group", "payload.group", problems).value_or("");
    e.event_class = OptionalString(payload, "class", "payload.class", problems).value_or("");
    if (const value* details = decode::Find(payload, "custom_details")) {
      e.custom_details = AnnotationText(*details, "payload.custom_details", problems);
    }
  }
  e.client = OptionalString(root, "client", "client", problems).value_or("");
  e.client_url = OptionalString(root, "client_url", "client_url", problems).value_or("");
  e.links = ReadReferences(root, "links", "href", {"text"}, problems);
  e.images = ReadReferences(root, "images", "src", {"href", "alt"}, problems);
}

Alert ToAlert(const Event& e, std::string dedup_key, const ParseContext& ctx) {
  Alert out;
  out.action = *e.action;
  out.fingerprint = FingerprintOfParts({"pagerduty", e.routing_key, dedup_key});
  out.source = std::string(kEventsV2Format.name);
  std::vector<LabelSet::Pair> labels;
  auto label = [&](std::string_view name, std::string_view v) {
    if (!v.empty()) labels.emplace_back(std::string(name), std::string(v));
  };
  label("alertname", e.event_class.empty() ? std::string_view("PagerDutyEvent") : e.event_class);
  label("dedup_key", dedup_key);
  label("severity", e.severity);
  label("source", e.source);
  label("component", e.component);
  label("group", e.group);
  out.labels = LabelSet::FromPairs(std::move(labels));
  std::vector<LabelSet::Pair> annotations;
  auto annotate = [&](std::string_view name, std::string_view v) {
    if (!v.empty()) annotations.emplace_back(std::string(name), std::string(v));
  };
  annotate("summary", e.summary);
  annotate("client", e.client);
  annotate("client_url", e.client_url);
  annotate("custom_details", e.custom_details);
  annotate("links", e.links);
  annotate("images", e.images);
  out.annotations = LabelSet::FromPairs(std::move(annotations));
  out.starts_at = e.timestamp;
  out.generator_url = std::string(e.client_url);
  if (out.action == AlertAction::kResolve) out.ends_at = ctx.now;
  out.external_key = std::move(dedup_key);
  return out;
}

std::expected<ParsedBatch, InvalidEvent> Decode(std::string_view body, const ParseContext& ctx,
                                                DedupKeyFn new_dedup_key) {
  auto refuse = [](std::vector<std::string> errors) {
    return std::unexpected(InvalidEvent{ErrorCode::kInvalidArgument, std::move(errors)});
  };
  decode::Document doc;
  if (auto ok = doc.Parse(body); !ok) return refuse({ok.error().message});
  const auto* root = doc.root().if_object();
  if (root == nullptr) {
    return refuse(
        {fmt::format("body must be a JSON object, got {}", decode::KindName(doc.root()))});
  }
  Event e;
  Problems problems;
  ReadEnvelope(*root, e, problems);
  if (e.action == AlertAction::kFire) ReadTrigger(*root, e, problems);
  if (!problems.empty()) return refuse(std::move(problems));

  std::string dedup_key(e.dedup_key);
  if (dedup_key.empty()) dedup_key = (new_dedup_key != nullptr ? new_dedup_key : &RandomDedupKey)();
  ParsedBatch batch;
  batch.routing_key = std::string(e.routing_key);
  batch.alerts.push_back(ToAlert(e, std::move(dedup_key), ctx));
  return batch;
}

}  // namespace

std::string RandomDedupKey() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  uint64_t high = engine();
  uint64_t low = engine();
  return fmt::format("{:016x}{:016x}", high, low);
}

Error InvalidEvent::ToError() const {
  std::string message(kInvalidEventMessage);
  for (size_t i = 0; i < errors.size(); ++i) {
    message += i == 0 ? ": " : "; ";
    message += errors[i];
  }
  return Error{code, std::move(message), false};
}

std::expected<ParsedBatch, InvalidEvent> DecodeEventsV2(std::string_view body,
                                                        const ParseContext& ctx,
                                                        DedupKeyFn new_dedup_key) {
  try {
    return Decode(body, ctx, new_dedup_key);
  } catch (const std::bad_alloc&) {
    return std::unexpected(InvalidEvent{ErrorCode::kTooLarge, {"body too large to decode"}});
  } catch (const std::length_error&) {
    return std::unexpected(InvalidEvent{ErrorCode::kTooLarge, {"body too large to decode"}});
  } catch (const std::exception& e) {
    return std::unexpected(
        InvalidEvent{ErrorCode::kInternal, {std::string("decoding failed: ") + e.what()}});
  }
}

Result<ParsedBatch> ParseEventsV2(std::string_view body, const ParseContext& ctx) {
  auto decoded = DecodeEventsV2(body, ctx, &RandomDedupKey);
  if (!decoded) return Fail(decoded.error().ToError());
  return std::move(*decoded);
}

}  // namespace klaxon::ingest::pagerduty
