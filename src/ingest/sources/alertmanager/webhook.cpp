#include "ingest/sources/alertmanager/webhook.h"

#include <optional>
#include <utility>

#include <fmt/format.h>

#include "ingest/sources/alertmanager/alert_object.h"
#include "ingest/sources/decode.h"

namespace klaxon::ingest::alertmanager {
namespace {

// kFire or kResolve from a "status" member; nullopt when absent.
Result<std::optional<AlertAction>> ReadStatus(const boost::json::object& object,
                                              const decode::Path& path) {
  const boost::json::value* v = decode::Find(object, "status");
  if (v == nullptr) return std::optional<AlertAction>();
  const auto* s = v->if_string();
  if (s != nullptr && *s == "firing") return std::optional<AlertAction>(AlertAction::kFire);
  if (s != nullptr && *s == "resolved") return std::optional<AlertAction>(AlertAction::kResolve);
  std::string got = s != nullptr ? decode::Quote(std::string_view(s->data(), s->size()))
                                 : std::string(decode::KindName(*v));
  return decode::FailAt(path, fmt::format("expected \"firing\" or \"resolved\", got {}", got));
}

Status CheckVersion(const boost::json::object& root) {
  const boost::json::value* v = decode::Find(root, "version");
  if (v == nullptr) return {};
  const auto* s = v->if_string();
  if (s != nullptr && (*s == "4" || *s == "1")) return {};
  std::string got = s != nullptr ? decode::Quote(std::string_view(s->data(), s->size()))
                                 : std::string(decode::KindName(*v));
  return decode::FailAt(decode::Path{nullptr, "version"},
                        fmt::format("unsupported webhook version {} (expected \"4\", or \"1\" "
                                    "from Grafana)",
                                    got));
}

Alert ToAlert(AlertObject in, AlertAction action, const ParseContext& ctx) {
  Alert out;
  out.fingerprint = FingerprintOf(in.labels);
  out.labels = std::move(in.labels);
  out.annotations = std::move(in.annotations);
  out.starts_at = in.starts_at;
  out.generator_url = std::move(in.generator_url);
  out.source = std::string(kWebhookFormat.name);
  out.action = action;
  if (action == AlertAction::kResolve) {
    out.ends_at = (in.ends_at && *in.ends_at <= ctx.now) ? *in.ends_at : ctx.now;
  }
  return out;
}

}  // namespace

Result<ParsedBatch> ParseWebhook(std::string_view body, const ParseContext& ctx) {
  return decode::CatchAtEdge([&]() -> Result<ParsedBatch> {
    decode::Document doc;
    if (auto ok = doc.Parse(body); !ok) return Fail(ok.error());
    const auto* root = doc.root().if_object();
    if (root == nullptr) {
      return decode::FailAt(decode::Path{}, fmt::format("expected a webhook object, got {}",
                                                        decode::KindName(doc.root())));
    }
    if (auto ok = CheckVersion(*root); !ok) return Fail(ok.error());
    auto group_status = ReadStatus(*root, decode::Path{nullptr, "status"});
    if (!group_status) return Fail(group_status.error());

    const decode::Path alerts_path{nullptr, "alerts"};
    const boost::json::value* alerts = decode::Find(*root, "alerts");
    if (alerts == nullptr) return decode::FailAt(alerts_path, "required: an array of alerts");
    auto array = decode::ReadAlertArray(*alerts, alerts_path, ctx);
    if (!array) return Fail(array.error());

    ParsedBatch batch;
    batch.alerts.reserve((*array)->size());
    for (size_t i = 0; i < (*array)->size(); ++i) {
      const decode::Path path = alerts_path.Element(i);
      const boost::json::value& item = (**array)[i];
      auto fields = ReadAlertObject(item, path);
      if (!fields) return Fail(fields.error());
      auto status = ReadStatus(item.get_object(), path.Member("status"));
      if (!status) return Fail(status.error());
      std::optional<AlertAction> action = *status ? *status : *group_status;
      if (!action)
        return decode::FailAt(path.Member("status"), "required: \"firing\" or \"resolved\"");
      batch.alerts.push_back(ToAlert(std::move(*fields), *action, ctx));
    }
    return batch;
  });
}

}  // namespace klaxon::ingest::alertmanager
