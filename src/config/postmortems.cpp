// The `postmortems` section: the rules that require a post-mortem when an
// incident resolves (postmortem/rules.h), how long writing it may take, the
// draft's Mustache template (checked here, so a bad one never reaches a
// running klaxon), and where reminders go.
#include <fmt/format.h>

#include "config/sections.h"
#include "config/sources.h"

namespace klaxon::config {
namespace {

// A string or a list of strings, each an id of `kind`.
std::vector<std::string> OneOrMany(Reader& r, const Ref& ref, Catalog& catalog,
                                   std::optional<Kind> kind) {
  std::vector<std::string> out;
  auto one = [&](const Ref& item) {
    if (auto id = r.Id(item)) {
      if (kind) catalog.Refer(*kind, *id);
      out.push_back(id->value);
    }
  };
  if (ref.node.IsScalar()) {
    one(ref);
    return out;
  }
  if (auto items = r.Items(ref)) {
    for (const Ref& item : *items) one(item);
  }
  return out;
}

// "SEV2 longer than 30m", "affects payments": what the timeline says when
// a rule without a `reason` holds.
std::string DefaultReason(const postmortem::Rule& rule) {
  std::string s;
  for (const auto& sev : rule.severities) s += (s.empty() ? "" : " or ") + sev;
  if (rule.longer_than > Duration(0)) {
    s += (s.empty() ? "longer than " : " longer than ") + FormatDuration(rule.longer_than);
  }
  std::string affects;
  auto add = [&](const std::vector<std::string>& names, std::string_view prefix) {
    for (const auto& n : names) {
      affects += (affects.empty() ? "" : ", ") + std::string(prefix) + n;
    }
  };
  add(rule.services, "");
  add(rule.tags, "");
  add(rule.runbooks, "runbook ");
  if (!affects.empty()) s += (s.empty() ? "affects " : " affecting ") + affects;
  return s.empty() ? "every incident" : s;
}

std::optional<postmortem::Rule> ParseRule(Reader& r, const Ref& item, Catalog& catalog) {
  MapReader m(r, item, "post-mortem rule",
              {"reason", "severity", "longer_than", "services", "tags", "runbooks"});
  if (!m.ok()) return std::nullopt;
  postmortem::Rule rule;
  m.Read("reason", rule.reason);
  if (const Ref* sev = m.Find("severity")) rule.severities = OneOrMany(r, *sev, catalog, Kind::kSeverity);
  m.ReadDuration("longer_than", rule.longer_than, /*allow_zero=*/true);
  if (const Ref* s = m.Find("services")) rule.services = OneOrMany(r, *s, catalog, Kind::kService);
  if (const Ref* t = m.Find("tags")) rule.tags = OneOrMany(r, *t, catalog, std::nullopt);
  if (const Ref* b = m.Find("runbooks")) rule.runbooks = OneOrMany(r, *b, catalog, Kind::kRunbook);
  if (rule.reason.empty()) rule.reason = DefaultReason(rule);
  return rule;
}

}  // namespace

void ParsePostmortems(Reader& r, const Ref& section, Catalog& catalog, PostmortemSettings& out) {
  MapReader m(r, section, "postmortems",
              {"required_when", "write_within", "template", "template_file", "reminders"});
  if (!m.ok()) return;
  out.origin = m.origin();
  if (const Ref* rules = m.Find("required_when")) {
    if (auto items = r.Items(*rules)) {
      for (const Ref& item : *items) {
        if (auto rule = ParseRule(r, item, catalog)) out.required_when.push_back(std::move(*rule));
      }
    }
  }
  m.ReadDuration("write_within", out.write_within, /*allow_zero=*/false);
  const Ref* inline_template = m.Find("template");
  const Ref* file_template = m.Find("template_file");
  if (inline_template && file_template) {
    r.Error(file_template->origin, "set either \"template\" (inline) or \"template_file\", not both");
  } else if (inline_template) {
    if (auto text = ReadInlineTemplate(r, *inline_template, "post-mortem template", nullptr)) {
      out.template_text = std::move(*text);
    }
  } else if (file_template) {
    if (auto text = ReadTemplateFile(r, *file_template, "template_file", "post-mortem template",
                                     nullptr)) {
      out.template_text = std::move(*text);
    }
  }
  if (const Ref* reminders = m.Find("reminders")) {
    MapReader rm(r, *reminders, "postmortems.reminders", {"notify", "owners", "dm_via"});
    if (!rm.ok()) return;
    if (const Ref* notify = rm.Find("notify")) {
      if (auto items = r.Items(*notify)) {
        for (const Ref& item : *items) {
          if (auto id = r.Id(item)) {
            catalog.ReferTyped(Kind::kChannel, *id, {"slack", "slack incoming-webhook", "webhook"},
                               "post-mortem reminders go to slack or webhook channels (a "
                               "reminder is not a page)");
            out.remind_channels.push_back(id->value);
          }
        }
      }
    }
    rm.ReadBool("owners", out.remind_owners);
    if (auto via = rm.Id("dm_via")) {
      catalog.ReferTyped(Kind::kChannel, *via, {"slack"},
                         "dm_via names a slack channel with a token: its bot sends the direct "
                         "messages");
      out.dm_via = via->value;
    }
  }
}

void ResolvePostmortems(const Config& cfg, Diagnostics&, PostmortemSettings& out) {
  if (!out.dm_via.empty()) return;
  for (const auto& c : cfg.notifications.channels) {
    if (c.type == "slack" && !c.token.empty()) {
      out.dm_via = c.id;
      return;
    }
  }
}

}  // namespace klaxon::config
