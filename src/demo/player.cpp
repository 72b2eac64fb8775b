#include "demo/player.h"

#include <thread>

#include <fmt/format.h>

namespace klaxon::demo {
namespace {

// How often a step looks again; a poll, not a pause: the step ends as soon
// as its sign is seen.
constexpr auto kLookAgain = std::chrono::milliseconds(100);

}  // namespace

std::optional<boost::json::value> Play::Incident() const {
  if (incident.empty()) return std::nullopt;
  auto a = cli::Call(oncall, "GET", "/api/v1/incidents/" + cli::Encode(incident));
  if (a.exit_code != 0) return std::nullopt;
  return a.body;
}

std::vector<standins::SlackStandin::Message> Play::Thread() const {
  std::vector<standins::SlackStandin::Message> out;
  if (incident.empty()) return out;
  auto messages = slack->Messages();
  for (const auto& m : messages) {
    std::string_view first = std::string_view(m.text).substr(0, m.text.find('\n'));
    if (m.thread_ts.empty() && first.ends_with(": " + title)) {
      out.push_back(m);
      break;
    }
  }
  if (out.empty()) return out;
  for (const auto& m : messages) {
    if (m.thread_ts == out.front().ts && m.channel == out.front().channel) out.push_back(m);
  }
  return out;
}

std::optional<standins::PagerDutyStandin::Event> Play::PagerDuty(std::string_view action) const {
  for (const auto& e : pagerduty->Events()) {
    if (e.dedup_key == incident && e.event_action == action) return e;
  }
  return std::nullopt;
}

bool Play::TimelineHas(std::string_view text) const {
  auto inc = Incident();
  if (!inc) return false;
  for (const auto& line : inc->at("timeline").as_array()) {
    const auto* t = line.as_object().if_contains("text");
    if (t && t->is_string() && std::string_view(t->get_string()).find(text) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool PlayScenario(const Scenario& scenario, Play& play) {
  size_t n = scenario.steps.size();
  play.print(fmt::format("\n=== Scenario {}: {} ({})\n", scenario.id, scenario.title, scenario.runbook));
  if (!scenario.note.empty()) play.print(fmt::format("    {}\n", scenario.note));
  for (size_t i = 0; i < n; ++i) {
    const Step& step = scenario.steps[i];
    play.print(fmt::format("\n▶ [{}/{}] {}\n", i + 1, n, step.title));
    if (step.act) step.act(play);
    auto deadline = std::chrono::steady_clock::now() + step.deadline;
    std::optional<std::string> seen;
    while (!(seen = step.seen(play))) {
      if (play.stopping && play.stopping->load()) return false;
      if (std::chrono::steady_clock::now() > deadline) {
        play.print(fmt::format("✘ [{}/{}] {}: not seen within {}s\n", i + 1, n, step.title,
                               step.deadline.count()));
        return false;
      }
      std::this_thread::sleep_for(kLookAgain);
    }
    play.print(fmt::format("✔ [{}/{}] {}: {}\n", i + 1, n, step.title, *seen));
  }
  play.print(fmt::format("\n=== Scenario {} complete: every step seen.\n", scenario.id));
  return true;
}

}  // namespace klaxon::demo
