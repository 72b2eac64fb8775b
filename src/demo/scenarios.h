#pragma once
// One scenario per runbook of the CocoPay handbook (examples/cocopay), each
// playing the handbook's flow for it: the symptom, the incident, 🔴
// INCIDENT in #incidents, the runbook's automated actions and re-checks as
// configured, the page, the on-call's acknowledgement and updates, the
// recovery, 🟢 RESOLVED and the post-mortem decision (with its draft when
// one is required). Symptoms the simulated CocoPay serves over HTTP (the
// API, its Prometheus figures, the Base RPC, the reserves balance) are
// broken in the simulation and found by klaxon's own probes; those of a
// database or Redis, which the demo does not run, arrive as the alert their
// monitoring would send (the ingest API), and the scenario says so.

#include <string>
#include <vector>

#include "demo/player.h"

namespace klaxon::demo {

// "rb-001" .. "rb-008", in order.
std::vector<std::string> ScenarioIds();
// nullopt for an unknown id.
std::optional<Scenario> FindScenario(const std::string& id);

}  // namespace klaxon::demo
