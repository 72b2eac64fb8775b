// The template facility: where a template is wrong (line:column), which names
// it may use, and how values are escaped, emptied and laid out.

#include "templates/template.h"

#include <gtest/gtest.h>

namespace klaxon::templates {
namespace {

std::string Upper(std::string_view v) {
  std::string out(v);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string R(std::string_view text, const Data& data, const Escape& escape = NoEscape) {
  auto out = Render(text, data, escape);
  EXPECT_TRUE(out) << out.error().message;
  return out ? *out : "";
}

TEST(TemplateSyntax, ABadTemplateSaysWhere) {
  auto p = CheckSyntax("# Title\n\n{{#timeline}}\n- {{time}}\n");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->line, 3);
  EXPECT_EQ(p->column, 1);
  EXPECT_EQ(p->message, "unclosed section \"timeline\"");
  auto q = CheckSyntax("ok\n  {{/nothing}}");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->line, 2);
  EXPECT_EQ(q->column, 3);
  EXPECT_EQ(q->message, "unopened section \"nothing\"");
  auto r = CheckSyntax("a {{ b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message, "unclosed tag");
  EXPECT_FALSE(CheckSyntax("🔴 INCIDENT: {{title}}\n"));
}

TEST(TemplateSyntax, ColumnsCountCharactersNotBytes) {
  auto p = CheckSyntax("🔴 é {{#x}}");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->line, 1);
  EXPECT_EQ(p->column, 5);
}

TEST(TemplateNames, UnknownNamesAreReportedWhereTheyAre) {
  std::vector<Variable> known{{"title", {}}, {"ack", {{"by", {}}, {"at", {}}}}};
  EXPECT_TRUE(CheckNames("{{title}} {{#ack}}{{by}} {{title}}{{/ack}} {{ack.at}} {{{title}}}", known)
                  .empty());
  auto p = CheckNames("ok {{title}}\n  {{titel}}\n{{by}} {{#ack}}{{.}}{{/ack}} {{ack.when}}", known);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].line, 2);
  EXPECT_EQ(p[0].column, 3);
  EXPECT_EQ(p[0].message, "unknown variable \"titel\" (known here: title, ack)");
  EXPECT_EQ(p[1].line, 3);
  EXPECT_EQ(p[1].message, "unknown variable \"by\" (known here: title, ack)");
  EXPECT_EQ(p[2].message, "\"ack\" has no field \"when\"");
  auto inside = CheckNames("{{#ack}}{{nobody}}{{/ack}}", known);
  ASSERT_EQ(inside.size(), 1u);
  EXPECT_EQ(inside[0].message, "unknown variable \"nobody\" (known here: by, at, title, ack)");
}

TEST(TemplateNames, FollowsDelimiterChangesAndRejectsPartialsAndStrayDots) {
  std::vector<Variable> known{{"title", {}}};
  EXPECT_TRUE(CheckNames("{{=<% %>=}}<% title %> {{nope}} <%={{ }}=%>{{title}}", known).empty());
  auto p = CheckNames("{{=<% %>=}}<% nope %>", known);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].column, 12);
  auto q = CheckNames("{{> header}}{{.}}{{! a comment {{nope}} }}", known);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].message, "partials are not supported");
  EXPECT_EQ(q[1].message, "{{.}} outside a section");
}

TEST(TemplateRender, EscapingIsTheOutputsAndTripleBracesCannotSkipIt) {
  Data d;
  d.Text("title", "<!channel>").Markup("who", "<@U1>");
  EXPECT_EQ(R("{{title}} {{{title}}} {{&title}} {{who}}", d, Upper), "<!CHANNEL> <!CHANNEL> <!CHANNEL> <@U1>");
  EXPECT_EQ(R("{{title}}", d), "<!channel>") << "plain text is not HTML-escaped";
}

TEST(TemplateRender, EmptyValuesAreFalseAndSectionsAndListsNest) {
  Data item1, item2, ack;
  item1.Text("name", "a");
  item2.Text("name", "b");
  ack.Text("by", "bob");
  Data d;
  d.Text("lead", "").Text("eta", "10m").Flag("top", true).Section("ack", ack).List("items", {item1, item2});
  EXPECT_EQ(R("{{lead}}{{^lead}}unassigned{{/lead}} {{#eta}}ETA {{eta}}{{/eta}}", d), "unassigned ETA 10m");
  EXPECT_EQ(R("{{#top}}{{#ack}}{{by}}{{/ack}}{{/top}} {{#items}}[{{name}}]{{/items}}", d), "bob [a][b]");
  d.List("items", {});
  EXPECT_EQ(R("{{#items}}x{{/items}}{{^items}}none{{/items}}", d), "none");
}

TEST(TemplateRender, StandaloneSectionLinesLeaveNothingBehind) {
  const std::string text = "A\n{{#x}}\n  {{#y}}\nY\n  {{/y}}\n{{/x}}\n{{! note }}\nB\n";
  Data both, neither;
  both.Flag("x", true).Flag("y", true);
  neither.Flag("x", false).Flag("y", false);
  EXPECT_EQ(R(text, both), "A\nY\nB\n");
  EXPECT_EQ(R(text, neither), "A\nB\n");
  EXPECT_EQ(R("A {{#x}}in{{/x}}\nB", neither), "A \nB") << "tags among text stay";
}

TEST(TemplateRender, ABadTemplateIsAnErrorThatSaysWhere) {
  auto out = Render("ok\n{{#x}}", Data{}, NoEscape);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(out.error().message, "line 2, column 1: unclosed section \"x\"");
}

}  // namespace
}  // namespace klaxon::templates
