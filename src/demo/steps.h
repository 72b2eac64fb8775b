#pragma once
// The steps scenarios are made of (demo/player.h). Each acts the way a
// person or a system would (the simulation breaking, monitoring sending an
// alert, the on-call through the REST API with the demo's tokens) and is
// seen through what klaxon shows: the incident and its timeline over the
// API, and what the Slack and PagerDuty stand-ins received.

#include <functional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "demo/cocopay.h"
#include "demo/player.h"

namespace klaxon::demo {

// ---- What the scenario does (then seen at once, or as stated)

// The simulation changed by `change`; `account` says what broke.
Step Break(std::string title, std::function<void(Faults&)> change, std::string account);
// A symptom the demo does not run: the alert the handbook's monitoring
// would send (POST /api/v1/alerts, the generic integration key), firing or
// resolved; seen once accepted.
Step Monitoring(std::string what, boost::json::object labels, std::string summary, bool firing = true);
// The primary on-call (asked of GET /api/v1/oncall) acknowledges with their
// token, and posts the updates from then on; seen on the incident.
Step Ack();
// The on-call posts the handbook's update; seen as 🟡 UPDATE in the thread.
Step Update(std::string status, std::string summary, std::string next, std::string eta);
// The engineering lead (Sam) approves remediation step `step`; seen on the timeline.
Step Approve(int step, std::string what);
// The simulation mended by `change` (a rollback, a fix, a top-up); seen
// when the incident is in Monitoring.
Step Recovers(std::string title, std::function<void(Faults&)> change);

// ---- What shows it happened

// The newest incident of `runbook`, at `severity`: it becomes Play::incident.
Step Opens(std::string title, std::string runbook, std::string severity);
Step SlackIncident();                                       // 🔴 INCIDENT
Step SlackReply(std::string title, std::string text);       // a reply holding `text`
Step Tried(std::string title, std::string action);          // "Automated remediation tried "<action>""
Step Restarted(std::string title, std::string action);      // the Railway restart ran, and Tried
Step Timeline(std::string title, std::string text);         // a timeline line holding `text`
Step PagedOnCall();                                         // escalation level paged
Step PagerDuty(std::string title, std::string action);      // a PagerDuty event for the incident
Step Status(std::string title, std::string status, std::function<void(Play&)> act = nullptr);
Step Resolved();                                            // resolved, 🟢 RESOLVED
Step Postmortem();  // the decision; a required one's draft is printed

// Appends the ending every scenario shares once the symptom is gone:
// Resolved(), Postmortem().
void Finish(std::vector<Step>& steps);
// A runbook without automated actions: the symptom, the incident, 🔴
// INCIDENT, the first level of the escalation policy paged, the on-call's
// acknowledgement and update, the recovery, and Finish.
Scenario ByHand(Scenario s, Step symptom, Step opens, Step update, Step recovers);

}  // namespace klaxon::demo
