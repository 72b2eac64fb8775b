#pragma once
// What the REST handlers need; owned by the app, borrowed here.

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "api/auth.h"
#include "config/config.h"
#include "core/clock.h"
#include "engine/engine.h"
#include "http/types.h"
#include "metrics/metrics.h"
#include "probe/runner.h"
#include "store/api_tokens.h"
#include "store/store.h"

namespace klaxon::api {

struct Context {
  const config::Config* config = nullptr;
  store::Store* store = nullptr;
  engine::Engine* engine = nullptr;
  const Clock* clock = nullptr;
  metrics::Registry* metrics = nullptr;
  const Authenticator* auth = nullptr;
  ManualClock* simulated_clock = nullptr;  // set only with `serve --simulated-time`
  probe::Runner* probes = nullptr;         // the probe runner; nullptr: probes unavailable
  store::ApiTokenStore* tokens = nullptr;  // issued API tokens; nullptr: the store keeps none
};

// A route's declared access (http::Router::Add) for a role and above:
// "role:engineer". The other forms are "public", "integration:<type>" (an
// integration key of that type) and "signature:<slack|pagerduty>".
std::string Needs(access::Role role);

// Replies 401/403 and returns nullopt unless the caller holds at least `need`.
std::optional<Principal> Require(const Context& ctx, const http::Request& req,
                                 const http::Reply& reply, access::Role need);

// The incident of a route's {id} ("INC-42"); kInvalidArgument otherwise.
Result<int64_t> IncidentIdParam(const http::Request& req);
// The channel a request came through, for the timeline: "cli" or "ui" when
// the client says so (X-Klaxon-Via), else "api".
std::string ViaOf(const http::Request& req);

// A request's JSON object body; an empty body is an empty object.
// kInvalidArgument for anything else.
Result<boost::json::object> BodyObject(const http::Request& req);
// A string field of a body: nullopt when absent or null; kInvalidArgument
// when not a string or longer than `max` bytes.
Result<std::optional<std::string>> OptionalString(const boost::json::object& o, std::string_view key,
                                                  size_t max = 2000);

// Maps an Error to a JSON error response with the matching status code.
http::Response ErrorResponse(const Error& e);
int HttpStatus(ErrorCode code);

}  // namespace klaxon::api
