#include "ingest/sources/alertmanager/api_v2.h"

#include <utility>

#include "ingest/sources/alertmanager/alert_object.h"
#include "ingest/sources/decode.h"

namespace klaxon::ingest::alertmanager {
namespace {

Result<Alert> ToAlert(AlertObject in, const decode::Path& path, const ParseContext& ctx) {
  if (in.starts_at && in.ends_at && *in.ends_at < *in.starts_at) {
    return decode::FailAt(path.Member("endsAt"), "before startsAt");
  }
  Alert out;
  out.fingerprint = FingerprintOf(in.labels);
  out.labels = std::move(in.labels);
  out.annotations = std::move(in.annotations);
  out.starts_at = in.starts_at;
  out.ends_at = in.ends_at;
  out.generator_url = std::move(in.generator_url);
  out.source = std::string(kApiV2Format.name);
  if (!in.ends_at) {
    out.action = AlertAction::kFire;
    out.refresh_expected = true;
  } else {
    out.action = *in.ends_at <= ctx.now ? AlertAction::kResolve : AlertAction::kFire;
  }
  return out;
}

}  // namespace

Result<ParsedBatch> ParseApiV2(std::string_view body, const ParseContext& ctx) {
  return decode::CatchAtEdge([&]() -> Result<ParsedBatch> {
    decode::Document doc;
    if (auto ok = doc.Parse(body); !ok) return Fail(ok.error());
    const decode::Path root{nullptr, "alerts"};
    auto array = decode::ReadAlertArray(doc.root(), root, ctx);
    if (!array) return Fail(array.error());
    ParsedBatch batch;
    batch.alerts.reserve((*array)->size());
    for (size_t i = 0; i < (*array)->size(); ++i) {
      const decode::Path path = root.Element(i);
      auto fields = ReadAlertObject((**array)[i], path);
      if (!fields) return Fail(fields.error());
      auto alert = ToAlert(std::move(*fields), path, ctx);
      if (!alert) return Fail(alert.error());
      batch.alerts.push_back(std::move(*alert));
    }
    return batch;
  });
}

}  // namespace klaxon::ingest::alertmanager
