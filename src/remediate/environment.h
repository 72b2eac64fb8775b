#pragma once
// The environment a remediation or diagnostic process gets. Values from the
// alert reach a process only here, as environment variables, never in its
// argv or shell string: KLAXON_LABEL_<name> (the label name with anything
// but letters, digits and '_' replaced by '_'), KLAXON_INCIDENT ("INC-42")
// and KLAXON_RUNBOOK. klaxon's own environment (which holds its secrets) is
// not inherited: only PATH, HOME, LANG, LC_ALL and TZ pass through, plus the
// step's configured `env`.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/labels.h"

namespace klaxon::remediate {

struct EnvironmentInput {
  LabelSet labels;                             // the alert's labels
  std::string incident;                        // "INC-42"
  std::string runbook;                         // "RB-001"
  std::map<std::string, std::string> configured;  // the step's `env`
};

// "KLAXON_LABEL_" + the sanitised name.
std::string LabelVariable(std::string_view label_name);

// "NAME=value" strings, sorted by name. `inherit` reads klaxon's own
// environment (getenv in production). Later sources win: inherited, then
// configured, then KLAXON_*.
std::vector<std::string> BuildEnvironment(
    const EnvironmentInput& in,
    const std::function<std::optional<std::string>(const std::string&)>& inherit);

}  // namespace klaxon::remediate
