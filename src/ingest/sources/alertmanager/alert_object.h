#pragma once
// The alert object Alertmanager's two formats share: API v2's postableAlert
// and the webhook's alert carry the same labels, annotations, startsAt,
// endsAt and generatorURL. Internal to the alertmanager adapters.

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "core/labels.h"
#include "core/result.h"
#include "core/time.h"
#include "ingest/sources/decode.h"

namespace klaxon::ingest::alertmanager {

struct AlertObject {
  LabelSet labels;  // required, non-empty
  LabelSet annotations;
  std::optional<Time> starts_at;  // nullopt: absent or Go's zero time
  std::optional<Time> ends_at;    // nullopt: absent or Go's zero time
  std::string generator_url;
};

// Reads the shared fields of the alert at `path`; other members are ignored.
// Fails on a non-object, missing or invalid labels, and invalid annotations,
// timestamps or generatorURL (see decode.h for the rules).
Result<AlertObject> ReadAlertObject(const boost::json::value& v, const decode::Path& path);

}  // namespace klaxon::ingest::alertmanager
