#pragma once
// `klaxon oncall`: who is on call now (or at a given time) and who is next,
// per schedule, from a running server's GET /api/v1/oncall.

#include <string>

#include "cli/incidents.h"

namespace klaxon::cli {

struct OnCallOptions {
  std::string schedule;  // only this schedule; "" for all
  std::string at;        // RFC 3339; "" for the server's now
};

// Prints a table (or the server's JSON with c.json). Returns the exit code:
// 0 ok, 1 the server refused (its reason is printed), 3 it could not be reached.
int ShowOnCall(const ClientOptions& c, const OnCallOptions& o);

}  // namespace klaxon::cli
