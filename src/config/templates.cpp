// Mustache templates in the configuration (post-mortem drafts, messages):
// written inline or kept in a file of their own, checked here with their
// position, so a bad one never reaches a running klaxon.
#include <filesystem>

#include <fmt/format.h>

#include "config/sections.h"
#include "config/sources.h"

namespace klaxon::config {
namespace {

// A path is relative to the file that names it.
std::string Resolve(const std::string& config_file, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(config_file).parent_path() / p).lexically_normal().string();
}

// The problems of `text`, each with the message to report and where inside
// the template it is; empty when it is fine.
std::vector<std::pair<templates::Problem, std::string>> Problems(
    std::string_view text, std::string_view what, const std::vector<templates::Variable>* known) {
  std::vector<std::pair<templates::Problem, std::string>> out;
  if (auto p = templates::CheckSyntax(text)) {
    out.emplace_back(*p, fmt::format("{} does not parse: {}", what, p->message));
    return out;
  }
  if (!known) return out;
  for (auto& p : templates::CheckNames(text, *known)) {
    std::string message = fmt::format("{}: {}", what, p.message);
    out.emplace_back(std::move(p), std::move(message));
  }
  return out;
}

}  // namespace

std::optional<std::string> ReadInlineTemplate(Reader& r, const Ref& ref, std::string_view what,
                                              const std::vector<templates::Variable>* known) {
  auto text = r.String(ref);
  if (!text) return std::nullopt;
  auto problems = Problems(text->value, what, known);
  for (const auto& [p, message] : problems) {
    // The position inside a YAML scalar is not known; the template's own is.
    r.Error(ref.origin,
            fmt::format("{} (line {}, column {} of the template)", message, p.line, p.column));
  }
  if (!problems.empty()) return std::nullopt;
  return std::move(text->value);
}

std::optional<std::string> ReadTemplateFile(Reader& r, const Ref& ref, std::string_view key,
                                            std::string_view what,
                                            const std::vector<templates::Variable>* known) {
  if (ref.node.IsScalar() && ref.node.Scalar().find("${") != std::string::npos) {
    r.Error(ref.origin, fmt::format("{} is taken literally; ${{...}} is not expanded here", key));
    return std::nullopt;
  }
  auto path = r.String(ref);
  if (!path) return std::nullopt;
  std::string resolved = Resolve(r.file(), path->value);
  std::string why;
  auto text = ReadFileText(resolved, why);
  if (!text) {
    r.Error(path->origin, fmt::format("cannot read {} {}: {}", key, Quote(resolved), why));
    return std::nullopt;
  }
  auto problems = Problems(*text, what, known);
  for (const auto& [p, message] : problems) r.Error(Origin{resolved, p.line, p.column}, message);
  if (!problems.empty()) return std::nullopt;
  return text;
}

void ParseMessages(Reader& r, const Ref& map, std::string_view what, notify::MessageTexts& out) {
  std::vector<std::string> keys;
  for (notify::MessageKind kind : notify::kMessageKinds) keys.emplace_back(notify::ToString(kind));
  MapReader m(r, map, std::string(what), keys);
  if (!m.ok()) return;
  for (const Entry& e : m.entries()) {
    auto kind = notify::ParseMessageKind(e.key);
    if (!kind) continue;  // MapReader reported it
    std::string name = fmt::format("{}.{} template", what, e.key);
    const auto& known = notify::MessageVariables(*kind);
    std::optional<std::string> text;
    if (e.value.node.IsMap()) {
      MapReader file(r, e.value, fmt::format("{}.{}", what, e.key), {"file"});
      if (const Ref* path = file.ok() ? file.Get("file", Need::kRequired) : nullptr) {
        text = ReadTemplateFile(r, *path, "file", name, &known);
      }
    } else {
      text = ReadInlineTemplate(r, e.value, name, &known);
    }
    if (text) out[*kind] = std::move(*text);
  }
}

}  // namespace klaxon::config
