#pragma once
// `klaxon report --since 30d [--json]`: a running server's response report
// (GET /api/v1/reports) as readable tables: by severity (with its response
// time), by runbook (with its remediation success), and the totals.

#include <string>

#include "cli/api_client.h"

namespace klaxon::cli {

// Exit codes as for `klaxon incidents` (a bad --since is the server's 400: 1).
int Report(const ClientOptions& c, const std::string& since);

}  // namespace klaxon::cli
