#pragma once
// The generic format: `POST /api/v1/alerts`, for scripts and curl. The body
// is one alert object, an array of them, or {"alerts":[...]} (an object with
// an "alerts" member is always the batch form; its other members are ignored).
//
// One alert:
//   labels        object of strings  identity and routing; must end up with
//                                    an alertname (directly or via "name")
//   name          string             shorthand for labels.alertname
//   severity      string             shorthand for labels.severity
//   annotations   object             strings; numbers/booleans become their
//                                    JSON text; nulls are skipped
//   summary       string             shorthand for annotations.summary
//   description   string             shorthand for annotations.description
//   status        "firing"|"resolved"  default "firing"
//   starts_at     RFC 3339           default: when klaxon received it
//   ends_at       RFC 3339           at/before now resolves; later is a known end
//   generator_url string             link back to the sender
//   dedup_key     string (<= 255)    the sender's own identity for the alert
// Camel-case spellings (startsAt, endsAt, generatorURL) are accepted too; the
// snake-case one wins if both appear. A shorthand that contradicts the map it
// fills in (name vs labels.alertname, ...) is refused. Unknown members are
// ignored.
//
// Mapping, with ctx.now as "now":
//   status "resolved", or ends_at at/before now -> kResolve,
//       ends_at = ends_at when given and not after now, else now
//   otherwise -> kFire, ends_at = ends_at (nullopt: fires until resolved)
//   refresh_expected is false (scripts need not re-send).
//   dedup_key given: fingerprint = FingerprintOfParts({"generic", dedup_key}),
//       external_key = dedup_key; otherwise fingerprint = FingerprintOf(labels).
// docs/ingest.md has curl examples.

#include <string_view>

#include "core/result.h"
#include "ingest/alert.h"
#include "ingest/sources/source.h"

namespace klaxon::ingest::generic {

// A ParseFn: pure, thread-safe. Errors: kInvalidArgument with the JSON path
// of the first problem; kTooLarge beyond ctx.max_alerts alerts.
Result<ParsedBatch> Parse(std::string_view body, const ParseContext& ctx);

inline constexpr SourceFormat kFormat{
    .name = "generic",
    .path = "/api/v1/alerts",
    .integration_type = "generic",
    .auth = AuthStyle::kBearer,
    .parse = &Parse,
};

}  // namespace klaxon::ingest::generic
