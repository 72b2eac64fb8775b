#include "config/sources.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "config/nearest.h"
#include "config/yaml_documents.h"

namespace klaxon::config {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxFileBytes = 16 << 20;
constexpr size_t kMaxIncludeDepth = 16;

std::string CanonicalKey(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(path), ec);
  if (ec) return fs::path(path).lexically_normal().string();
  return p.string();
}

class SourceReader {
 public:
  SourceReader(const EnvLookup& env, Diagnostics& diagnostics, Sources& out)
      : env_(env), diagnostics_(diagnostics), out_(out) {}

  void Visit(const std::string& file, const std::string& text) {
    out_.files.push_back(file);
    stack_.push_back(file);
    keys_.push_back(CanonicalKey(file));
    VisitParsed(file, text);
    stack_.pop_back();
    keys_.pop_back();
  }

 private:
  void VisitParsed(const std::string& file, const std::string& text) {
    ParsedYaml parsed;
    try {
      parsed = ParseYaml(text);
    } catch (const YAML::ParserException& e) {
      Origin at{file, e.mark.is_null() ? 0 : e.mark.line + 1,
                e.mark.is_null() ? 0 : e.mark.column + 1};
      diagnostics_.Add(at, "YAML syntax error: " + e.msg);
      out_.complete = false;
      return;
    } catch (const YAML::Exception& e) {
      diagnostics_.Add(Origin{file, 0, 0}, "cannot parse YAML: " + e.msg);
      out_.complete = false;
      return;
    }
    Reader r(file, diagnostics_, env_);
    bool first_file = out_.files.size() == 1;
    if (parsed.stuck) {
      diagnostics_.Add(Origin{file, parsed.second.line + 1, parsed.second.column + 1},
                       "YAML syntax error: unexpected character");
      out_.complete = false;
      return;
    }
    if (parsed.documents == 0 || !parsed.root.IsDefined() || parsed.root.IsNull()) {
      return;  // empty, or only comments
    }
    if (parsed.documents > 1) {
      diagnostics_.Add(Origin{file, parsed.second.line + 1, parsed.second.column + 1},
                       "a configuration file holds one YAML document; move the rest after "
                       "\"---\" into an included file");
    }
    std::vector<YAML::Node> docs{parsed.root};
    Origin root_at = r.OriginOf(docs[0]);
    if (root_at.line == 0) root_at = Origin{file, 1, 1};
    if (first_file) out_.top = root_at;
    MapReader top(r, Ref{docs[0], root_at}, "the top level",
                  {"include", "server", "severities", "services", "incidents", "runbooks",
                   "people", "integrations", "api_tokens", "schedules", "escalation_policies",
                   "notifications", "probes", "remediation", "postmortems", "messages", "status_page"});
    if (!top.ok()) out_.complete = false;
    const Entry* include = nullptr;
    for (const Entry& e : top.entries()) {
      Section section{file, e.value, e.key_origin};
      if (e.key == "include") include = &e;
      else if (e.key == "server") SetOnce(out_.server, e, section);
      else if (e.key == "incidents") SetOnce(out_.incidents, e, section);
      else if (e.key == "notifications") SetOnce(out_.notifications, e, section);
      else if (e.key == "remediation") SetOnce(out_.remediation, e, section);
      else if (e.key == "postmortems") SetOnce(out_.postmortems, e, section);
      else if (e.key == "messages") SetOnce(out_.messages, e, section);
      else if (e.key == "status_page") SetOnce(out_.status_page, e, section);
      else if (e.key == "severities") out_.severities.push_back(section);
      else if (e.key == "services") out_.services.push_back(section);
      else if (e.key == "runbooks") out_.runbooks.push_back(section);
      else if (e.key == "people") out_.people.push_back(section);
      else if (e.key == "integrations") out_.integrations.push_back(section);
      else if (e.key == "api_tokens") out_.api_tokens.push_back(section);
      else if (e.key == "schedules") out_.schedules.push_back(section);
      else if (e.key == "escalation_policies") out_.escalation_policies.push_back(section);
      else if (e.key == "probes") out_.probes.push_back(section);
    }
    if (include) VisitIncludes(r, file, include->value);
  }

  void SetOnce(std::optional<Section>& slot, const Entry& e, const Section& section) {
    if (slot) {
      const Origin& first = slot->key;
      diagnostics_.Add(e.key_origin,
                       fmt::format("section {} is defined twice (first at {}:{}:{}); it may "
                                   "appear in only one file",
                                   Quote(e.key), first.file, first.line, first.column));
      return;
    }
    slot = section;
  }

  void VisitIncludes(Reader& r, const std::string& file, const Ref& list) {
    auto items = r.Items(list);
    if (!items) return;
    for (const Ref& item : *items) {
      if (!item.node.IsScalar()) {
        r.Error(item.origin, "expected a string, got " + KindOf(item.node));
        continue;
      }
      const std::string raw = item.node.Scalar();
      if (raw.empty()) {
        r.Error(item.origin, "include path must not be empty");
        continue;
      }
      if (raw.find("${") != std::string::npos) {
        r.Error(item.origin, "include paths are taken literally; ${...} is not expanded here");
        continue;
      }
      fs::path target = fs::path(raw).is_absolute() ? fs::path(raw)
                                                     : fs::path(file).parent_path() / raw;
      std::string child = target.lexically_normal().string();
      std::string key = CanonicalKey(child);
      if (auto it = std::find(keys_.begin(), keys_.end(), key); it != keys_.end()) {
        std::string chain;
        for (auto s = stack_.begin() + (it - keys_.begin()); s != stack_.end(); ++s) {
          chain += *s + " -> ";
        }
        r.Error(item.origin, "include cycle: " + chain + child);
        continue;
      }
      if (auto seen = included_.find(key); seen != included_.end()) {
        const Origin& o = seen->second;
        r.Error(item.origin, fmt::format("{} is already included (at {}:{}:{}); include a file "
                                         "only once",
                                         Quote(child), o.file, o.line, o.column));
        continue;
      }
      if (stack_.size() >= kMaxIncludeDepth) {
        r.Error(item.origin,
                fmt::format("includes are nested more than {} deep", kMaxIncludeDepth));
        continue;
      }
      included_.emplace(key, item.origin);
      std::string why;
      auto text = ReadFileText(child, why);
      if (!text) {
        r.Error(item.origin, fmt::format("cannot read included file {}: {}", Quote(child), why));
        out_.complete = false;
        continue;
      }
      Visit(child, *text);
    }
  }

  const EnvLookup& env_;
  Diagnostics& diagnostics_;
  Sources& out_;
  std::vector<std::string> stack_;  // files being read, outermost first
  std::vector<std::string> keys_;   // their canonical paths
  std::map<std::string, Origin> included_;
};

}  // namespace

std::optional<std::string> ReadFileText(const std::string& path, std::string& why) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    why = "is a directory";
    return std::nullopt;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    why = std::strerror(errno);
    if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
    return std::nullopt;
  }
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out.append(buf, n);
    if (out.size() > kMaxFileBytes) {
      std::fclose(f);
      why = "file is larger than 16 MiB";
      return std::nullopt;
    }
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    why = "read error";
    return std::nullopt;
  }
  return out;
}

Sources ReadSources(const std::string& text, const std::string& name, const EnvLookup& env,
                    Diagnostics& diagnostics) {
  Sources out;
  out.top = Origin{name, 1, 1};
  SourceReader reader(env, diagnostics, out);
  reader.Visit(name, text);
  return out;
}

}  // namespace klaxon::config
