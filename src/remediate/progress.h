#pragma once
// Where one remediation run stands: store::RemediationRun::progress, as JSON
// owned by this module. Pure encoding; no I/O.

#include <optional>
#include <set>
#include <string>

#include "core/labels.h"
#include "core/result.h"

namespace klaxon::remediate {

struct Progress {
  size_t next = 0;                 // index of the next step to decide
  bool dry_run = false;            // fixed when the run starts
  std::string actor = "klaxon";    // who started it
  std::string via = "auto_remediate";
  LabelSet labels;                 // the alert's labels: the steps' environment
  std::set<size_t> approved;       // steps approved for this run
  std::optional<size_t> running;   // step handed to a worker
  std::optional<size_t> waiting;   // wait_and_recheck step whose timer is set
  std::optional<size_t> awaiting_approval;
};

std::string Encode(const Progress& p);
Result<Progress> Decode(std::string_view json);

}  // namespace klaxon::remediate
