#include "templates/template.h"

#include <cctype>
#include <charconv>
#include <regex>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "templates/position.h"

namespace klaxon::templates {
namespace {

namespace mustache = kainjow::mustache;

// A line that is one section tag or comment and nothing else (besides
// blanks): the tag without the blanks; nullopt otherwise.
std::optional<std::string_view> StandaloneTag(std::string_view line) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!line.empty() && blank(line.front())) line.remove_prefix(1);
  while (!line.empty() && blank(line.back())) line.remove_suffix(1);
  if (!line.starts_with("{{") || line.starts_with("{{{") || !line.ends_with("}}")) return {};
  std::string_view inner = line.substr(2, line.size() - 4);
  if (inner.find("{{") != std::string_view::npos || inner.find("}}") != std::string_view::npos) {
    return {};
  }
  while (!inner.empty() && blank(inner.front())) inner.remove_prefix(1);
  if (inner.empty() || std::string_view("#^/!").find(inner.front()) == std::string_view::npos) {
    return {};
  }
  return line;
}

// Marks where a standalone line was taken out; removed from the output. It
// keeps kainjow from dropping the line the tag now sits on (kainjow drops a
// line whose output is blank once a section rendered on it).
constexpr char kJoin = '\x1e';

std::string WithoutJoins(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != kJoin) out += c;
  }
  return out;
}

// Standalone section and comment lines joined to what follows, so they leave
// nothing behind (see template.h). Templates that change their delimiters
// are left to kainjow as written.
std::string JoinStandaloneLines(std::string_view text) {
  if (text.find("{{=") != std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    bool last = end == std::string_view::npos;
    std::string_view line = text.substr(pos, last ? std::string_view::npos : end - pos);
    if (auto tag = StandaloneTag(line)) {
      out += *tag;
      out += kJoin;
    } else {
      out += line;
      if (!last) out += '\n';
    }
    if (last) break;
    pos = end + 1;
  }
  return out;
}

mustache::data Convert(const Data& data, const Escape& escape) {
  mustache::data out;
  for (const Data::Entry& e : data.entries()) {
    using Kind = Data::Entry::Kind;
    switch (e.kind) {
      case Kind::kText:
      case Kind::kMarkup:
        if (e.text.empty()) {
          out.set(e.name, mustache::data::type::bool_false);
        } else {
          out.set(e.name, WithoutJoins(e.kind == Kind::kText ? escape(e.text) : e.text));
        }
        break;
      case Kind::kFlag:
        out.set(e.name, e.flag ? mustache::data::type::bool_true : mustache::data::type::bool_false);
        break;
      case Kind::kSection:
        out.set(e.name, Convert(e.items.front(), escape));
        break;
      case Kind::kList: {
        mustache::data list{mustache::data::type::list};
        for (const Data& item : e.items) list << Convert(item, escape);
        out.set(e.name, list);
        break;
      }
    }
  }
  return out;
}

std::string Verbatim(const std::string& s) { return s; }

}  // namespace

Problem ProblemAt(std::string_view text, size_t offset, std::string message) {
  Problem p;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  p.message = std::move(message);
  return p;
}

std::optional<Problem> CheckSyntax(std::string_view text) {
  mustache::mustache tmpl{std::string(text)};
  if (tmpl.is_valid()) return std::nullopt;
  // kainjow reports e.g. `Unclosed section "x" at 42` (a byte offset).
  std::string message = tmpl.error_message();
  size_t offset = 0;
  static const std::regex kAt(R"((.*) at (\d+)$)");
  std::smatch m;
  if (std::regex_match(message, m, kAt)) {
    const std::string digits = m[2].str();
    std::from_chars(digits.data(), digits.data() + digits.size(), offset);
    message = m[1].str();
  }
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
  return ProblemAt(text, offset, std::move(message));
}

Data& Data::Put(Entry entry) {
  for (Entry& e : entries_) {
    if (e.name == entry.name) {
      e = std::move(entry);
      return *this;
    }
  }
  entries_.push_back(std::move(entry));
  return *this;
}

Data& Data::Text(std::string name, std::string value) {
  return Put(Entry{std::move(name), Entry::Kind::kText, std::move(value), false, {}});
}

Data& Data::Markup(std::string name, std::string value) {
  return Put(Entry{std::move(name), Entry::Kind::kMarkup, std::move(value), false, {}});
}

Data& Data::Flag(std::string name, bool value) {
  return Put(Entry{std::move(name), Entry::Kind::kFlag, {}, value, {}});
}

Data& Data::Section(std::string name, Data value) {
  std::vector<Data> items;
  items.push_back(std::move(value));
  return Put(Entry{std::move(name), Entry::Kind::kSection, {}, false, std::move(items)});
}

Data& Data::List(std::string name, std::vector<Data> items) {
  return Put(Entry{std::move(name), Entry::Kind::kList, {}, false, std::move(items)});
}

std::string NoEscape(std::string_view value) { return std::string(value); }

Result<std::string> Render(std::string_view text, const Data& data, const Escape& escape) {
  if (auto p = CheckSyntax(text)) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("line {}, column {}: {}", p->line, p->column, p->message));
  }
  mustache::mustache tmpl{JoinStandaloneLines(WithoutJoins(text))};
  // Values arrive escaped (Convert), so {{x}} and {{{x}}} render alike.
  tmpl.set_custom_escape(Verbatim);
  std::string out = tmpl.render(Convert(data, escape));
  if (!tmpl.is_valid()) {
    return Fail(ErrorCode::kInvalidArgument, "cannot render: " + tmpl.error_message());
  }
  return WithoutJoins(out);
}

}  // namespace klaxon::templates
