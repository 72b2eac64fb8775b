#pragma once
// `klaxon incidents ...`: a client of a running server's REST API.

#include <optional>
#include <string>

#include "cli/api_client.h"

namespace klaxon::cli {

struct ListOptions {
  std::string status = "open";
  std::string severity;
  std::string runbook;
  int limit = 50;
};

struct UpdateOptions {
  std::string status;
  std::string summary;
  std::string next;
  std::string eta;
};

// Each returns the process exit code: 0 ok, 1 the server refused (its reason
// is printed), 3 the server could not be reached.
int ListIncidents(const ClientOptions& c, const ListOptions& o);
int ShowIncident(const ClientOptions& c, const std::string& id);
int AckIncident(const ClientOptions& c, const std::string& id);
int EscalateIncident(const ClientOptions& c, const std::string& id);
// The resolve note: the root cause, and for the post-mortem what fixed it and the impact.
struct ResolveOptions {
  std::string root_cause;
  std::string resolution;
  std::string impact_users;
  std::string impact_payments;
  std::string impact_revenue;
};
int ResolveIncident(const ClientOptions& c, const std::string& id, const ResolveOptions& o);
int UpdateIncident(const ClientOptions& c, const std::string& id, const UpdateOptions& o);
// `person` "" unassigns.
int AssignLead(const ClientOptions& c, const std::string& id, const std::string& person);
// The runbook's steps and the audited remediation steps of an incident.
int ShowActions(const ClientOptions& c, const std::string& id);
// `what` is "approve" or "run"; `step` is 1-based.
int ActOnStep(const ClientOptions& c, const std::string& id, int step, const std::string& what);

}  // namespace klaxon::cli
