#include "api/public_status_handlers.h"

#include <functional>

#include <boost/json/serialize.hpp>

#include "statuspage/page.h"
#include "statuspage/public_json.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;
using statuspage::Snapshot;

// Errors in the Statuspage shape: {"code": 500, "message": "..."}.
http::Response PublicError(const Error& e) {
  int code = HttpStatus(e.code);
  auto r = http::Response::Json(code, json::serialize(json::object{{"code", code}, {"message", e.message}}));
  return r;
}

// Reads the records and renders `render` of the snapshot at the clock's now.
void Serve(const Context& ctx, http::Reply reply, std::string content_type,
           const std::function<std::string(const Snapshot&)>& render) {
  Time now = ctx.clock->Now();
  auto records = ctx.store->ReadStatusPage(now - statuspage::kHistoryWindow);
  if (!records) return reply(PublicError(records.error()));
  Snapshot s = statuspage::Build(ctx.config->status_page.page, *records, now);
  http::Response r;
  r.status = 200;
  r.content_type = std::move(content_type);
  r.body = render(s);
  r.headers.emplace_back("Cache-Control", "no-cache");
  reply(std::move(r));
}


}  // namespace

void AddPublicStatusRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  auto page = [c](std::string type, std::string (*render)(const Snapshot&)) {
    return [c, type, render](http::Request&, http::Reply reply) { Serve(*c, std::move(reply), type, render); };
  };
  auto api = [c](std::function<json::object(const Snapshot&)> view) {
    return [c, view](http::Request&, http::Reply reply) {
      Serve(*c, std::move(reply), "application/json",
            [&view](const Snapshot& s) { return json::serialize(view(s)); });
    };
  };
  using statuspage::MaintenanceFilter;
  router.Add("GET", "/status", "public", page("text/html; charset=utf-8", &statuspage::Html));
  router.Add("GET", "/status/feed.atom", "public", page("application/atom+xml; charset=utf-8", &statuspage::Atom));
  router.Add("GET", "/api/v2/summary.json", "public", api(&statuspage::SummaryJson));
  router.Add("GET", "/api/v2/status.json", "public", api(&statuspage::StatusJson));
  router.Add("GET", "/api/v2/components.json", "public", api(&statuspage::ComponentsJson));
  router.Add("GET", "/api/v2/incidents.json", "public",
             api([](const Snapshot& s) { return statuspage::IncidentsJson(s, false); }));
  router.Add("GET", "/api/v2/incidents/unresolved.json", "public",
             api([](const Snapshot& s) { return statuspage::IncidentsJson(s, true); }));
  router.Add("GET", "/api/v2/scheduled-maintenances.json", "public",
             api([](const Snapshot& s) { return statuspage::MaintenancesJson(s, MaintenanceFilter::kAll); }));
  router.Add("GET", "/api/v2/scheduled-maintenances/upcoming.json", "public",
             api([](const Snapshot& s) { return statuspage::MaintenancesJson(s, MaintenanceFilter::kUpcoming); }));
  router.Add("GET", "/api/v2/scheduled-maintenances/active.json", "public",
             api([](const Snapshot& s) { return statuspage::MaintenancesJson(s, MaintenanceFilter::kActive); }));
}

}  // namespace klaxon::api
