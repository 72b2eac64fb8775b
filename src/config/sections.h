#pragma once
// Private to the config module: one parser per top-level section. Each takes
// one occurrence of its section (list sections may occur once per file and
// are appended in load order), reports problems into the reader, records ids
// and references in the catalog, and always appends what it could read, so
// that later checks still run. A config with any diagnostic is discarded.

#include <cstddef>
#include <optional>
#include <vector>

#include "config/catalog.h"
#include "config/config.h"
#include "config/reader.h"
#include "notify/message_templates.h"
#include "templates/template.h"

namespace klaxon::config {

void ParseServer(Reader& reader, const Ref& section, ServerSettings& out);
void ParseSeverities(Reader& reader, const Ref& section, Catalog& catalog,
                     std::vector<Severity>& out);
void ParseServices(Reader& reader, const Ref& section, Catalog& catalog,
                   std::vector<Service>& out);
void ParseIncidents(Reader& reader, const Ref& section, Catalog& catalog, IncidentSettings& out);

// `inherits_group_by` receives the index (in `out`) of each runbook without
// its own group_by; it gets incidents.group_by once every file is read.
void ParseRunbooks(Reader& reader, const Ref& section, Catalog& catalog,
                   std::vector<Runbook>& out, std::vector<size_t>& inherits_group_by);
std::optional<Action> ParseAction(Reader& reader, const Ref& item);
// Reads one action type key (`exec`, `shell`, `http`, ...) and its value into `a`.
void ParseActionType(Reader& reader, const Entry& type, Action& a);
// An exec or shell action's `env` map.
void ParseActionEnv(Reader& reader, const Ref& value, Action& a);
void ParseRunbookRemediation(Reader& reader, const Ref& map, RunbookRemediation& out);
void ParseRemediation(Reader& reader, const Ref& section, RemediationSettings& out);
void ParseInvestigation(Reader& reader, const Ref& list, std::vector<Step>& out);
void ParseResolution(Reader& reader, const Ref& list, std::vector<ResolutionRow>& out);
void ParseCommunication(Reader& reader, const Ref& map, Communication& out);

// The role names access::ParseRole accepts, least privileged first.
const std::vector<std::string>& RoleNames();

void ParsePeople(Reader& reader, const Ref& section, Catalog& catalog, std::vector<Person>& out);
void ParseIntegrations(Reader& reader, const Ref& section, Catalog& catalog,
                       std::vector<Integration>& out);
void ParseApiTokens(Reader& reader, const Ref& section, Catalog& catalog,
                    std::vector<ApiToken>& out);
void ParseNotifications(Reader& reader, const Ref& section, Catalog& catalog,
                        NotificationSettings& out);
// Once every section is read: defaults dm_via to the first slack channel
// with a token, and reports direct briefs that could not reach a briefed
// person's Slack user.
void ResolveHandoff(const Config& cfg, Diagnostics& diagnostics, HandoffSettings& handoff);
void ParseSchedules(Reader& reader, const Ref& section, Catalog& catalog,
                    std::vector<Schedule>& out);
void ParseEscalationPolicies(Reader& reader, const Ref& section, Catalog& catalog,
                             std::vector<EscalationPolicy>& out);
void ParseProbes(Reader& reader, const Ref& section, Catalog& catalog, std::vector<Probe>& out);
void ParsePostmortems(Reader& reader, const Ref& section, Catalog& catalog,
                      PostmortemSettings& out);
void ParseStatusPage(Reader& reader, const Ref& section, Catalog& catalog, StatusPageSettings& out);
// Once every section is read: defaults dm_via to the first slack channel
// with a token, and reports owner reminders that could not be sent.
void ResolvePostmortems(const Config& cfg, Diagnostics& diagnostics, PostmortemSettings& out);
// A Mustache template written in the file (a string), or read from a file
// named by `ref` (relative to the file naming it; ${...} not expanded; `key`
// names the setting in messages about the file). Each
// is checked: it parses and, given `known`, uses only those names; problems
// are reported (an inline one at the value, with its line and column inside
// the template; a file's at file:line:column) under `what` ("post-mortem
// template"). nullopt after a problem.
std::optional<std::string> ReadInlineTemplate(Reader& reader, const Ref& ref, std::string_view what,
                                              const std::vector<templates::Variable>* known);
std::optional<std::string> ReadTemplateFile(Reader& reader, const Ref& ref, std::string_view key,
                                            std::string_view what,
                                            const std::vector<templates::Variable>* known);
// A `messages` map (the top-level section, or a runbook's key): per message
// kind, a template inline or as {file: path}. `what` names the map in
// messages ("messages", "runbook RB-002 messages").
void ParseMessages(Reader& reader, const Ref& map, std::string_view what, notify::MessageTexts& out);
// Once every section is read: orders each probe's thresholds most severe
// first and checks that a heartbeat's integration is of type heartbeat.
void FinishProbes(Diagnostics& diagnostics, Config& cfg);

}  // namespace klaxon::config
