// The human-facing parts of a runbook: investigation steps, the resolution
// table and communication templates. Shown to responders; never executed.
#include "config/sections.h"

namespace klaxon::config {
namespace {

std::optional<StatusMessage> ParseStatusMessage(Reader& r, const Ref& ref) {
  MapReader m(r, ref, "status page message", {"title", "body"});
  if (!m.ok()) return std::nullopt;
  StatusMessage msg;
  m.Read("title", msg.title, Need::kRequired);
  m.Read("body", msg.body);
  return msg;
}

}  // namespace

void ParseInvestigation(Reader& r, const Ref& list, std::vector<Step>& out) {
  auto items = r.Items(list);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "investigation step", {"title", "run", "language", "checks", "hint"});
    if (!m.ok()) continue;
    Step step;
    m.Read("title", step.title, Need::kRequired);
    m.Read("run", step.run);
    if (const Ref* language = m.Get("language", Need::kOptional)) {
      if (auto t = r.Choice(*language, "language", {"bash", "sql", "ruby", "text"})) {
        step.language = t->value;
      }
    } else if (!step.run.empty()) {
      step.language = "bash";
    }
    m.Read("checks", step.checks);
    m.Read("hint", step.hint);
    out.push_back(std::move(step));
  }
}

void ParseResolution(Reader& r, const Ref& list, std::vector<ResolutionRow>& out) {
  auto items = r.Items(list);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "resolution row", {"cause", "action"});
    if (!m.ok()) continue;
    ResolutionRow row;
    m.Read("cause", row.cause, Need::kRequired);
    m.Read("action", row.action, Need::kRequired);
    out.push_back(std::move(row));
  }
}

void ParseCommunication(Reader& r, const Ref& map, Communication& out) {
  MapReader m(r, map, "communication", {"user_message", "status_page"});
  if (!m.ok()) return;
  m.Read("user_message", out.user_message);
  const Ref* page = m.Get("status_page", Need::kOptional);
  if (!page) return;
  MapReader p(r, *page, "status_page", {"investigating", "identified", "resolved"});
  if (!p.ok()) return;
  if (const Ref* ref = p.Get("investigating", Need::kOptional)) {
    out.investigating = ParseStatusMessage(r, *ref);
  }
  if (const Ref* ref = p.Get("identified", Need::kOptional)) {
    out.identified = ParseStatusMessage(r, *ref);
  }
  if (const Ref* ref = p.Get("resolved", Need::kOptional)) {
    out.resolved = ParseStatusMessage(r, *ref);
  }
}

}  // namespace klaxon::config
