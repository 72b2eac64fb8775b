#pragma once
// Alertmanager webhook receiver: `POST /api/v1/webhooks/alertmanager`, the
// body Alertmanager's webhook_config POSTs (version "4"), also accepting
// Grafana's Alertmanager-like version "1" body:
//   {"version":"4","status":"firing","receiver":"klaxon","groupLabels":{...},
//    "alerts":[{"status":"firing","labels":{...},"annotations":{...},
//               "startsAt":"2025-08-07T09:14:22.114Z","endsAt":"0001-01-01T00:00:00Z",
//               "generatorURL":"...","fingerprint":"3f8c1a2b9d4e5f60"}]}
//
// Mapping, with ctx.now as "now":
//   - Each alert's own status decides its action, so one body may mix firing
//     and resolved alerts; a missing per-alert status falls back to the top
//     level one. Anything but "firing"/"resolved" is refused.
//   - firing   -> kFire, ends_at nullopt: the status is authoritative and a
//                 firing alert's endsAt is only Alertmanager's estimate.
//   - resolved -> kResolve, ends_at = endsAt, or now when endsAt is absent,
//                 zero or in the future (clock skew).
//   - refresh_expected is false: Alertmanager sends "resolved" itself
//     (send_resolved, on by default).
//   - fingerprint = FingerprintOf(labels); the sender's "fingerprint" string
//     is ignored, as are groupKey, groupLabels, common*, externalURL,
//     notification_reason, routeLabels, truncatedAlerts and Grafana's extras
//     (orgId, title, state, message, values, silenceURL, dashboardURL, ...).
//   - "version" may be absent; if present it must be "4" or "1": another
//     version may mean something else, and misreading alerts is worse than
//     refusing them.

#include <string_view>

#include "core/result.h"
#include "ingest/alert.h"
#include "ingest/sources/source.h"

namespace klaxon::ingest::alertmanager {

// A ParseFn: pure, thread-safe. Errors: kInvalidArgument with the JSON path
// of the first problem; kTooLarge beyond ctx.max_alerts alerts.
Result<ParsedBatch> ParseWebhook(std::string_view body, const ParseContext& ctx);

inline constexpr SourceFormat kWebhookFormat{
    .name = "alertmanager-webhook",
    .path = "/api/v1/webhooks/alertmanager",
    .integration_type = "alertmanager",
    .auth = AuthStyle::kBearer,
    .parse = &ParseWebhook,
};

}  // namespace klaxon::ingest::alertmanager
