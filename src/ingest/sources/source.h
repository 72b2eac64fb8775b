#pragma once
// One inbound format. Adapters are pure: bytes in, canonical alerts or a
// reason out. They never see credentials beyond what is inside the body.

#include <string_view>

#include "core/result.h"
#include "ingest/alert.h"

namespace klaxon::ingest {

// How a request of this format proves who sent it.
enum class AuthStyle {
  kBearer,      // Authorization: Bearer <integration key> (or Basic with the key as password)
  kRoutingKey,  // the key is inside the body (PagerDuty Events API v2)
};

using ParseFn = Result<ParsedBatch> (*)(std::string_view body, const ParseContext& ctx);

struct SourceFormat {
  std::string_view name;            // "alertmanager", "alertmanager-webhook", "pagerduty", "generic"
  std::string_view path;            // "POST" endpoint path
  std::string_view integration_type;  // which configured integration types may use it
  AuthStyle auth;
  ParseFn parse;
};

}  // namespace klaxon::ingest
