#include "drill/checks.h"

#include <fmt/format.h>

#include "oncall/resolve.h"
#include "remediate/environment.h"
#include "remediate/process.h"
#include "remediate/step_runner.h"

namespace klaxon::drill {
namespace {

std::optional<Problem> CheckExec(const config::Runbook& rb, const config::Action& a,
                                 const std::string& what, const InheritEnv& inherit) {
  if (a.type != "exec") return std::nullopt;
  auto argv = remediate::ArgvOf(a);
  if (argv.empty()) return std::nullopt;
  remediate::EnvironmentInput in{{}, "INC-0", rb.id, a.env};
  auto env = remediate::BuildEnvironment(in, inherit);
  if (!remediate::FindProgram(argv[0], env).empty()) return std::nullopt;
  std::string path;
  for (const auto& e : env) {
    if (e.starts_with("PATH=")) path = e.substr(5);
  }
  std::string where = argv[0].find('/') == std::string::npos
                          ? fmt::format("not found in PATH {}", path)
                          : "not found or not executable";
  return Problem{true, fmt::format("{} {}: command `{}` {}", rb.id, what, argv[0], where)};
}

}  // namespace

std::vector<Problem> CheckCommands(const config::Runbook& rb, const InheritEnv& inherit) {
  std::vector<Problem> out;
  for (size_t i = 0; i < rb.actions.size(); ++i) {
    const auto& a = rb.actions[i];
    std::string what = fmt::format("action step {} \"{}\"", i + 1, a.name);
    if (auto p = CheckExec(rb, a, what, inherit)) out.push_back(std::move(*p));
  }
  for (size_t i = 0; i < rb.investigation.size(); ++i) {
    const auto& s = rb.investigation[i];
    if (!s.auto_run || !s.command) continue;
    std::string what = fmt::format("diagnostic {} \"{}\"", i + 1, s.title);
    if (auto p = CheckExec(rb, *s.command, what, inherit)) out.push_back(std::move(*p));
  }
  return out;
}

std::optional<Gap> GapAt(const config::Config& config, const std::string& schedule, Time t) {
  const config::Schedule* s = config.FindSchedule(schedule);
  if (!s) return std::nullopt;
  auto shift = oncall::OnCallAt(s->spec, t);
  if (!shift || !shift->person.empty()) return std::nullopt;
  Gap g;
  g.schedule = schedule;
  if (shift->start != oncall::kUnboundedStart) g.from = shift->start;
  if (shift->end != oncall::kUnboundedEnd) g.to = shift->end;
  return g;
}

std::string ContactOf(const config::Person& p) {
  std::vector<std::string> parts;
  if (!p.slack_user.empty()) parts.push_back("slack " + p.slack_user);
  if (!p.pagerduty.user.empty()) parts.push_back("pagerduty " + p.pagerduty.user);
  if (!p.pagerduty.routing_key.empty()) parts.push_back("pagerduty (own routing key)");
  if (!p.phone.empty()) parts.push_back("phone " + p.phone);
  if (!p.email.empty()) parts.push_back("email " + p.email);
  if (!p.webhook.empty()) parts.push_back("webhook " + p.webhook);
  std::string out;
  for (const auto& s : parts) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace klaxon::drill
