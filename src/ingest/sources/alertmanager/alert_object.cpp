#include "ingest/sources/alertmanager/alert_object.h"

#include <fmt/format.h>

namespace klaxon::ingest::alertmanager {

Result<AlertObject> ReadAlertObject(const boost::json::value& v, const decode::Path& path) {
  const auto* object = v.if_object();
  if (object == nullptr) {
    return decode::FailAt(path,
                          fmt::format("expected an alert object, got {}", decode::KindName(v)));
  }
  AlertObject out;
  auto labels = decode::ReadLabels(decode::Find(*object, "labels"), path.Member("labels"));
  if (!labels) return Fail(labels.error());
  out.labels = std::move(*labels);
  auto annotations =
      decode::ReadAnnotations(decode::Find(*object, "annotations"), path.Member("annotations"));
  if (!annotations) return Fail(annotations.error());
  out.annotations = std::move(*annotations);
  auto starts = decode::ReadTime(decode::Find(*object, "startsAt"), path.Member("startsAt"));
  if (!starts) return Fail(starts.error());
  out.starts_at = *starts;
  auto ends = decode::ReadTime(decode::Find(*object, "endsAt"), path.Member("endsAt"));
  if (!ends) return Fail(ends.error());
  out.ends_at = *ends;
  auto url = decode::ReadString(decode::Find(*object, "generatorURL"), path.Member("generatorURL"));
  if (!url) return Fail(url.error());
  out.generator_url = std::move(*url);
  return out;
}

}  // namespace klaxon::ingest::alertmanager
