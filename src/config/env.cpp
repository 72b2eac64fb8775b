#include "config/env.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace klaxon::config {
namespace {

bool IsValidVarName(std::string_view name) {
  if (name.empty()) return false;
  auto head = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!head(name[0])) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Expansion ExpandEnv(std::string_view text, const EnvLookup& env) {
  Expansion out;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '$' || i + 1 >= text.size()) {
      out.value += c;
      ++i;
      continue;
    }
    char next = text[i + 1];
    if (next == '$') {
      out.value += '$';
      i += 2;
      continue;
    }
    if (next != '{') {
      out.value += c;
      ++i;
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      out.errors.push_back("unterminated \"${\" (write $$ for a literal $)");
      return out;
    }
    std::string_view inside = text.substr(i + 2, close - i - 2);
    std::string_view name = inside;
    std::string_view fallback;
    bool has_default = false;
    if (size_t sep = inside.find(":-"); sep != std::string_view::npos) {
      name = inside.substr(0, sep);
      fallback = inside.substr(sep + 2);
      has_default = true;
    }
    i = close + 1;
    if (!IsValidVarName(name)) {
      out.errors.push_back(fmt::format(
          "invalid environment variable reference \"${{{}}}\": names are letters, digits and _",
          name.substr(0, 64)));
      continue;
    }
    std::string var(name);
    if (std::find(out.vars.begin(), out.vars.end(), var) == out.vars.end()) out.vars.push_back(var);
    std::optional<std::string> value;
    if (env) value = env(var);
    if (value && !(has_default && value->empty())) {
      out.value += *value;
    } else if (has_default) {
      out.value += fallback;
    } else {
      out.errors.push_back(fmt::format("environment variable {} is not set", var));
    }
  }
  return out;
}

}  // namespace klaxon::config
