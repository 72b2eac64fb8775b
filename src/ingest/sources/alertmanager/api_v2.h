#pragma once
// Alertmanager API v2 ingest: `POST /api/v2/alerts`, how Prometheus (and any
// Alertmanager client) pushes alerts. The body is a JSON array of
// postableAlert objects:
//   [{"labels":{"alertname":"HighErrorRate","service":"api"},   required
//     "annotations":{"summary":"Error rate > 5%"},               optional
//     "startsAt":"2025-08-07T09:14:22Z",                          optional, RFC 3339
//     "endsAt":"2025-08-07T09:20:22Z",                            optional, RFC 3339
//     "generatorURL":"http://prom:9090/graph?..."}]               optional
//
// Mapping, with ctx.now as "now" (Go's zero time counts as absent):
//   no startsAt             -> starts_at nullopt (klaxon uses the receive time)
//   endsAt at/before now    -> kResolve, ends_at = endsAt
//   endsAt after now        -> kFire, ends_at = endsAt (a known end)
//   no endsAt               -> kFire, refresh_expected (the sender re-sends active
//                              alerts; silence past resolve_timeout resolves it)
//   endsAt before startsAt  -> refused, as Alertmanager does
// fingerprint = FingerprintOf(labels); external_key is empty. Unknown members
// are ignored. An empty array is a valid, empty batch.

#include <string_view>

#include "core/result.h"
#include "ingest/alert.h"
#include "ingest/sources/source.h"

namespace klaxon::ingest::alertmanager {

// A ParseFn: pure, thread-safe. Errors: kInvalidArgument with the JSON path
// of the first problem; kTooLarge beyond ctx.max_alerts alerts.
Result<ParsedBatch> ParseApiV2(std::string_view body, const ParseContext& ctx);

inline constexpr SourceFormat kApiV2Format{
    .name = "alertmanager",
    .path = "/api/v2/alerts",
    .integration_type = "alertmanager",
    .auth = AuthStyle::kBearer,
    .parse = &ParseApiV2,
};

}  // namespace klaxon::ingest::alertmanager
