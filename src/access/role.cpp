#include "access/role.h"

namespace klaxon::access {

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "engineer") return Role::kEngineer;
  if (name == "oncall") return Role::kOnCall;
  if (name == "lead") return Role::kLead;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kViewer: return "viewer";
    case Role::kEngineer: return "engineer";
    case Role::kOnCall: return "oncall";
    case Role::kLead: return "lead";
    case Role::kAdmin: return "admin";
  }
  return "viewer";
}

}  // namespace klaxon::access
