#include "api/report_handlers.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "report/report.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

json::value Number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value Seconds(const std::optional<Duration>& d) {
  return d ? json::value(static_cast<double>(d->count()) / 1000.0) : json::value(nullptr);
}

json::object StatsJson(const report::Stats& s) {
  return json::object{{"count", s.count},
                      {"mean_seconds", Number(s.mean)},
                      {"median_seconds", Number(s.median)},
                      {"p90_seconds", Number(s.p90)}};
}

json::object GroupJson(const report::Group& g) {
  return json::object{
      {"opened", g.opened},
      {"acknowledged", g.acknowledged},
      {"unacknowledged", g.unacknowledged},
      {"resolved", g.resolved},
      {"open", g.open},
      {"sla_breaches", g.sla_breaches},
      {"time_to_acknowledge", StatsJson(g.time_to_acknowledge)},
      {"time_to_resolve", StatsJson(g.time_to_resolve)},
      {"remediation", json::object{{"attempted", g.remediation_attempted},
                                   {"succeeded", g.remediation_succeeded},
                                   {"in_progress", g.remediation_in_progress},
                                   {"success_ratio", Number(g.remediation_success_ratio)}}}};
}

void Show(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  std::string since_text = req.Query("since").value_or("30d");
  auto since = report::ParseSince(since_text);
  if (!since) return reply(ErrorResponse(since.error()));
  const Time now = ctx.clock->Now();
  auto facts = ctx.store->ListResponseFacts(now - *since, kReportIncidentLimit);
  if (!facts) return reply(ErrorResponse(facts.error()));
  const auto& cfg = *ctx.config;
  report::Report r = report::Build(*facts, report::SettingsFrom(cfg), now, *since);

  json::array by_severity;
  for (const auto& g : r.by_severity) {
    json::object o = GroupJson(g);
    o["severity"] = g.severity;
    const auto* sev = cfg.FindSeverity(g.severity);
    o["response_time"] = sev ? json::value(FormatDuration(sev->response_time)) : json::value(nullptr);
    by_severity.push_back(std::move(o));
  }
  json::array by_runbook;
  for (const auto& g : r.by_runbook) {
    json::object o = GroupJson(g);
    o["runbook"] = g.runbook_id;
    const auto* rb = cfg.FindRunbook(g.runbook_id);
    o["title"] = rb ? rb->title : g.runbook_id.empty() ? cfg.incidents.unmatched_title : "";
    by_runbook.push_back(std::move(o));
  }
  json::array incidents;
  for (const auto& i : r.incidents) {
    incidents.push_back(json::object{
        {"id", incident::DisplayId(cfg.incidents.id_prefix, i.id)},
        {"severity", i.severity},
        {"runbook", i.runbook_id},
        {"status", incident::ToString(i.status)},
        {"opened_at", FormatTimestamp(i.opened_at)},
        {"time_to_acknowledge_seconds", Seconds(i.time_to_acknowledge)},
        {"time_to_resolve_seconds", Seconds(i.time_to_resolve)},
        {"sla_breached", i.sla_breached},
        {"paged", i.paged},
        {"remediation", report::ToString(i.remediation)}});
  }
  json::object out{{"since", FormatDuration(*since)},
                   {"from", FormatTimestamp(r.from)},
                   {"to", FormatTimestamp(r.to)},
                   {"truncated", facts->size() >= static_cast<size_t>(kReportIncidentLimit)},
                   {"totals", GroupJson(r.total)},
                   {"by_severity", std::move(by_severity)},
                   {"by_runbook", std::move(by_runbook)},
                   {"incidents", std::move(incidents)}};
  reply(http::Response::Json(200, json::serialize(out)));
}

}  // namespace

void AddReportRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  router.Add("GET", "/api/v1/reports", Needs(access::Role::kViewer),
             [c](http::Request& req, http::Reply reply) { Show(*c, req, std::move(reply)); });
}

}  // namespace klaxon::api
