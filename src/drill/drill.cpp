#include "drill/drill.h"

#include <stdlib.h>

#include <filesystem>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include "drill/capture.h"
#include "drill/scenario.h"
#include "engine/engine.h"
#include "notify/json_read.h"
#include "notify/outbox/sender.h"
#include "oncall/resolve.h"
#include "remediate/process.h"
#include "store/sqlite/sqlite_store.h"

namespace klaxon::drill {
namespace {

namespace json = boost::json;

// The drill's own directory for its store; removed with everything in it.
class ScratchDir {
 public:
  static Result<std::unique_ptr<ScratchDir>> Make(const std::string& base) {
    std::string root = base;
    if (root.empty()) {
      const char* t = std::getenv("TMPDIR");
      root = t && *t ? t : "/tmp";
    }
    std::string tmpl = root + "/klaxon-drill-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("cannot create a directory for the drill under {}", root));
    }
    return std::unique_ptr<ScratchDir>(new ScratchDir(tmpl));
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

constexpr auto Str = notify::StringField;
constexpr auto Int = notify::IntField;
std::vector<std::string> Strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return out;
  for (const auto& s : v->as_array()) {
    if (s.is_string()) out.emplace_back(s.as_string());
  }
  return out;
}

// The remediation step a "Running ..." line started, to label the job it dispatched.
struct StepLine {
  std::string kind;  // remediation | diagnostic
  int step = 0;
  std::string name;
};

// What the runner (remediate/step_runner.h) would answer for `job` if the
// step succeeded; a program that is not found fails as it would.
remediate::StepResult Simulated(const remediate::Job& job, const std::optional<std::string>& found) {
  remediate::StepResult r;
  r.step_row = job.step_row;
  r.incident_id = job.incident_id;
  r.ok = true;
  if (job.action.type == "exec") {
    if (!found) {
      auto argv = remediate::ArgvOf(job.action);
      r.ok = false;
      r.error = argv[0] + (argv[0].find('/') == std::string::npos
                               ? ": not found in PATH"
                               : ": not found or not executable");
      return r;
    }
    r.exit_code = 0;
  } else if (job.action.type == "http") {
    r.http_status = 200;
  } else {
    r.rows = 0;
    r.command_tag = "DRILL";
  }
  r.head = "(drill: captured, not run)";
  return r;
}

class Drill {
 public:
  Drill(const config::Config& cfg, const Options& o, store::Store& store, ManualClock& clock)
      : cfg_(cfg), opt_(o), store_(store), clock_(clock) {}

  Result<Report> Run(const config::Runbook& rb, ingest::Alert alert);

 private:
  Status Step();
  Status CollectLines();
  void OnLine(const incident::TimelineEntry& line);
  void OnJob(const remediate::Job& job);
  void Check(const config::Runbook& rb);

  const config::Config& cfg_;
  const Options& opt_;
  store::Store& store_;
  ManualClock& clock_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<notify::outbox::Sender> sender_;
  Captured captured_;
  std::vector<remediate::Job> jobs_;  // dispatched by the engine, not yet answered
  std::map<int64_t, StepLine> rows_;  // step row -> the line that started it
  int64_t incident_ = 0;
  int64_t last_seq_ = 0;
  Report report_;
};

Result<Report> Drill::Run(const config::Runbook& rb, ingest::Alert alert) {
  engine::Options eo;
  eo.config = &cfg_;
  eo.store = &store_;
  eo.clock = &clock_;
  eo.run_step = [this](remediate::Job job) { jobs_.push_back(std::move(job)); };
  eo.inherit_env = opt_.inherit_env;
  engine_ = std::make_unique<engine::Engine>(eo);

  std::vector<std::unique_ptr<CapturingChannel>> channels;
  notify::outbox::SenderOptions so;
  so.store = &store_;
  so.clock = &clock_;
  so.concurrency = 1;
  so.random = [] { return 0.0; };
  auto wording = cfg_.Wording();
  for (const auto& c : cfg_.notifications.channels) {
    channels.push_back(std::make_unique<CapturingChannel>(c, clock_, captured_, wording));
    so.channels.push_back({c.id, CapturingChannel::Label(c), channels.back().get(),
                           notify::outbox::RetryPolicy{c.retry.initial, c.retry.max,
                                                       c.retry.horizon}});
  }
  sender_ = std::make_unique<notify::outbox::Sender>(std::move(so));

  report_.runbook = rb.id;
  report_.title = rb.title;
  report_.start = clock_.Now();
  Entry fired;
  fired.kind = Entry::Kind::kAlert;
  fired.at = clock_.Now();
  fired.text = fmt::format("alert fires: {}", alert.labels.ToString());
  report_.entries.push_back(std::move(fired));

  // Answered inside the first RunPending, before its lines are collected.
  std::optional<Result<engine::IngestResult>> ingested;
  engine_->SubmitAlerts({std::move(alert)}, [&](Result<engine::IngestResult> r) {
    if (r && !r->alerts.empty()) incident_ = r->alerts[0].incident_id;
    ingested = std::move(r);
  });
  const Time end = clock_.Now() + opt_.horizon;
  for (int round = 0; round < 100000; ++round) {
    if (auto st = Step(); !st) return Fail(st.error());
    if (round == 0) {
      if (!ingested || !*ingested) {
        return Fail(ErrorCode::kInternal,
                    fmt::format("the drill's alert was not taken: {}",
                                ingested ? (*ingested).error().message : "no answer"));
      }
      if (incident_ == 0) return Fail(ErrorCode::kInternal, "the drill's alert opened no incident");
    }
    if (report_.exhausted) break;
    auto next = store_.NextDue();
    if (!next) return Fail(next.error());
    if (!*next) break;  // nothing more would happen
    if (**next > end) {
      clock_.Set(end);  // the horizon: what is due later is left out
      break;
    }
    clock_.Set(std::max(**next, clock_.Now() + Duration(1)));
  }
  report_.end = clock_.Now();
  auto detail = store_.GetIncidentDetail(incident_);
  if (detail && *detail) {
    report_.severity = (*detail)->incident.severity;
    report_.incident = incident::DisplayId(cfg_.incidents.id_prefix, incident_);
  }
  Check(rb);
  return std::move(report_);
}

// Everything due now: the engine's work, the steps it dispatched (answered at
// once), then the notifications it enqueued.
Status Drill::Step() {
  if (auto st = engine_->RunPending(); !st) return st;
  while (true) {
    if (auto st = CollectLines(); !st) return st;
    if (jobs_.empty()) break;
    for (auto& job : std::exchange(jobs_, {})) OnJob(job);
    if (auto st = engine_->RunPending(); !st) return st;
  }
  // The outbox hands out one row per incident and channel per pass.
  for (int pass = 0; pass < 1000; ++pass) {
    if (auto st = sender_->RunPending(); !st) return st;
    auto sent = captured_.Take();
    if (sent.empty()) break;
    for (auto& e : sent) report_.entries.push_back(std::move(e));
  }
  return {};
}

Status Drill::CollectLines() {
  if (incident_ == 0) return {};
  auto detail = store_.GetIncidentDetail(incident_);
  if (!detail) return Fail(detail.error());
  if (!*detail) return Fail(ErrorCode::kInternal, "the drill's incident vanished");
  for (const auto& line : (*detail)->timeline) {
    if (line.seq <= last_seq_) continue;
    last_seq_ = line.seq;
    OnLine(line);
  }
  return {};
}

void Drill::OnLine(const incident::TimelineEntry& line) {
  json::object data;
  if (auto v = json::parse(line.data); v.is_object()) data = v.as_object();
  Entry e;
  e.kind = Entry::Kind::kEngine;
  e.at = line.at;
  e.text = line.text;
  if (line.kind == incident::kinds::kEscalated) {
    e.kind = Entry::Kind::kPage;
    e.policy = Str(data, "policy");
    e.level = static_cast<int>(Int(data, "level"));
    e.pass = static_cast<int>(Int(data, "pass"));
    if (auto due = Str(data, "due"); !due.empty()) {
      if (auto t = ParseTimestamp(due)) e.deadline = *t;
    }
    const config::EscalationPolicy* policy = cfg_.FindEscalationPolicy(e.policy);
    std::vector<std::string> schedules;
    if (policy && e.level >= 1 && static_cast<size_t>(e.level) <= policy->spec.levels.size()) {
      schedules = policy->spec.levels[static_cast<size_t>(e.level - 1)].schedules;
    }
    for (const auto& id : Strings(data, "people")) {
      Paged p;
      p.id = id;
      if (const config::Person* person = cfg_.FindPerson(id)) {
        p.name = person->name;
        p.contact = ContactOf(*person);
      }
      for (const auto& s : schedules) {
        const config::Schedule* sched = cfg_.FindSchedule(s);
        if (!sched) continue;
        auto on = oncall::OnCallAt(sched->spec, line.at);
        if (on && on->person == id) {
          p.schedule = s;
          break;
        }
      }
      e.people.push_back(std::move(p));
    }
    for (const auto& s : Strings(data, "uncovered")) {
      if (auto gap = GapAt(cfg_, s, line.at)) {
        e.gaps.push_back(std::move(*gap));
      } else {
        e.gaps.push_back(Gap{s, line.at, std::nullopt});
      }
    }
  } else if (line.kind == incident::kinds::kEscalationExhausted) {
    report_.exhausted = true;
  } else if (line.kind == incident::kinds::kRemediation || line.kind == incident::kinds::kDiagnostic) {
    // A step handed to a worker: its line and its (simulated) result are
    // replaced by the run entry (OnJob), which says what would run.
    if (data.contains("row")) {
      const auto* dry = data.if_contains("dry_run");
      bool dry_run = dry && dry->is_bool() && dry->as_bool();
      if (!dry_run) {
        if (line.text.starts_with("Running ")) {
          rows_[Int(data, "row")] = {line.kind, static_cast<int>(Int(data, "step")),
                                     Str(data, "name")};
        }
        return;
      }
    }
  } else if (line.kind != incident::kinds::kOpened) {
    return;  // alert, status, update and delivery lines: the notifications show them
  }
  report_.entries.push_back(std::move(e));
}

void Drill::OnJob(const remediate::Job& job) {
  Entry e;
  e.kind = Entry::Kind::kRun;
  e.at = clock_.Now();
  e.step_kind = job.action.type;
  const StepLine& started = rows_[job.step_row];
  e.channel = started.kind;
  e.step = started.step;
  std::string name = started.name.empty() ? job.action.name : started.name;
  std::string command;
  if (job.action.type == "exec") {
    e.argv = remediate::ArgvOf(job.action);
    std::string found = remediate::FindProgram(e.argv[0], job.env);
    if (!found.empty()) e.found = found;
    for (const auto& a : e.argv) {
      bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`|&;<>()*?") == std::string::npos;
      command += (command.empty() ? "" : " ") + (plain ? a : "'" + a + "'");
    }
  } else if (job.action.type == "http") {
    std::string url = job.action.url.substr(0, job.action.url.find('?'));
    command = job.action.method + " " + url;
  } else {
    command = "sql: " + job.action.statement;
  }
  e.text = fmt::format("run {} {} {} \"{}\": {}", started.kind.empty() ? "step" : started.kind,
                       e.step, job.action.type, name, command);
  auto result = Simulated(job, e.found);
  report_.entries.push_back(std::move(e));
  engine_->SubmitStepResult(std::move(result));
}

void Drill::Check(const config::Runbook& rb) {
  bool paged = false;
  for (const auto& e : report_.entries) {
    if (e.kind != Entry::Kind::kPage) continue;
    paged = true;
    std::string gaps;
    for (const auto& g : e.gaps) {
      gaps += fmt::format("{}schedule `{}` has nobody on call from {} to {}",
                          gaps.empty() ? "" : "; ", g.schedule,
                          g.from ? FormatTimestamp(*g.from) : "its start",
                          g.to ? FormatTimestamp(*g.to) : "forever");
    }
    std::string where = fmt::format("{} {}: level {} of escalation policy `{}` at {}", rb.id,
                                    report_.severity, e.level, e.policy, FormatTimestamp(e.at));
    if (e.people.empty()) {
      report_.problems.push_back(
          {true, fmt::format("{} pages nobody{}{}", where, gaps.empty() ? "" : ": ", gaps)});
    } else if (!gaps.empty()) {
      report_.problems.push_back({false, fmt::format("{}: {}", where, gaps)});
    }
  }
  if (!paged) {
    bool has_policy = cfg_.EscalationFor(rb.id, report_.severity) != nullptr;
    report_.problems.push_back(
        {false, has_policy ? fmt::format("{} {}: nobody was paged within the drill's {}", rb.id,
                                         report_.severity, FormatDuration(opt_.horizon))
                           : fmt::format("{} {}: no escalation policy: nobody is ever paged",
                                         rb.id, report_.severity)});
  }
  bool notified = false;
  for (const auto& e : report_.entries) notified = notified || e.kind == Entry::Kind::kNotify;
  if (!notified) {
    report_.problems.push_back(
        {false, fmt::format("{} {}: no notification channel hears about it", rb.id,
                            report_.severity)});
  }
  for (auto& p : CheckCommands(rb, opt_.inherit_env)) report_.problems.push_back(std::move(p));
}

}  // namespace

bool Report::ok() const {
  for (const auto& p : problems) {
    if (p.error) return false;
  }
  return true;
}

Result<Report> Run(const config::Config& config, const Options& options) {
  const config::Runbook* rb = config.FindRunbook(options.runbook);
  if (!rb) {
    return Fail(ErrorCode::kNotFound, fmt::format("no runbook {} in the configuration", options.runbook));
  }
  auto alert = AlertFor(config, *rb, options.severity, options.labels, options.at);
  if (!alert) return Fail(alert.error());
  auto dir = ScratchDir::Make(options.temp_dir);
  if (!dir) return Fail(dir.error());
  store::sqlite::Options so;
  so.path = (*dir)->path() + "/drill.db";
  so.synchronous_full = false;
  auto store = store::sqlite::Open(so);
  if (!store) return Fail(store.error());
  ManualClock clock(options.at);
  Result<Report> report;
  {
    Drill drill(config, options, **store, clock);
    report = drill.Run(*rb, std::move(*alert));
  }
  store->reset();
  return report;
}

}  // namespace klaxon::drill
