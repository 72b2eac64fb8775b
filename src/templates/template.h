#pragma once
// Text templates: the one place klaxon parses, checks and renders Mustache
// (through kainjow mustache). The notification messages
// (notify/message_templates.h) and the post-mortem draft (postmortem/draft.h)
// both render through here.
//
// What a template sees differs from plain kainjow in three ways:
//  - Escaping belongs to the output, not to the template: Render applies
//    `escape` to every text value, in {{x}}, {{{x}}} and {{&x}} alike, so a
//    template cannot let a value through unescaped. Values set with Markup
//    (klaxon's own markup, e.g. a Slack mention) are never escaped.
//  - An empty text value is false: {{#x}} skips it and {{^x}} renders, so a
//    template can give a missing value its own wording.
//  - A line holding nothing but one section tag ({{#x}}, {{^x}}, {{/x}}) or a
//    comment vanishes with its line break, whether the section renders or
//    not (Mustache's "standalone" lines; kainjow leaves an empty line when a
//    section is skipped).
// Partials ({{> name}}) are not supported: nothing provides them.
//
// Pure functions; thread-safe.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace klaxon::templates {

// Where a template is wrong: 1-based line and column (in characters) within
// the template text, and what is wrong ("unclosed section \"timeline\"").
struct Problem {
  int line = 1;
  int column = 1;
  std::string message;
};

// nullopt when `text` parses as a Mustache template.
std::optional<Problem> CheckSyntax(std::string_view text);

// A name a template may use: a value, or a section with names of its own
// (`fields`, visible inside {{#name}}...{{/name}} besides the outer names).
struct Variable {
  std::string name;
  std::vector<Variable> fields;
};

// For a template that parses: every use of a name that is not in `known`
// (nor, inside a section, among that section's fields), in order, e.g.
// `unknown variable "titel" (known here: id, title, ...)`; also partials
// and {{.}} outside a section. Dotted names (a.b) are followed field by field.
std::vector<Problem> CheckNames(std::string_view text, const std::vector<Variable>& known);

// The values a template is rendered with: a tree of named text, markup,
// flags, sections and lists. Setting a name again replaces it.
class Data {
 public:
  // Free text: the output's escaping applies; "" is false in a section.
  Data& Text(std::string name, std::string value);
  // Markup klaxon made itself (never from people or alerts): never escaped.
  Data& Markup(std::string name, std::string value);
  Data& Flag(std::string name, bool value);
  // {{#name}}...{{/name}} renders once, seeing `value`'s names.
  Data& Section(std::string name, Data value);
  // {{#name}}...{{/name}} renders once per item; an empty list is false.
  Data& List(std::string name, std::vector<Data> items);

  struct Entry;
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  Data& Put(Entry entry);
  std::vector<Entry> entries_;
};

struct Data::Entry {
  enum class Kind { kText, kMarkup, kFlag, kSection, kList };
  std::string name;
  Kind kind = Kind::kText;
  std::string text;
  bool flag = false;
  std::vector<Data> items;  // kSection: exactly one
};

// Applied to every text value of the data; e.g. Slack's mrkdwn escaping.
using Escape = std::function<std::string(std::string_view)>;
// Plain text and Markdown: values go in as written.
std::string NoEscape(std::string_view value);

// `text` rendered with `data`. kInvalidArgument when `text` does not parse
// (the message says where: "line 2, column 1: unclosed section ...").
Result<std::string> Render(std::string_view text, const Data& data, const Escape& escape);

}  // namespace klaxon::templates
