#pragma once
// The alert a drill fires for a runbook: labels that the runbook's own
// matchers accept and that the configuration's routing (first match wins)
// really sends to that runbook. Pure.
//
// Labels come from the runbook's matchers: name="v" gives v; name=~"a|b"
// gives the first alternative when it is a plain word (else the pattern
// without its operators, escapes undone: "Api.*" gives "Api"); negative
// matchers leave the label out.
// The runbook's service is added as `service` when no matcher sets it.
// `extra` (the drill's --label) is applied last and wins. The result is
// checked with rules::Router: a runbook that no such alert reaches (an
// earlier runbook claims it, or a regex this cannot satisfy) is an error
// that asks for --label.

#include <string>

#include "config/config.h"
#include "core/labels.h"
#include "core/result.h"
#include "ingest/alert.h"

namespace klaxon::drill {

// An alert of `runbook` firing at `at`, at `severity` ("" for the one the
// runbook decides). It fires until told otherwise (no expiry), as an alert
// nobody fixes does. kInvalidArgument when no such alert can be made, or
// `severity` is not configured.
Result<ingest::Alert> AlertFor(const config::Config& config, const config::Runbook& runbook,
                               const std::string& severity, const LabelSet& extra, Time at);

}  // namespace klaxon::drill
