#include "rules/matcher.h"

#include <re2/re2.h>

#include <fmt/format.h>

#include "core/text.h"

namespace klaxon::rules {
namespace {

Result<std::string> Unquote(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    std::string out;
    char q = v.front();
    for (size_t i = 1; i + 1 < v.size(); ++i) {
      char c = v[i];
      if (c == '\\' && i + 2 < v.size()) {
        char n = v[++i];
        switch (n) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case '\\': out += '\\'; break;
          case '"': out += '"'; break;
          case '\'': out += '\''; break;
          default: out += '\\'; out += n; break;  // keep regex escapes such as \d
        }
      } else if (c == q) {
        return Fail(ErrorCode::kInvalidArgument, "unescaped quote inside matcher value");
      } else {
        out += c;
      }
    }
    return out;
  }
  for (char c : v) {
    if (c == '"' || c == '\'' || c == ',' || c == ' ') {
      return Fail(ErrorCode::kInvalidArgument,
                  "matcher value must be quoted when it contains spaces, commas or quotes");
    }
  }
  return std::string(v);
}

}  // namespace

Result<Matcher> Matcher::Make(std::string name, MatchOp op, std::string value) {
  if (!IsValidLabelName(name)) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("invalid label name \"{}\"", name));
  }
  Matcher m;
  m.name_ = std::move(name);
  m.op_ = op;
  m.value_ = std::move(value);
  if (op == MatchOp::kRegex || op == MatchOp::kNotRegex) {
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(8 << 20);
    auto re = std::make_shared<RE2>("^(?:" + m.value_ + ")$", opts);
    if (!re->ok()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("invalid regular expression \"{}\": {}", m.value_, re->error()));
    }
    m.re_ = std::move(re);
  }
  return m;
}

Result<Matcher> Matcher::Parse(std::string_view text) {
  std::string_view s = Trim(text);
  size_t i = 0;
  while (i < s.size() && s[i] != '=' && s[i] != '!' && s[i] != ' ') ++i;
  std::string_view name = s.substr(0, i);
  while (i < s.size() && s[i] == ' ') ++i;
  MatchOp op;
  if (s.substr(i, 2) == "=~") { op = MatchOp::kRegex; i += 2; }
  else if (s.substr(i, 2) == "!~") { op = MatchOp::kNotRegex; i += 2; }
  else if (s.substr(i, 2) == "!=") { op = MatchOp::kNotEqual; i += 2; }
  else if (s.substr(i, 1) == "=") { op = MatchOp::kEqual; i += 1; }
  else {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("invalid matcher \"{}\": expected name=\"value\", name!=\"value\", "
                            "name=~\"regex\" or name!~\"regex\"",
                            text));
  }
  auto value = Unquote(Trim(s.substr(i)));
  if (!value) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("invalid matcher \"{}\": {}", text, value.error().message));
  }
  return Make(std::string(name), op, std::move(*value));
}

bool Matcher::Matches(const LabelSet& labels) const {
  std::string_view v = labels.GetOr(name_);
  switch (op_) {
    case MatchOp::kEqual: return v == value_;
    case MatchOp::kNotEqual: return v != value_;
    case MatchOp::kRegex: return RE2::FullMatch(re2::StringPiece(v.data(), v.size()), *re_);
    case MatchOp::kNotRegex: return !RE2::FullMatch(re2::StringPiece(v.data(), v.size()), *re_);
  }
  return false;
}

std::string Matcher::ToString() const {
  const char* op = "=";
  switch (op_) {
    case MatchOp::kEqual: op = "="; break;
    case MatchOp::kNotEqual: op = "!="; break;
    case MatchOp::kRegex: op = "=~"; break;
    case MatchOp::kNotRegex: op = "!~"; break;
  }
  std::string escaped;
  for (char c : value_) {
    if (c == '"') escaped += '\\';
    escaped += c;
  }
  return fmt::format("{}{}\"{}\"", name_, op, escaped);
}

bool MatchesAll(const std::vector<Matcher>& matchers, const LabelSet& labels) {
  for (const auto& m : matchers) {
    if (!m.Matches(labels)) return false;
  }
  return true;
}

}  // namespace klaxon::rules
