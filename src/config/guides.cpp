// The human-facing parts of a runbook: investigation steps, the resolution
// table and communication templates. Shown to responders; only investigation
// steps marked `auto: true` are executed (as automated diagnostics, by the
// remediation runner), with the command they name.
#include <fmt/format.h>

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

// `auto: true` with a command: `exec`, `shell`, `http` or `sql` (as in
// actions), or else the step's bash `run`, through the shell. Diagnostics are
// read-only by intent; klaxon enforces it for sql (a READ ONLY transaction)
// and cannot for the others, so say it in the runbook.
void ParseDiagnostic(Reader& r, MapReader& m, Step& step) {
  m.ReadBool("auto", step.auto_run);
  const Entry* type = nullptr;
  for (const Entry& e : m.entries()) {
    if (e.key != "exec" && e.key != "shell" && e.key != "http" && e.key != "sql") continue;
    if (type) {
      r.Error(e.key_origin, "an investigation step runs one command: exec, shell, http or sql");
      return;
    }
    type = &e;
  }
  Action a;
  a.origin = m.origin();
  a.name = step.title;
  if (type) {
    ParseActionType(r, *type, a);
    a.read_only = a.type == "sql";
  } else if (step.auto_run && step.language == "bash" && !step.run.empty()) {
    a.type = "exec";
    a.shell = step.run;
  } else if (step.auto_run) {
    r.Error(m.Find("auto")->origin, "auto: true needs a command to run: exec, shell, http, sql, "
                                    "or a bash \"run\"");
    return;
  }
  if (const Ref* timeout = m.Get("timeout", Need::kOptional)) {
    if (auto d = r.DurationOf(*timeout, /*allow_zero=*/false)) a.timeout = *d;
  }
  if (const Ref* env = m.Get("env", Need::kOptional)) {
    if (a.type == "http" || a.type == "sql") {
      r.Error(env->origin, fmt::format("\"env\" applies to exec and shell commands, not {}",
                                       a.type));
    } else {
      ParseActionEnv(r, *env, a);
    }
  }
  if (type || step.auto_run) {
    if (!step.auto_run) {
      r.Error(type->key_origin, fmt::format("\"{}\" runs only with auto: true", type->key));
      return;
    }
    step.command = std::move(a);
  }
}

}  // namespace

void ParseInvestigation(Reader& r, const Ref& list, std::vector<Step>& out) {
  auto items = r.Items(list);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "investigation step",
                {"title", "run", "language", "checks", "hint", "auto", "exec", "shell", "http",
                 "sql", "timeout", "env"});
    if (!m.ok()) continue;
    Step step;
    step.origin = m.origin();
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
    ParseDiagnostic(r, m, step);
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
