// CheckNames: a scan of the tags of a template that parses, following the
// section nesting and delimiter changes as kainjow's parser does.
#include <fmt/format.h>

#include "templates/position.h"
#include "templates/template.h"

namespace klaxon::templates {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The names visible at one point: the innermost section's fields first.
class Scopes {
 public:
  explicit Scopes(const std::vector<Variable>& top) { stack_.push_back(&top); }

  // nullptr when `name` (dotted or not) names nothing visible; `why` says so.
  const Variable* Resolve(std::string_view name, std::string& why) const {
    std::vector<std::string_view> parts;
    for (size_t pos = 0;;) {
      size_t dot = name.find('.', pos);
      parts.push_back(name.substr(pos, dot == std::string_view::npos ? dot : dot - pos));
      if (dot == std::string_view::npos) break;
      pos = dot + 1;
    }
    const Variable* v = nullptr;
    for (auto it = stack_.rbegin(); it != stack_.rend() && !v; ++it) v = Find(**it, parts[0]);
    if (!v) {
      why = fmt::format("unknown variable \"{}\" (known here: {})", parts[0], Visible());
      return nullptr;
    }
    for (size_t i = 1; i < parts.size(); ++i) {
      const Variable* field = Find(v->fields, parts[i]);
      if (!field) {
        why = fmt::format("\"{}\" has no field \"{}\"", v->name, parts[i]);
        return nullptr;
      }
      v = field;
    }
    return v;
  }

  bool InSection() const { return stack_.size() > 1; }
  void Push(const std::vector<Variable>* fields) { stack_.push_back(fields); }
  void Pop() {
    if (stack_.size() > 1) stack_.pop_back();
  }

 private:
  static const Variable* Find(const std::vector<Variable>& names, std::string_view name) {
    for (const auto& v : names) {
      if (v.name == name) return &v;
    }
    return nullptr;
  }

  std::string Visible() const {
    std::string out;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      for (const auto& v : **it) out += (out.empty() ? "" : ", ") + v.name;
    }
    return out;
  }

  std::vector<const std::vector<Variable>*> stack_;
};

}  // namespace

std::vector<Problem> CheckNames(std::string_view text, const std::vector<Variable>& known) {
  static const std::vector<Variable> kNoFields;
  std::vector<Problem> out;
  Scopes scopes(known);
  std::string open = "{{", close = "}}";
  auto check = [&](std::string_view name, size_t at) -> const Variable* {
    if (name == ".") {
      if (!scopes.InSection()) out.push_back(ProblemAt(text, at, "{{.}} outside a section"));
      return nullptr;
    }
    std::string why;
    const Variable* v = scopes.Resolve(name, why);
    if (!v) out.push_back(ProblemAt(text, at, why));
    return v;
  };
  for (size_t pos = 0;;) {
    size_t at = text.find(open, pos);
    if (at == std::string_view::npos) break;
    bool triple = open == "{{" && text.substr(at, 3) == "{{{";
    size_t start = at + open.size() + (triple ? 1 : 0);
    std::string_view end_delimiter = triple ? std::string_view("}}}") : std::string_view(close);
    size_t end = text.find(end_delimiter, start);
    if (end == std::string_view::npos) break;  // CheckSyntax reports it
    pos = end + end_delimiter.size();
    std::string_view tag = Trim(text.substr(start, end - start));
    if (triple) {
      check(tag, at);
      continue;
    }
    if (tag.empty()) {
      out.push_back(ProblemAt(text, at, "empty tag"));
      continue;
    }
    std::string_view rest = Trim(tag.substr(1));
    switch (tag.front()) {
      case '=': {  // "=<% %>=": parses, so two delimiters separated by blanks
        std::string_view inner = Trim(tag.substr(1, tag.size() - 2));
        size_t space = inner.find_first_of(" \t");
        open = std::string(inner.substr(0, space));
        close = std::string(Trim(inner.substr(space)));
        break;
      }
      case '!': break;
      case '>': out.push_back(ProblemAt(text, at, "partials are not supported")); break;
      case '#':
      case '^': {
        const Variable* v = check(rest, at);
        scopes.Push(v ? &v->fields : &kNoFields);
        break;
      }
      case '/': scopes.Pop(); break;
      case '&': check(rest, at); break;
      default: check(tag, at); break;
    }
  }
  return out;
}

}  // namespace klaxon::templates
