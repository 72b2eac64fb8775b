#pragma once
// The scenario player of `klaxon demo`: a scenario is a list of steps, each
// something the scenario does (break the simulated API, acknowledge as the
// on-call, ...) and the observable sign that the step happened (a Slack or
// PagerDuty message the stand-ins received, the incident's status or
// timeline through the API), looked for until a deadline. No step waits for
// a fixed time: the engine's own timers (holds, re-checks, quiet periods)
// run on the demo's scaled clock and the player only watches.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "cli/api_client.h"
#include "demo/cocopay.h"
#include "standins/pagerduty_standin.h"
#include "standins/slack_standin.h"

namespace klaxon::demo {

// What steps act on and observe. Borrowed pointers outlive the play.
struct Play {
  cli::ClientOptions oncall;  // who acknowledges and posts updates: the primary on-call,
                              // once Ack() has asked who that is (reads use it too)
  std::map<std::string, std::string> tokens;  // person id -> their API token
  cli::ClientOptions lead;    // the engineering lead (approvals)
  cli::ClientOptions ingest;  // the generic integration key (alerts)
  CocoPay* cocopay = nullptr;
  const standins::SlackStandin* slack = nullptr;
  const standins::PagerDutyStandin* pagerduty = nullptr;
  std::function<void(const std::string&)> print;  // thread-safe, to stdout
  const std::atomic<bool>* stopping = nullptr;  // set: give up now (Ctrl-C)
  std::string incident;  // "INC-1", once a step has seen it open
  std::string title;     // its title: its Slack message says "🔴 INCIDENT: <title>"

  // Observations; nullopt or empty when the server did not answer.
  std::optional<boost::json::value> Incident() const;
  std::vector<standins::SlackStandin::Message> Thread() const;  // the incident's top message first
  std::optional<standins::PagerDutyStandin::Event> PagerDuty(std::string_view action) const;
  bool TimelineHas(std::string_view text) const;
};

struct Step {
  std::string title;
  std::function<void(Play&)> act;  // optional: what the scenario does first
  // What shows the step happened: a short account of it, or nullopt (yet).
  std::function<std::optional<std::string>(Play&)> seen;
  std::chrono::seconds deadline{40};  // real time
};

struct Scenario {
  std::string id;       // "rb-001"
  std::string runbook;  // "RB-001"
  std::string title;
  std::string note;     // how the symptom reaches klaxon in the demo
  std::vector<Step> steps;
};

// Plays the steps in order, printing "▶ [i/n] <title>" before each and
// "✔ [i/n] <title>: <account>" when it is seen. Returns false (after
// printing "✘ ...") at the first step not seen within its deadline.
bool PlayScenario(const Scenario& scenario, Play& play);

}  // namespace klaxon::demo
