// klaxon: flags -> app. Everything else lives in src/.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>

#include "app/serve.h"
#include "cli/drill.h"
#include "cli/incidents.h"
#include "cli/oncall.h"
#include "cli/postmortem.h"
#include "cli/report.h"
#include "cli/status.h"
#include "cli/store_stats.h"
#include "cli/tokens.h"
#include "demo/demo.h"
#include "demo/railway.h"

int main(int argc, char** argv) {
  CLI::App app{"klaxon: automated incident response in one binary"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "klaxon 0.1.0");

  klaxon::app::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the klaxon server");
  serve_cmd->add_option("--config", serve.config_path, "Configuration file (YAML)")->required();
  serve_cmd->add_option("--data", serve.data_dir, "Data directory (holds klaxon.db)")->capture_default_str();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (overrides server.listen)");
  serve_cmd->add_option("--port-file", serve.port_file, "Write the bound port here once serving");
  serve_cmd->add_flag("--simulated-time", serve.simulated_time,
                      "Use a clock that moves only through POST /api/v1/admin/clock (drills, tests)");
  serve_cmd->add_option("--time-scale", serve.time_scale,
                        "Run the clock this many times faster than real time (60: a minute a second; demos)")
      ->check(CLI::Range(1.0, 3600.0));

  klaxon::demo::DemoOptions demo;
  auto* demo_cmd = app.add_subcommand(
      "demo", "Play a CocoPay runbook end to end: klaxon, a simulated CocoPay, Slack and PagerDuty stand-ins");
  demo_cmd->add_option("--scenario", demo.scenario, "rb-001 .. rb-008: the runbook to play")->capture_default_str();
  demo_cmd->add_flag("--exit-when-done", demo.exit_when_done,
                     "Exit when the scenario ends: 0 if every step was seen, 1 if not (CI)");
  demo_cmd->add_option("--config", demo.config_path, "The CocoPay configuration")->capture_default_str();
  demo_cmd->add_option("--listen", demo.listen, "HOST:PORT for klaxon (port 0: any free port)");
  demo_cmd->add_option("--data", demo.data_dir, "Data directory (default: a fresh one, removed at exit)");
  demo_cmd->add_option("--time-scale", demo.time_scale, "How much faster than real time the clock runs")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  demo_cmd->add_flag("--verbose", demo.verbose, "Show klaxon's own log (info), not only warnings");

  // The Railway CLI of the demo (demo/railway.h); not for people.
  std::string railway_sim;
  auto* railway_cmd = app.add_subcommand("demo-railway", "")->group("")->prefix_command();
  railway_cmd->add_option("--sim", railway_sim)->required();

  std::string check_path;
  auto* check_cmd = app.add_subcommand("check-config", "Validate a configuration file");
  check_cmd->add_option("file", check_path, "Configuration file (YAML)")->required();

  std::string stats_dir = "./data";
  auto* stats_cmd = app.add_subcommand(
      "store-stats", "Print what a data directory's store holds, as JSON (read-only; safe next to a running server)");
  stats_cmd->add_option("--data", stats_dir, "Data directory (holds klaxon.db)")->capture_default_str();

  klaxon::cli::ClientOptions client;
  if (const char* t = std::getenv("KLAXON_TOKEN")) client.token = t;
  if (const char* s = std::getenv("KLAXON_SERVER")) client.server = s;
  auto* inc_cmd = app.add_subcommand("incidents", "List and work incidents on a running server");
  inc_cmd->require_subcommand(1);
  inc_cmd->add_option("--server", client.server, "klaxon server URL (env KLAXON_SERVER)")->capture_default_str();
  inc_cmd->add_option("--token", client.token, "API token (env KLAXON_TOKEN)");
  inc_cmd->add_flag("--json", client.json, "Print JSON");

  klaxon::cli::ListOptions list;
  auto* list_cmd = inc_cmd->add_subcommand("list", "List incidents");
  list_cmd->add_option("--status", list.status, "open, all, or statuses separated by commas")->capture_default_str();
  list_cmd->add_option("--severity", list.severity, "Only this severity (e.g. SEV1)");
  list_cmd->add_option("--runbook", list.runbook, "Only this runbook (e.g. RB-001)");
  list_cmd->add_option("--limit", list.limit, "At most this many")->capture_default_str();

  std::string id;
  auto* show_cmd = inc_cmd->add_subcommand("show", "Show an incident with its timeline");
  show_cmd->add_option("id", id, "Incident id, e.g. INC-42")->required();
  auto* ack_cmd = inc_cmd->add_subcommand("ack", "Acknowledge an incident");
  ack_cmd->add_option("id", id, "Incident id")->required();
  auto* escalate_cmd =
      inc_cmd->add_subcommand("escalate", "Page the next level of an incident's escalation policy now");
  escalate_cmd->add_option("id", id, "Incident id")->required();
  klaxon::cli::ResolveOptions resolve;
  auto* resolve_cmd = inc_cmd->add_subcommand("resolve", "Resolve an incident");
  resolve_cmd->add_option("id", id, "Incident id")->required();
  resolve_cmd->add_option("--root-cause", resolve.root_cause, "What caused it (brief)");
  resolve_cmd->add_option("--resolution", resolve.resolution, "What fixed it (for the post-mortem)");
  resolve_cmd->add_option("--impact-users", resolve.impact_users, "Users affected (for the post-mortem)");
  resolve_cmd->add_option("--impact-payments", resolve.impact_payments,
                          "Payments affected, number or volume (for the post-mortem)");
  resolve_cmd->add_option("--impact-revenue", resolve.impact_revenue, "Revenue impact, if known");
  klaxon::cli::UpdateOptions update;
  auto* update_cmd = inc_cmd->add_subcommand("update", "Post a status update (the handbook's UPDATE)");
  update_cmd->add_option("id", id, "Incident id")->required();
  update_cmd->add_option("--status", update.status, "investigating, identified, fixing or monitoring");
  update_cmd->add_option("--summary", update.summary, "What we know")->required();
  update_cmd->add_option("--next", update.next, "What we're doing");
  update_cmd->add_option("--eta", update.eta, "ETA, if known");

  std::string lead;
  auto* lead_cmd = inc_cmd->add_subcommand("lead", "Assign the incident lead (a person id; \"\" unassigns)");
  lead_cmd->add_option("id", id, "Incident id")->required();
  lead_cmd->add_option("person", lead, "Person id from the configuration")->required();

  int step = 0;
  auto* actions_cmd = inc_cmd->add_subcommand(
      "actions", "An incident's runbook steps and every remediation step run (the audit)");
  actions_cmd->add_option("id", id, "Incident id")->required();
  auto* approve_cmd =
      inc_cmd->add_subcommand("approve", "Approve a remediation step that waits for approval");
  approve_cmd->add_option("id", id, "Incident id")->required();
  approve_cmd->add_option("step", step, "Step number (1 is the first action)")->required();
  auto* run_cmd = inc_cmd->add_subcommand("run", "Run a remediation step (exec or http) now");
  run_cmd->add_option("id", id, "Incident id")->required();
  run_cmd->add_option("step", step, "Step number (1 is the first action)")->required();

  klaxon::cli::OnCallOptions oncall;
  auto* oncall_cmd = app.add_subcommand("oncall", "Who is on call now (or at --at), and who is next");
  oncall_cmd->add_option("--schedule", oncall.schedule, "Only this schedule (its id)");
  oncall_cmd->add_option("--at", oncall.at, "An RFC 3339 time, e.g. 2025-08-11T09:00:00+02:00");
  oncall_cmd->add_option("--server", client.server, "klaxon server URL (env KLAXON_SERVER)")->capture_default_str();
  oncall_cmd->add_option("--token", client.token, "API token (env KLAXON_TOKEN)");
  oncall_cmd->add_flag("--json", client.json, "Print JSON");

  klaxon::cli::DrillOptions drill;
  auto* drill_cmd = app.add_subcommand(
      "drill", "Rehearse a runbook's response on simulated time: nothing is sent, nothing runs");
  drill_cmd->add_option("runbook", drill.runbook, "Runbook id, e.g. RB-001");
  drill_cmd->add_option("--config", drill.config_path, "Configuration file (YAML)")->required();
  drill_cmd->add_flag("--all", drill.all, "Drill every runbook of the configuration");
  drill_cmd->add_option("--severity", drill.severity, "Open the incident at this severity (default: the runbook's)");
  drill_cmd->add_option("--at", drill.at, "When the alert fires: ISO 8601 with a zone (default: now)");
  drill_cmd->add_option("--horizon", drill.horizon, "Simulate at most this long")->capture_default_str();
  drill_cmd->add_option("--label", drill.labels, "An extra alert label, name=value (repeatable)");
  drill_cmd->add_flag("--check", drill.check, "Exit 1 when a page reaches nobody or a command does not exist");
  drill_cmd->add_flag("--json", drill.json, "Print JSON");

  klaxon::cli::TokenOptions token_opts;
  std::string token_name;
  auto* tokens_cmd = app.add_subcommand("tokens", "Issue, list and revoke API tokens (admin)");
  tokens_cmd->require_subcommand(1);
  tokens_cmd->add_option("--server", client.server, "klaxon server URL (env KLAXON_SERVER)")->capture_default_str();
  tokens_cmd->add_option("--token", client.token, "An admin API token (env KLAXON_TOKEN)");
  tokens_cmd->add_flag("--json", client.json, "Print JSON");
  auto* token_create_cmd = tokens_cmd->add_subcommand("create", "Issue a token; prints it once");
  token_create_cmd->add_option("--name", token_opts.name, "Its name (the actor on the timeline without --person)")->required();
  token_create_cmd->add_option("--role", token_opts.role, "viewer, engineer, oncall, lead or admin")->required();
  token_create_cmd->add_option("--person", token_opts.person, "The person it acts as (a person id)");
  token_create_cmd->add_option("--expires", token_opts.expires, "Expires after this long, e.g. 90d");
  auto* token_list_cmd = tokens_cmd->add_subcommand("list", "List tokens (never their secrets)");
  auto* token_revoke_cmd = tokens_cmd->add_subcommand("revoke", "Revoke a token now");
  token_revoke_cmd->add_option("name", token_name, "The token's name")->required();
  klaxon::cli::PostmortemOptions pm;
  std::string pm_id;
  auto* pm_cmd = app.add_subcommand(
      "postmortem", "An incident's post-mortem: print or write the draft, mark it, track action items");
  pm_cmd->add_option("id", pm_id, "Incident id, e.g. INC-42")->required();
  pm_cmd->add_option("--output,-o", pm.output, "Write the draft (Markdown) to this file");
  pm_cmd->add_option("--mark", pm.mark, "drafted, written or published")
      ->check(CLI::IsMember({"drafted", "written", "published"}));
  pm_cmd->add_option("--url", pm.url, "With --mark: where the post-mortem lives");
  pm_cmd->add_option("--add-item", pm.add, "Add an action item: what is to be done (needs --owner)");
  pm_cmd->add_option("--item", pm.item, "Update this action item (its number)");
  std::string pm_action, pm_owner, pm_due, pm_status;
  auto* pm_action_opt = pm_cmd->add_option("--action", pm_action, "With --item: the new action text");
  auto* pm_owner_opt = pm_cmd->add_option("--owner", pm_owner, "Action item owner (a person id)");
  auto* pm_due_opt = pm_cmd->add_option("--due", pm_due, "Action item due date, YYYY-MM-DD (\"\" clears)");
  auto* pm_status_opt = pm_cmd->add_option("--status", pm_status, "Action item status: open or done")
                            ->check(CLI::IsMember({"open", "done"}));
  pm_cmd->add_option("--server", client.server, "klaxon server URL (env KLAXON_SERVER)")->capture_default_str();
  pm_cmd->add_option("--token", client.token, "API token (env KLAXON_TOKEN)");
  pm_cmd->add_flag("--json", client.json, "Print JSON (the record, action items and draft)");

  std::string report_since = "30d";
  auto* report_cmd = app.add_subcommand(
      "report", "Response metrics: MTTA, MTTR, SLA breaches and remediation success, by severity and runbook");
  report_cmd->add_option("--since", report_since, "The window: incidents opened this long ago or later (e.g. 30d, 12h, 2w)")
      ->capture_default_str();
  report_cmd->add_option("--server", client.server, "klaxon server URL (env KLAXON_SERVER)")->capture_default_str();
  report_cmd->add_option("--token", client.token, "API token (env KLAXON_TOKEN)");
  report_cmd->add_flag("--json", client.json, "Print JSON");
  klaxon::cli::StatusOptions status_opts;
  std::string status_ref;
  auto* status_cmd = app.add_subcommand(
      "status", "The public status page: publish an incident, post updates, resolve, schedule maintenance (lead)");
  status_cmd->require_subcommand(1);
  status_cmd->add_option("--server", client.server, "klaxon server URL (env KLAXON_SERVER)")->capture_default_str();
  status_cmd->add_option("--token", client.token, "A lead or admin API token (env KLAXON_TOKEN)");
  status_cmd->add_flag("--json", client.json, "Print JSON");
  auto add_text = [&](CLI::App* cmd) {
    cmd->add_option("--title", status_opts.title, "Public title (default: the runbook's or a general one)");
    cmd->add_option("--body", status_opts.body, "Public message (default: the runbook's or a general one)");
    cmd->add_option("--impact", status_opts.impact, "none, minor, major or critical")
        ->check(CLI::IsMember({"none", "minor", "major", "critical"}));
    cmd->add_option("--component", status_opts.components,
                    "A component and its status, e.g. payments=partial_outage (repeatable)");
  };
  auto* status_draft_cmd = status_cmd->add_subcommand("draft", "Show what publishing an incident would say");
  status_draft_cmd->add_option("incident", status_ref, "Incident id, e.g. INC-42")->required();
  auto* status_publish_cmd = status_cmd->add_subcommand("publish", "Publish an incident on the status page");
  status_publish_cmd->add_option("incident", status_ref, "Incident id, e.g. INC-42")->required();
  status_publish_cmd->add_option("--status", status_opts.status, "investigating (default), identified, monitoring")
      ->check(CLI::IsMember({"investigating", "identified", "monitoring", "resolved"}));
  add_text(status_publish_cmd);
  auto* status_update_cmd = status_cmd->add_subcommand("update", "Post a public update to a published incident");
  status_update_cmd->add_option("id", status_ref, "Status incident id (printed by publish)")->required();
  status_update_cmd->add_option("--status", status_opts.status, "investigating, identified, monitoring or resolved")
      ->check(CLI::IsMember({"investigating", "identified", "monitoring", "resolved"}))
      ->required();
  add_text(status_update_cmd);
  auto* status_resolve_cmd = status_cmd->add_subcommand("resolve", "Resolve a published incident");
  status_resolve_cmd->add_option("id", status_ref, "Status incident id")->required();
  status_resolve_cmd->add_option("--body", status_opts.body, "Public message (default: the runbook's resolved text)");
  auto* status_maint_cmd = status_cmd->add_subcommand("maintenance", "Schedule or cancel a maintenance window");
  status_maint_cmd->require_subcommand(1);
  auto* status_schedule_cmd = status_maint_cmd->add_subcommand("schedule", "Schedule a maintenance window");
  status_schedule_cmd->add_option("--title", status_opts.title, "Public title")->required();
  status_schedule_cmd->add_option("--body", status_opts.body, "Public message");
  status_schedule_cmd->add_option("--from", status_opts.from, "Start, RFC 3339")->required();
  auto* until_opt = status_schedule_cmd->add_option("--until", status_opts.until, "End, RFC 3339");
  status_schedule_cmd->add_option("--duration", status_opts.duration, "Length, e.g. 2h")->excludes(until_opt);
  status_schedule_cmd->add_option("--component", status_opts.components, "A component under maintenance (repeatable)");
  auto* status_cancel_cmd = status_maint_cmd->add_subcommand("cancel", "Cancel a maintenance window");
  status_cancel_cmd->add_option("id", status_ref, "Maintenance id")->required();
  auto* status_show_cmd = status_cmd->add_subcommand("show", "Show the public summary");
  // --server, --token and --json may follow the subcommand too.
  for (auto* sub : {status_draft_cmd, status_publish_cmd, status_update_cmd, status_resolve_cmd, status_maint_cmd,
                    status_schedule_cmd, status_cancel_cmd, status_show_cmd}) {
    sub->fallthrough();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (*serve_cmd) return klaxon::app::Serve(serve);
    if (*demo_cmd) return klaxon::demo::RunDemo(demo);
    if (*railway_cmd) return klaxon::demo::RunRailway(railway_sim, railway_cmd->remaining());
    if (*check_cmd) return klaxon::app::CheckConfig(check_path);
    if (*stats_cmd) return klaxon::cli::PrintStoreStats(stats_dir);
    if (*list_cmd) return klaxon::cli::ListIncidents(client, list);
    if (*show_cmd) return klaxon::cli::ShowIncident(client, id);
    if (*ack_cmd) return klaxon::cli::AckIncident(client, id);
    if (*escalate_cmd) return klaxon::cli::EscalateIncident(client, id);
    if (*resolve_cmd) return klaxon::cli::ResolveIncident(client, id, resolve);
    if (*update_cmd) return klaxon::cli::UpdateIncident(client, id, update);
    if (*lead_cmd) return klaxon::cli::AssignLead(client, id, lead);
    if (*actions_cmd) return klaxon::cli::ShowActions(client, id);
    if (*approve_cmd) return klaxon::cli::ActOnStep(client, id, step, "approve");
    if (*run_cmd) return klaxon::cli::ActOnStep(client, id, step, "run");
    if (*drill_cmd) return klaxon::cli::Drill(drill);
    if (*oncall_cmd) return klaxon::cli::ShowOnCall(client, oncall);
    if (*report_cmd) return klaxon::cli::Report(client, report_since);
    if (*token_create_cmd) return klaxon::cli::CreateToken(client, token_opts);
    if (*token_list_cmd) return klaxon::cli::ListTokens(client);
    if (*token_revoke_cmd) return klaxon::cli::RevokeToken(client, token_name);
    if (*status_draft_cmd) return klaxon::cli::StatusDraft(client, status_ref);
    if (*status_publish_cmd) return klaxon::cli::StatusPublish(client, status_ref, status_opts);
    if (*status_update_cmd) return klaxon::cli::StatusUpdate(client, status_ref, status_opts, false);
    if (*status_resolve_cmd) return klaxon::cli::StatusUpdate(client, status_ref, status_opts, true);
    if (*status_schedule_cmd) return klaxon::cli::StatusSchedule(client, status_opts);
    if (*status_cancel_cmd) return klaxon::cli::StatusCancel(client, status_ref);
    if (*status_show_cmd) return klaxon::cli::StatusShow(client);
    if (*pm_cmd) {
      if (pm_action_opt->count() > 0) pm.action = pm_action;
      if (pm_owner_opt->count() > 0) pm.owner = pm_owner;
      if (pm_due_opt->count() > 0) pm.due = pm_due;
      if (pm_status_opt->count() > 0) pm.status = pm_status;
      return klaxon::cli::Postmortem(client, pm_id, pm);
    }
  } catch (const std::exception& e) {
    std::cerr << "klaxon: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
