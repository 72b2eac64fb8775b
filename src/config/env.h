#pragma once
// Private to the config module: ${VAR} and ${VAR:-default} expansion.

#include <string>
#include <string_view>
#include <vector>

#include "config/loader.h"

namespace klaxon::config {

struct Expansion {
  std::string value;
  // Every variable referenced, in order of first use. Non-empty means the value
  // may hold a secret: callers must never print it.
  std::vector<std::string> vars;
  // Problems, naming variables only, never their values or defaults.
  std::vector<std::string> errors;
};

// Rules: "${NAME}" is replaced by the variable's value and is an error when
// the variable is unset; "${NAME:-text}" falls back to `text` (taken
// literally) when the variable is unset or empty; "$$" is a literal "$"; a "$"
// followed by anything else is kept as written. NAME is [A-Za-z_][A-Za-z0-9_]*.
// `env` may be empty, in which case every variable is unset.
Expansion ExpandEnv(std::string_view text, const EnvLookup& env);

}  // namespace klaxon::config
