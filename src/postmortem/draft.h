#pragma once
// The post-mortem draft: an incident and its own timeline rendered as
// Markdown through a Mustache template (templates/template.h). The default is
// the handbook's template (handbook.md.mustache, embedded in the binary);
// `postmortems.template` overrides it (templates::CheckSyntax checks it).
// docs/configuration.md lists the variables a template can use.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "incident/incident.h"
#include "postmortem/postmortem.h"

namespace klaxon::postmortem {

// The handbook's template, as shipped.
std::string_view HandbookTemplate();

struct DraftInput {
  incident::Incident incident;
  std::vector<incident::TimelineEntry> timeline;  // oldest first
  std::string id_prefix = "INC";
  std::string runbook_title;                      // "" without a runbook
  std::string author;                             // "" -> the template's "[Name]"
  std::optional<Record> record;                   // nullopt: not decided yet
  std::vector<ActionItem> action_items;
};

// Renders `input` through `template_text` (the handbook's when empty).
// kInvalidArgument when the template does not parse (config checks it first).
Result<std::string> Draft(const DraftInput& input, std::string_view template_text = {});

// "1 hour 5 minutes", "0 hours 42 minutes": the template's "X hours Y minutes".
std::string HoursAndMinutes(Duration d);

}  // namespace klaxon::postmortem
