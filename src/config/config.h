#pragma once
// The typed, validated configuration. Produced only by config::Load (loader.h);
// once loaded it is immutable and shared read-only by every module.
// docs/configuration.md documents every key; examples/cocopay/klaxon.yaml
// encodes the CocoPay handbook with it.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/role.h"
#include "core/time.h"
#include "escalate/policy.h"
#include "notify/message_templates.h"
#include "oncall/schedule.h"
#include "postmortem/rules.h"
#include "probe/spec.h"
#include "rules/router.h"
#include "statuspage/statuspage.h"

namespace klaxon::config {

// Where a value came from, for messages about it after loading.
struct Origin {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

struct ServerSettings {
  std::string listen = "127.0.0.1:9099";
  std::string external_url;            // default: http://<listen>
  uint64_t body_limit = 1 << 20;       // bytes; larger requests get 413
  int max_alerts_per_request = 10000;  // more gets 413
  int ingest_queue_limit = 200000;     // alerts waiting for the engine before 429
  int http_threads = 0;                // 0: one per core
};

struct Severity {
  std::string id;           // "SEV1"
  std::string name;         // "Critical"
  std::string definition;   // "Complete outage, all users affected"
  Duration response_time{};  // acknowledgement deadline
  Duration update_every{};   // internal update cadence; default: response_time
  std::string escalation_policy;  // an EscalationPolicy id, or "" (nobody is paged)
  std::vector<std::string> examples;
  int rank = 0;             // 0 is the most severe; order of declaration
  Origin origin;
};

struct Service {
  std::string id;           // "api"
  std::string name;         // "API"
  std::string description;
  Origin origin;
};

// One step of a runbook's automated response. The fields used depend on type;
// the loader rejects fields that do not belong to the type.
struct Action {
  std::string name;                  // default: the type key written ("exec", "shell", ...)
  std::string type;                  // exec | http | sql | wait_and_recheck | escalate | notify | set_status
  std::vector<std::string> argv;     // exec: program and arguments, no shell
  std::string shell;                 // exec: explicit shell script, written in the config
  std::string method = "POST";       // http
  std::string url;                   // http
  std::map<std::string, std::string> headers;  // http
  std::string body;                  // http
  std::string dsn;                   // sql: a secret, from ${ENV}; never shown
  std::string statement;             // sql: exactly one statement
  // sql: label names whose values are bound as $1, $2, ... (a missing label
  // is NULL); the only way an alert's values reach a statement.
  std::vector<std::string> params;
  bool read_only = false;            // sql: in a READ ONLY transaction (diagnostics)
  Duration timeout{std::chrono::seconds(30)};
  Duration wait{};                   // wait_and_recheck
  std::string on_failure = "escalate";  // wait_and_recheck: escalate | continue
  std::string status;                // set_status
  std::string message;               // notify; escalate (optional note for the page)
  std::string description;
  // exec: extra environment for the process (values may be ${ENV}); the
  // alert's labels are added as KLAXON_LABEL_<name> by the runner.
  std::map<std::string, std::string> env;
  // The least role that may approve (and so run) this step; nullopt: the step
  // runs without approval. `requires_approval: true` means oncall.
  std::optional<access::Role> requires_approval;
  Origin origin;
};

// A manual investigation step: something a human (or, later, a diagnostic
// runner) does. `run` is shown verbatim; it is never executed from here.
// With `auto: true` it is an automated diagnostic: `command` (an exec or http
// action, or the bash `run` through the shell) runs when the incident opens.
struct Step {
  std::string title;
  std::string run;        // command or query text, if any
  std::string language;   // bash | sql | ruby | text; default bash when `run` is set
  std::vector<std::string> checks;  // sub-items ("Database: railway run ...")
  std::string hint;       // "If recent deploy, consider rollback"
  bool auto_run = false;  // `auto: true`: run `command` when the incident opens
  std::optional<Action> command;  // exec or http; set when auto_run
  Origin origin;
};

// A runbook's remediation budget: at most `runs` remediations started per
// `per` (a sliding window). runs == 0: unlimited.
struct RemediationBudget {
  int runs = 0;
  Duration per{};
};

// A runbook's `remediation` map: the safety rails of its automated actions.
struct RunbookRemediation {
  RemediationBudget budget;
  bool dry_run = false;  // log "would run ..." instead of running exec/http steps
  // Labels naming the target of a remediation; one remediation at a time per
  // (runbook, these labels' values).
  std::vector<std::string> target{"service"};
};

// The `remediation` section: settings of the remediation runner.
struct RemediationSettings {
  bool dry_run = false;        // every runbook: "would run ..." only
  int workers = 2;             // threads running exec/http steps
  uint64_t output_limit = 4096;  // bytes of output kept at each end (head, tail)
};

struct ResolutionRow {
  std::string cause;
  std::string action;
};

struct StatusMessage {
  std::string title;  // "Investigating issues with payments"
  std::string body;
};

struct Communication {
  std::string user_message;          // the runbook's "User Communication" text
  std::optional<StatusMessage> investigating;
  std::optional<StatusMessage> identified;
  std::optional<StatusMessage> resolved;
};

struct Runbook {
  std::string id;               // "RB-001"
  std::string title;            // "API Health Check Failing"
  std::string description;
  std::string service;          // a Service id, or ""
  std::vector<std::string> tags;  // e.g. "payments" (post-mortem rules use it)
  // match, severity, severity_rules, group_by. The loader sets runbook_id and
  // title, and group_by to incidents.group_by when the runbook has none.
  rules::RouteSpec route;
  std::vector<std::string> symptoms;
  bool auto_remediate = false;
  std::vector<Action> actions;
  RunbookRemediation remediation;
  std::vector<Step> investigation;
  std::vector<ResolutionRow> resolution;
  Communication communication;
  std::string escalation_policy;  // overrides the severity's; "" = the severity's
  // The runbook's own message templates (`messages`), over the global ones.
  notify::MessageTexts messages;
  Origin origin;
};

struct IncidentSettings {
  std::vector<std::string> group_by{"service"};
  Duration quiet_period{std::chrono::minutes(5)};    // Monitoring -> Resolved
  Duration reopen_window{std::chrono::minutes(30)};  // a resolved incident re-opens within this
  Duration resolve_timeout{std::chrono::minutes(5)}; // alerts without endsAt expire after this
  std::string id_prefix = "INC";
  // Alerts that match no runbook.
  std::string unmatched_title = "Unrouted alert";
  std::string unmatched_severity;  // default: the least severe level
};

// A person's own PagerDuty route: at most one of the two is set.
struct PagerDutyContact {
  std::string user;         // a PagerDuty user id, e.g. "PXPGF42"
  std::string routing_key;  // secret, from ${ENV}: the person's own Events API v2 key
  bool empty() const { return user.empty() && routing_key.empty(); }
};

// Who responds, and how klaxon reaches them directly (the contact routes:
// slack_user, pagerduty, email, webhook). Every route is optional; the loader
// checks each one's format and that `webhook` names a webhook channel.
struct Person {
  std::string id;        // "alice"
  std::string name;      // "Alice Example"
  std::string email;     // matches PagerDuty webhook agents; stored for e-mail later
  std::string slack_user;  // Slack user id: "U0123ABC" or "W0123ABC"; unique across people
  PagerDutyContact pagerduty;
  std::string webhook;   // a NotificationChannel id of type webhook, or ""
  std::string phone;
  access::Role role = access::Role::kEngineer;
  Origin origin;
};

// An inbound source of alerts and the secret it authenticates with.
struct Integration {
  std::string id;
  std::string type;      // alertmanager | pagerduty | generic | heartbeat
  std::string key;       // secret; bearer token, or routing key for pagerduty
  std::string description;
  Origin origin;
};

// An API credential (for the CLI, scripts and the dashboard).
struct ApiToken {
  std::string name;
  std::string token;     // secret
  access::Role role = access::Role::kViewer;
  std::string person;    // a Person id, or "" for a service token
  Origin origin;
};

// An on-call schedule. `spec` passes oncall::Validate: its zone exists and
// every participant and override person is a declared person.
struct Schedule {
  oncall::Schedule spec;  // id, name, zone, layers, overrides
  Origin origin;
};

// An escalation policy. `spec` passes escalate::Validate, and every schedule
// and person it names is declared.
struct EscalationPolicy {
  escalate::Policy spec;
  Origin origin;
};

// A probe (`probes`): klaxon's own check. `spec` is valid: its kind's keys
// are present and well-formed, thresholds name declared severities (most
// severe first), a heartbeat's integration is of type heartbeat.
struct Probe {
  probe::Spec spec;
  Origin origin;
  Origin integration_origin;  // heartbeat `integration`, when written
};

// `notifications`: where incident events are sent (docs/configuration.md).
struct RetryPolicy {
  Duration initial{std::chrono::seconds(1)};  // backoff cap of the first retry
  Duration max{std::chrono::minutes(5)};      // backoff cap never exceeds this
  Duration horizon{std::chrono::hours(1)};    // give up this long after enqueueing
};

struct NotificationChannel {
  std::string id;        // "slack-incidents"
  std::string type;      // slack | pagerduty | webhook
  // slack: either token (Web API) or webhook_url (incoming webhook).
  std::string token;         // secret, from ${ENV}
  std::string webhook_url;   // secret (the URL is the key), from ${ENV}
  std::string channel;       // "#incidents" or a channel ID; Web API only
  std::string api_url = "https://slack.com/api";  // Web API base
  // Verifies what Slack sends klaxon (buttons, /incident); "" = interactivity off.
  std::string signing_secret;  // secret, from ${ENV}
  // pagerduty
  std::string routing_key;   // secret, from ${ENV}
  std::string events_url = "https://events.pagerduty.com/v2/enqueue";
  // Verifies PagerDuty's v3 webhooks (acks and resolves made in PagerDuty);
  // "" = the webhook endpoint rejects everything from this channel.
  std::string webhook_secret;  // secret, from ${ENV}
  // webhook
  std::string url;
  std::string secret;        // secret, from ${ENV}; signs every request
  RetryPolicy retry;         // default: notifications.retry
  Origin origin;
};

// One routing rule. Every rule whose filters all match an event adds its
// channels; a matching rule with `stop` ends the walk (so a rule placed
// before the general ones overrides them for, say, one runbook).
struct NotificationRoute {
  std::vector<std::string> channels;    // channel ids (`notify:`)
  std::vector<std::string> severities;  // empty: any
  std::vector<std::string> runbooks;    // empty: any
  std::vector<std::string> events;      // `on:`, e.g. "opened"; empty: every event
  bool stop = false;
  Origin origin;
};

// `notifications.handoff`: the brief klaxon sends at every on-call handoff
// (the handbook's "brief next on-call on any active issues"): to `channels`,
// and, with `direct`, to the incoming person's own routes (a Slack DM through
// `dm_via`, their webhook channel).
struct HandoffSettings {
  std::vector<std::string> channels;   // `notify`: slack or webhook channel ids
  std::vector<std::string> schedules;  // empty: every schedule
  bool direct = true;
  // The slack channel (with a token) whose bot sends the DMs. Default: the
  // first such channel; "" when there is none.
  std::string dm_via;
  Origin origin;

  bool Covers(std::string_view schedule) const;
};

struct NotificationSettings {
  RetryPolicy retry;
  std::vector<NotificationChannel> channels;
  std::vector<NotificationRoute> routes;
  std::optional<HandoffSettings> handoff;  // nullopt: no handoff briefs

  const NotificationChannel* FindChannel(std::string_view id) const;
};

// `postmortems`: when a resolved incident needs a post-mortem, by when it is
// written, the template its draft is rendered with, and who is reminded of
// overdue post-mortems and due action items.
struct PostmortemSettings {
  std::vector<postmortem::Rule> required_when;  // empty: never required
  Duration write_within{std::chrono::days(5)};  // flagged as overdue after this
  // The Mustache template of the draft ("" = the handbook's, built in), from
  // `template` (inline) or `template_file`; checked by the loader.
  std::string template_text;
  std::vector<std::string> remind_channels;  // slack or webhook channel ids
  bool remind_owners = true;  // an action item's owner gets a Slack DM (their slack_user)
  std::string dm_via;         // the slack channel (with a token) whose bot sends DMs
  Origin origin;
};

// `status_page`: the public status page (docs/configuration.md). Its
// components are statuspage::Component values; page.url is `url`, else
// server.external_url + "/status" (set by the loader).
struct StatusPageSettings {
  statuspage::Page page;  // id (default "klaxon"), name (`title`, default "Status"), components
  std::string url;        // as written; "" when not set
  Origin origin;

  const statuspage::Component* FindComponent(std::string_view id) const;
};

struct Config {
  std::string source_file;  // the top-level file that was loaded
  ServerSettings server;
  std::vector<Severity> severities;   // most severe first
  std::vector<Service> services;
  IncidentSettings incidents;
  std::vector<Runbook> runbooks;
  std::vector<Person> people;
  std::vector<Integration> integrations;
  std::vector<ApiToken> api_tokens;
  std::vector<Schedule> schedules;
  std::vector<EscalationPolicy> escalation_policies;
  NotificationSettings notifications;
  std::vector<Probe> probes;
  RemediationSettings remediation;
  PostmortemSettings postmortems;
  // The `messages` section: templates replacing the handbook's wording for
  // every runbook (each checked by the loader).
  notify::MessageTexts messages;
  StatusPageSettings status_page;

  const Severity* FindSeverity(std::string_view id) const;
  const Runbook* FindRunbook(std::string_view id) const;
  const Person* FindPerson(std::string_view id) const;
  const Service* FindService(std::string_view id) const;
  const Schedule* FindSchedule(std::string_view id) const;
  const EscalationPolicy* FindEscalationPolicy(std::string_view id) const;
  const Probe* FindProbe(std::string_view id) const;
  // The policy an incident of this runbook ("" for none) and severity
  // escalates by: the runbook's own, else the severity's; nullptr for none.
  const EscalationPolicy* EscalationFor(std::string_view runbook_id,
                                        std::string_view severity_id) const;
  // The route table for rules::Router, in runbook order, and the fallback route.
  std::vector<rules::RouteSpec> Routes() const;
  rules::RouteSpec FallbackRoute() const;
  // The configured wording: the `messages` section over the handbook's, and
  // each runbook's own `messages` over both. What serve and the drill render
  // with, so both say the same.
  std::shared_ptr<const notify::MessageTemplates> Wording() const;
};

}  // namespace klaxon::config
