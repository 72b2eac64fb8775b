#include "engine/remediation.h"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "core/log.h"
#include "remediate/environment.h"
#include "remediate/plan.h"

namespace klaxon::engine {
namespace {

namespace json = boost::json;
namespace kinds = incident::kinds;
using remediate::Next;

std::string CommandText(const config::Action& a) {
  if (a.type == "http") return fmt::format("{} {}", a.method, a.url.substr(0, a.url.find('?')));
  if (a.type == "sql") {
    std::string text = "SQL " + a.statement;
    for (size_t i = 0; i < a.params.size(); ++i) {
      text += fmt::format("{}${} = label {}", i ? ", " : " with ", i + 1, a.params[i]);
    }
    return text;
  }
  if (!a.shell.empty()) return "sh -c " + a.shell;
  std::string out;
  for (const auto& arg : a.argv) out += (out.empty() ? "" : " ") + arg;
  return out;
}

// The first lines of an output, for a Slack thread reply.
std::string Excerpt(std::string_view text, size_t max = 600) {
  std::string s(text.substr(0, max));
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (text.size() > max) s += " ...";
  return s;
}

std::string Quoted(std::string_view name) { return fmt::format("\"{}\"", name); }

}  // namespace

struct Remediation::Ctx {
  store::UnitOfWork& uow;
  IncidentWriter& writer;
  incident::Incident& inc;
  const config::Runbook* rb;
  Time now;
};

Remediation::Remediation(RemediationOptions options) : opt_(std::move(options)) {}

bool Remediation::DryRun(const config::Runbook& rb) const {
  return opt_.config->remediation.dry_run || rb.remediation.dry_run;
}

std::string Remediation::Ref(int64_t incident_id) const {
  return incident::DisplayId(opt_.config->incidents.id_prefix, incident_id);
}

Status Remediation::Line(Ctx& c, std::string_view kind, std::string text, std::string data,
                         std::string actor, std::string via) {
  incident::TimelineEntry line;
  line.incident_id = c.inc.id;
  line.at = c.now;
  line.kind = std::string(kind);
  line.actor = std::move(actor);
  line.via = std::move(via);
  line.text = std::move(text);
  line.data = std::move(data);
  return c.writer.AppendLine(line);
}

Status Remediation::Tell(Ctx& c, std::string summary, std::optional<incident::Status> status) {
  if (told_ && told_->inc != &c.inc) {
    if (auto st = FlushTold(); !st) return st;
  }
  if (!told_) told_ = Told{&c.inc, &c.writer, c.now, {}, {}};
  told_->lines.push_back(std::move(summary));
  if (status) told_->status = status;
  return {};
}

Status Remediation::FlushTold() {
  if (!told_) return {};
  Told t = std::move(*told_);
  told_.reset();
  if (!t.inc->IsOpen()) return {};
  std::string summary;
  for (const auto& line : t.lines) summary += (summary.empty() ? "" : "\n") + line;
  auto applied = t.writer->Apply(
      *t.inc,
      incident::PostUpdate{t.status, std::move(summary), t.inc->next_step, t.inc->eta, "klaxon",
                           "remediation", std::move(t.approval)},
      t.now);
  if (!applied) return Fail(applied.error());
  return {};
}

template <class Fn>
Status Remediation::Telling(Fn fn) {
  told_.reset();
  Status st = fn();
  if (!st) {
    told_.reset();
    return st;
  }
  return FlushTold();
}

Status Remediation::Opened(store::UnitOfWork& uow, IncidentWriter& writer,
                           incident::Incident& incident, const LabelSet& labels, Time now) {
  return Telling([&] { return DoOpened(uow, writer, incident, labels, now); });
}

Status Remediation::StepFinished(store::UnitOfWork& uow, IncidentWriter& writer,
                                 const remediate::StepResult& result, Time now) {
  return Telling([&] { return DoStepFinished(uow, writer, result, now); });
}

Status Remediation::TimerDue(store::UnitOfWork& uow, IncidentWriter& writer,
                             const store::Timer& timer, Time now) {
  return Telling([&] { return DoTimerDue(uow, writer, timer, now); });
}

Status Remediation::Approve(store::UnitOfWork& uow, IncidentWriter& writer,
                            incident::Incident& incident, int step, const Requester& who,
                            Time now) {
  return Telling([&] { return DoApprove(uow, writer, incident, step, who, now); });
}

Status Remediation::RunByHand(store::UnitOfWork& uow, IncidentWriter& writer,
                              incident::Incident& incident, int step, const Requester& who,
                              Time now) {
  return Telling([&] { return DoRunByHand(uow, writer, incident, step, who, now); });
}

Status Remediation::EnsureEscalating(Ctx& c) {
  if (!c.inc.IsOpen() || (c.inc.escalation && c.inc.escalation->due)) return {};
  auto applied = c.writer.Apply(c.inc, incident::EscalationStarted{true}, c.now);
  if (!applied) return Fail(applied.error());
  return {};
}

Status Remediation::Save(Ctx& c, store::RemediationRun& run, const remediate::Progress& p) {
  run.progress = remediate::Encode(p);
  return c.uow.UpdateRemediationRun(run);
}

Status Remediation::Finish(Ctx& c, store::RemediationRun& run, const remediate::Progress& p,
                           std::string outcome) {
  run.active = false;
  run.finished_at = c.now;
  run.outcome = std::move(outcome);
  return Save(c, run, p);
}

Status Remediation::StartStep(Ctx& c, int64_t run_id, size_t index, const config::Action& a,
                              std::string_view kind, const std::string& actor,
                              const std::string& via, const LabelSet& labels, bool dry_run) {
  std::string name = kind == kinds::kDiagnostic ? a.name : remediate::StepName(a, index);
  store::RemediationStepRecord rec;
  rec.run_id = run_id;
  rec.incident_id = c.inc.id;
  rec.step = static_cast<int>(index + 1);
  rec.kind = kind == kinds::kDiagnostic ? "diagnostic" : a.type;
  rec.name = name;
  rec.actor = actor;
  rec.via = via;
  rec.command = remediate::DescribeCommand(a);
  rec.started_at = c.now;
  rec.state = dry_run ? "dry_run" : "started";
  rec.result = dry_run ? R"({"dry_run":true})" : "{}";
  if (dry_run) rec.finished_at = c.now;
  if (auto st = c.uow.InsertRemediationStep(rec); !st) return st;
  json::object data{{"step", rec.step}, {"name", name}, {"row", rec.id},
                    {"command", json::parse(rec.command)}, {"dry_run", dry_run}};
  std::string line_kind(kind == kinds::kDiagnostic ? kinds::kDiagnostic : kinds::kRemediation);
  if (dry_run) {
    log::Info("remediation: {} dry run: would run {} ({})", Ref(c.inc.id), Quoted(name),
              CommandText(a));
    return Line(c, line_kind,
                fmt::format("Dry run: would run {}: {} (nothing executed)", Quoted(name),
                            CommandText(a)),
                json::serialize(data), actor, via);
  }
  remediate::EnvironmentInput env{labels, Ref(c.inc.id), c.rb ? c.rb->id : "", a.env};
  remediate::Job job{rec.id, c.inc.id, a, remediate::BuildEnvironment(env, opt_.inherit_env),
                     opt_.config->remediation.output_limit};
  for (const auto& name : a.params) {
    auto value = labels.Get(name);
    job.params.push_back(value ? std::optional<std::string>(*value) : std::nullopt);
  }
  jobs_.push_back(std::move(job));
  return Line(c, line_kind, fmt::format("Running {}: {}", Quoted(name), CommandText(a)),
              json::serialize(data), actor, via);
}

Status Remediation::DoOpened(store::UnitOfWork& uow, IncidentWriter& writer,
                           incident::Incident& inc, const LabelSet& labels, Time now) {
  if (!enabled()) return {};
  const config::Runbook* rb = opt_.config->FindRunbook(inc.runbook_id);
  if (!rb) return {};
  Ctx c{uow, writer, inc, rb, now};
  bool dry = DryRun(*rb);
  for (size_t i = 0; i < rb->investigation.size(); ++i) {
    const config::Step& step = rb->investigation[i];
    if (!step.auto_run || !step.command) continue;
    if (auto st = StartStep(c, 0, i, *step.command, kinds::kDiagnostic, "klaxon", "diagnostics",
                            labels, dry);
        !st) {
      return st;
    }
  }
  return StartRun(c, labels, "started");
}

Status Remediation::Refired(store::UnitOfWork& uow, IncidentWriter& writer,
                            incident::Incident& inc, const LabelSet& labels, Time now) {
  return Telling([&]() -> Status {
    if (!enabled()) return {};
    const config::Runbook* rb = opt_.config->FindRunbook(inc.runbook_id);
    if (!rb) return {};
    Ctx c{uow, writer, inc, rb, now};
    return StartRun(c, labels, "started again (the alert fired again after Monitoring)");
  });
}

Status Remediation::StartRun(Ctx& c, const LabelSet& labels, std::string_view why) {
  const config::Runbook* rb = c.rb;
  incident::Incident& inc = c.inc;
  store::UnitOfWork& uow = c.uow;
  IncidentWriter& writer = c.writer;
  Time now = c.now;
  bool dry = DryRun(*rb);
  if (!rb->auto_remediate || rb->actions.empty()) return {};

  std::string target = remediate::TargetKey(rb->id, rb->remediation.target, labels);
  auto held = uow.ActiveRemediationRun(target);
  if (!held) return Fail(held.error());
  if (*held) {
    store::RemediationRun other = **held;
    if (other.incident_id == inc.id) return {};  // re-opened while its run goes on
    auto owner = writer.Get(other.incident_id);
    if (owner && (*owner)->IsOpen()) {
      if (auto st = Line(c, kinds::kRemediation,
                         fmt::format("Remediation not started: {} is already remediating {}; "
                                     "escalating",
                                     Ref(other.incident_id), target),
                         json::serialize(json::object{{"target", target},
                                                      {"busy_with", Ref(other.incident_id)}}));
          !st) {
        return st;
      }
      return EnsureEscalating(c);
    }
    // Its incident is over: the run was left waiting; release the target.
    other.active = false;
    other.finished_at = now;
    other.outcome = "abandoned";
    if (auto st = uow.UpdateRemediationRun(other); !st) return st;
  }
  const config::RemediationBudget& budget = rb->remediation.budget;
  if (budget.runs > 0) {
    auto spent = uow.CountRemediationRuns(rb->id, remediate::BudgetWindowStart(budget, now));
    if (!spent) return Fail(spent.error());
    if (!remediate::WithinBudget(budget, *spent)) {
      std::string text = fmt::format(
          "Remediation budget exhausted ({} per {}: {} already run): no action taken; "
          "escalating",
          budget.runs, FormatDuration(budget.per), *spent);
      if (auto st = Line(c, kinds::kRemediation, text,
                         json::serialize(json::object{{"budget_exhausted", true},
                                                      {"runs", budget.runs},
                                                      {"spent", *spent}}));
          !st) {
        return st;
      }
      if (auto st = Tell(c, text); !st) return st;
      return EnsureEscalating(c);
    }
  }
  remediate::Progress p;
  p.dry_run = dry;
  p.labels = labels;
  store::RemediationRun run;
  run.incident_id = inc.id;
  run.runbook_id = rb->id;
  run.target_key = target;
  run.started_at = now;
  run.progress = remediate::Encode(p);
  if (auto st = uow.InsertRemediationRun(run); !st) return st;
  if (auto st = Line(c, kinds::kRemediation,
                     fmt::format("Remediation {}: {} step{} of runbook {} on {}{}", why,
                                 rb->actions.size(), rb->actions.size() == 1 ? "" : "s", rb->id,
                                 target, dry ? " (dry run: nothing is executed)" : ""),
                     json::serialize(json::object{{"run", run.id}, {"target", target},
                                                  {"dry_run", dry}}));
      !st) {
    return st;
  }
  return Advance(c, run, p, nullptr);
}

Status Remediation::Advance(Ctx& c, store::RemediationRun& run, remediate::Progress& p,
                            const Requester* approved_by) {
  const auto& actions = c.rb->actions;
  while (true) {
    if (!c.inc.IsOpen()) return Finish(c, run, p, "incident resolved");
    remediate::Decision d = remediate::Decide(actions, p.next, p.approved);
    if (d.next == Next::kFinished) {
      if (auto st = Line(c, kinds::kRemediation,
                         fmt::format("Remediation finished: {} step{} done", actions.size(),
                                     actions.size() == 1 ? "" : "s"));
          !st) {
        return st;
      }
      return Finish(c, run, p, "completed");
    }
    const config::Action& a = actions[d.index];
    std::string name = remediate::StepName(a, d.index);
    switch (d.next) {
      case Next::kRun: {
        std::string actor = approved_by ? approved_by->actor : p.actor;
        std::string via = approved_by ? approved_by->via : p.via;
        approved_by = nullptr;
        if (auto st = StartStep(c, run.id, d.index, a, a.type, actor, via, p.labels, p.dry_run);
            !st) {
          return st;
        }
        if (p.dry_run) {
          p.next = d.index + 1;
          continue;
        }
        p.running = d.index;
        return Save(c, run, p);
      }
      case Next::kAwaitApproval: {
        p.awaiting_approval = d.index;
        if (auto st = Save(c, run, p); !st) return st;
        std::string text = fmt::format(
            "Step {} {} waits for approval by {} or above: POST "
            "/api/v1/incidents/{}/actions/{}/approve",
            d.index + 1, Quoted(name), access::ToString(*a.requires_approval), Ref(c.inc.id),
            d.index + 1);
        if (auto st = Line(c, kinds::kRemediation, text,
                           json::serialize(json::object{{"step", d.index + 1},
                                                        {"awaiting_approval", true}}));
            !st) {
          return st;
        }
        if (auto st = Tell(c, text); !st) return st;
        told_->approval = incident::StepApproval{static_cast<int>(d.index + 1), name,
                                                 std::string(access::ToString(*a.requires_approval))};
        return EnsureEscalating(c);  // a human must act
      }
      case Next::kWait: {
        p.waiting = d.index;
        if (auto st = Save(c, run, p); !st) return st;
        store::Timer t{IncidentWriter::TimerKey(c.inc.id, kRemediationTimer),
                       std::string(kRemediationTimer), c.inc.id, c.now + a.wait,
                       json::serialize(json::object{{"run", run.id}, {"step", d.index}})};
        if (auto st = c.uow.PutTimer(t); !st) return st;
        timer_set_ = true;
        return Line(c, kinds::kRemediation,
                    fmt::format("Waiting {}, then re-checking", FormatDuration(a.wait)));
      }
      case Next::kEscalate: {
        std::string text = a.message.empty() ? fmt::format("Escalating (step {})", d.index + 1)
                                             : "Escalating: " + a.message;
        if (auto st = Line(c, kinds::kRemediation, text); !st) return st;
        if (auto st = EnsureEscalating(c); !st) return st;
        p.next = d.index + 1;
        continue;
      }
      case Next::kNotify: {
        if (auto st = Tell(c, a.message); !st) return st;
        p.next = d.index + 1;
        continue;
      }
      case Next::kSetStatus: {
        auto status = incident::ParseStatus(a.status);
        if (status == incident::Status::kResolved) {
          auto applied = c.writer.Apply(
              c.inc,
              incident::Resolve{fmt::format("Resolved by remediation step {}", d.index + 1),
                                "klaxon", "remediation"},
              c.now);
          if (!applied) return Fail(applied.error());
        } else if (status && *status != c.inc.status) {
          if (auto st = Tell(c, fmt::format("Remediation step {}: status {}", d.index + 1,
                                            incident::DisplayName(*status)),
                             status);
              !st) {
            return st;
          }
        }
        p.next = d.index + 1;
        continue;
      }
      case Next::kUnsupported:
      case Next::kFinished: {
        if (auto st = Line(c, kinds::kRemediation,
                           fmt::format("Step {} ({}) cannot run: {} steps are not supported "
                                       "yet; escalating",
                                       d.index + 1, a.type, a.type));
            !st) {
          return st;
        }
        if (auto st = Finish(c, run, p, "failed"); !st) return st;
        return EnsureEscalating(c);
      }
    }
  }
}

Status Remediation::DoStepFinished(store::UnitOfWork& uow, IncidentWriter& writer,
                                 const remediate::StepResult& r, Time now) {
  auto row = uow.GetRemediationStep(r.step_row);
  if (!row) return Fail(row.error());
  if (!*row || (*row)->state != "started") {
    log::Warn("remediation: result for step row {} that is not running; ignored", r.step_row);
    return {};
  }
  store::RemediationStepRecord rec = **row;
  rec.state = r.ok ? "succeeded" : r.timed_out ? "timed_out" : "failed";
  rec.finished_at = now;
  rec.result = remediate::ResultJson(r);
  if (auto st = uow.FinishRemediationStep(rec); !st) return st;
  auto inc = writer.Get(rec.incident_id);
  if (!inc) return Fail(inc.error());
  const config::Runbook* rb = opt_.config->FindRunbook((*inc)->runbook_id);
  Ctx c{uow, writer, **inc, rb, now};
  bool diagnostic = rec.kind == "diagnostic";
  std::string summary = remediate::Summarize(r);
  json::object data = json::parse(rec.result).as_object();
  data["step"] = rec.step;
  data["name"] = rec.name;
  data["row"] = rec.id;
  if (auto st = Line(c, diagnostic ? kinds::kDiagnostic : kinds::kRemediation,
                     fmt::format("{} {}: {}", diagnostic ? "Diagnostic" : "Step", Quoted(rec.name),
                                 summary),
                     json::serialize(data), rec.actor, rec.via);
      !st) {
    return st;
  }
  std::string told = diagnostic ? fmt::format("Diagnostic {}: {}", Quoted(rec.name), summary)
                                : fmt::format("Automated remediation tried {}: {}",
                                              Quoted(rec.name), summary);
  std::string output = r.tail.empty() ? r.head : r.head + "\n...\n" + r.tail;
  if (!output.empty()) told += "\n" + Excerpt(output);
  if (auto st = Tell(c, told); !st) return st;

  if (rec.run_id == 0 || !rb) return {};
  auto run = uow.GetRemediationRun(rec.run_id);
  if (!run) return Fail(run.error());
  if (!*run || !(*run)->active) return {};
  auto p = remediate::Decode((*run)->progress);
  if (!p) return Fail(p.error());
  if (p->running != static_cast<size_t>(rec.step - 1)) return {};
  p->running.reset();
  if (r.ok) {
    p->next = static_cast<size_t>(rec.step);
    return Advance(c, **run, *p, nullptr);
  }
  if (auto st = Line(c, kinds::kRemediation,
                     fmt::format("Remediation stopped: {} failed; escalating", Quoted(rec.name)));
      !st) {
    return st;
  }
  if (auto st = Finish(c, **run, *p, "failed"); !st) return st;
  return EnsureEscalating(c);
}

Status Remediation::DoTimerDue(store::UnitOfWork& uow, IncidentWriter& writer,
                             const store::Timer& timer, Time now) {
  boost::system::error_code ec;
  json::value v = json::parse(timer.payload, ec);
  if (ec || !v.is_object() || !v.as_object().contains("run")) return {};
  int64_t run_id = v.as_object().at("run").to_number<int64_t>();
  size_t step = static_cast<size_t>(v.as_object().at("step").to_number<int64_t>());
  auto run = uow.GetRemediationRun(run_id);
  if (!run) return Fail(run.error());
  if (!*run || !(*run)->active) return {};
  auto p = remediate::Decode((*run)->progress);
  if (!p) return Fail(p.error());
  if (p->waiting != step) return {};
  p->waiting.reset();
  auto inc = writer.Get((*run)->incident_id);
  if (!inc) return Fail(inc.error());
  const config::Runbook* rb = opt_.config->FindRunbook((*inc)->runbook_id);
  Ctx c{uow, writer, **inc, rb, now};
  if (!rb || step >= rb->actions.size()) return Finish(c, **run, *p, "configuration changed");
  if (!c.inc.IsOpen()) return Finish(c, **run, *p, "incident resolved");
  const config::Action& a = rb->actions[step];
  auto alerts = [](int64_t n, std::string_view other) {
    return fmt::format("{} {}alert{} firing", n, other, n == 1 ? "" : "s");
  };
  bool failing = c.inc.firing_alerts > 0;
  std::string why = alerts(c.inc.firing_alerts, "");
  // The wait began when the step before it finished: the timer was set then.
  Time since = timer.due_at - a.wait;
  if (auto probes = opt_.recheck ? opt_.recheck(c.inc, since) : std::nullopt) {
    int64_t others = std::max<int64_t>(0, c.inc.firing_alerts - probes->firing_alerts);
    failing = probes->failing || others > 0;
    why = probes->detail;
    if (others > 0) why += ", " + alerts(others, "other ");
  }
  std::string after = FormatDuration(a.wait);
  switch (remediate::Recheck(a, failing)) {
    case remediate::AfterRecheck::kRecovered: {
      std::string text =
          fmt::format("Re-check after {}: recovered ({}); remaining steps skipped", after, why);
      if (auto st = Line(c, kinds::kRemediation, text); !st) return st;
      if (auto st = Tell(c, "Automated remediation worked. " + text,
                         incident::Status::kMonitoring);
          !st) {
        return st;
      }
      return Finish(c, **run, *p, "recovered");
    }
    case remediate::AfterRecheck::kContinue: {
      if (auto st = Line(c, kinds::kRemediation,
                         fmt::format("Re-check after {}: still failing ({}); continuing", after,
                                     why));
          !st) {
        return st;
      }
      p->next = step + 1;
      return Advance(c, **run, *p, nullptr);
    }
    case remediate::AfterRecheck::kEscalate: {
      std::string text =
          fmt::format("Re-check after {}: still failing ({}); {}", after, why,
                      c.inc.ack ? fmt::format("acknowledged by {}: nobody is paged",
                                              c.inc.ack->by)
                                : std::string("escalating"));
      if (auto st = Line(c, kinds::kRemediation, text); !st) return st;
      if (auto st = Tell(c, "Automated remediation did not fix it. " + text); !st) return st;
      if (auto st = Finish(c, **run, *p, "failed"); !st) return st;
      return EnsureEscalating(c);
    }
  }
  return {};
}

Status Remediation::DoApprove(store::UnitOfWork& uow, IncidentWriter& writer,
                            incident::Incident& inc, int step, const Requester& who, Time now) {
  const config::Runbook* rb = opt_.config->FindRunbook(inc.runbook_id);
  auto run = uow.ActiveRemediationRunOf(inc.id);
  if (!run) return Fail(run.error());
  std::optional<remediate::Progress> p;
  if (*run) {
    auto decoded = remediate::Decode((*run)->progress);
    if (!decoded) return Fail(decoded.error());
    p = std::move(*decoded);
  }
  if (!rb || !p || step < 1 || p->awaiting_approval != static_cast<size_t>(step - 1)) {
    return Fail(ErrorCode::kConflict,
                fmt::format("step {} of {} is not waiting for an approval", step, Ref(inc.id)));
  }
  const config::Action& a = rb->actions[static_cast<size_t>(step - 1)];
  if (a.requires_approval && who.role < *a.requires_approval) {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("step {} needs an approval by {} or above",
                            step, access::ToString(*a.requires_approval)));
  }
  Ctx c{uow, writer, inc, rb, now};
  p->approved.insert(static_cast<size_t>(step - 1));
  p->awaiting_approval.reset();
  if (auto st = Line(c, kinds::kRemediation,
                     fmt::format("Step {} {} approved by {} via {}", step,
                                 Quoted(remediate::StepName(a, static_cast<size_t>(step - 1))),
                                 who.actor, who.via),
                     "{}", who.actor, who.via);
      !st) {
    return st;
  }
  return Advance(c, **run, *p, &who);
}

Status Remediation::DoRunByHand(store::UnitOfWork& uow, IncidentWriter& writer,
                              incident::Incident& inc, int step, const Requester& who, Time now) {
  if (!enabled()) return Fail(ErrorCode::kConflict, "remediation is not enabled");
  const config::Runbook* rb = opt_.config->FindRunbook(inc.runbook_id);
  if (!rb || step < 1 || static_cast<size_t>(step) > rb->actions.size()) {
    return Fail(ErrorCode::kNotFound, fmt::format("{} has no step {}", Ref(inc.id), step));
  }
  const config::Action& a = rb->actions[static_cast<size_t>(step - 1)];
  const remediate::KindInfo* kind = remediate::FindKind(a.type);
  if (!kind || !kind->external || !kind->runnable) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("step {} is a {} step; only exec, http and sql steps run by hand", step,
                            a.type));
  }
  access::Role need = std::max(access::Role::kEngineer,
                               a.requires_approval.value_or(access::Role::kEngineer));
  if (who.role < need) {
    return Fail(ErrorCode::kPermissionDenied,
                fmt::format("running step {} needs {} or above", step, access::ToString(need)));
  }
  auto run = uow.ActiveRemediationRunOf(inc.id);
  if (!run) return Fail(run.error());
  LabelSet labels = inc.group_labels;
  if (*run) {
    auto p = remediate::Decode((*run)->progress);
    if (!p) return Fail(p.error());
    if (p->awaiting_approval == static_cast<size_t>(step - 1)) {
      return DoApprove(uow, writer, inc, step, who, now);
    }
    labels = p->labels;
  }
  Ctx c{uow, writer, inc, rb, now};
  return StartStep(c, 0, static_cast<size_t>(step - 1), a, a.type, who.actor, who.via, labels,
                   DryRun(*rb));
}

Status Remediation::Recover(store::UnitOfWork& uow, IncidentWriter& writer, Time now) {
  auto open = uow.UnfinishedRemediationSteps();
  if (!open) return Fail(open.error());
  for (store::RemediationStepRecord rec : *open) {
    rec.state = "interrupted";
    rec.finished_at = now;
    rec.result = R"({"ok":false,"error":"interrupted: klaxon stopped while the step ran"})";
    if (auto st = uow.FinishRemediationStep(rec); !st) return st;
    auto inc = writer.Get(rec.incident_id);
    if (!inc) {
      if (inc.error().code == ErrorCode::kNotFound) continue;
      return Fail(inc.error());
    }
    const config::Runbook* rb = opt_.config->FindRunbook((*inc)->runbook_id);
    Ctx c{uow, writer, **inc, rb, now};
    std::string text = fmt::format(
        "{} {} was interrupted (klaxon stopped while it ran); not re-run automatically, as it "
        "may not be safe to repeat. Check its effect; run it by hand with POST "
        "/api/v1/incidents/{}/actions/{}/run",
        rec.kind == "diagnostic" ? "Diagnostic" : "Step", Quoted(rec.name), Ref(rec.incident_id),
        rec.step);
    if (auto st = Line(c, rec.kind == "diagnostic" ? kinds::kDiagnostic : kinds::kRemediation,
                       text, json::serialize(json::object{{"row", rec.id},
                                                          {"interrupted", true}}));
        !st) {
      return st;
    }
    if (rec.run_id == 0) continue;
    auto run = uow.GetRemediationRun(rec.run_id);
    if (!run) return Fail(run.error());
    if (!*run || !(*run)->active) continue;
    auto p = remediate::Decode((*run)->progress);
    if (!p) return Fail(p.error());
    p->running.reset();
    if (auto st = Finish(c, **run, *p, "interrupted"); !st) return st;
    if (auto st = EnsureEscalating(c); !st) return st;
  }
  return {};
}

}  // namespace klaxon::engine
