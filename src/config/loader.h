#pragma once
// YAML -> Config. Every problem found is reported, not only the first, each as
// "file:line:column: message", and a config with any problem is not returned.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace klaxon::config {

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem is not tied to a position
  int column = 0;  // 1-based
  std::string message;  // never contains a secret value
  std::string ToString() const;  // "file:line:column: message"
};

// Looks up environment variables for ${VAR} and ${VAR:-default} references.
// Returns nullopt when the variable is unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

// Loads `path` and the files it includes (relative to the including file).
std::expected<Config, std::vector<Diagnostic>> LoadFile(const std::string& path,
                                                        const EnvLookup& env);
// Same, from text (for tests); `name` is used as the file name in diagnostics.
std::expected<Config, std::vector<Diagnostic>> LoadString(const std::string& text,
                                                          const std::string& name,
                                                          const EnvLookup& env);

}  // namespace klaxon::config
