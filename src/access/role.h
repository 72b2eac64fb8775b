#pragma once
// Roles follow the handbook's Tools table, each including the ones before it:
// viewer < engineer (ack, update, remediate) < oncall < lead (status page,
// severity) < admin (configuration, tokens).

#include <optional>
#include <string_view>

namespace klaxon::access {

enum class Role { kViewer = 0, kEngineer = 1, kOnCall = 2, kLead = 3, kAdmin = 4 };

std::optional<Role> ParseRole(std::string_view name);
std::string_view ToString(Role role);
inline bool Allows(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }

}  // namespace klaxon::access
