#pragma once
// Prometheus-style label matchers: name="v", name!="v", name=~"re", name!~"re".
// Regexes are RE2 (the syntax Prometheus uses), fully anchored, and run in
// linear time, so a hostile label value cannot stall or crash matching.
// A Matcher is immutable and cheap to copy (the compiled regex is shared).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/labels.h"
#include "core/result.h"

namespace re2 {
class RE2;
}

namespace klaxon::rules {

enum class MatchOp { kEqual, kNotEqual, kRegex, kNotRegex };

class Matcher {
 public:
  // Parses `name="value"`, `name!="value"`, `name=~"re"`, `name!~"re"`; the
  // value may be unquoted if it has no spaces, commas or quotes. Errors name
  // the problem (bad label name, unknown operator, invalid regex).
  static Result<Matcher> Parse(std::string_view text);
  static Result<Matcher> Make(std::string name, MatchOp op, std::string value);

  // A missing label matches as the empty string (Prometheus semantics).
  bool Matches(const LabelSet& labels) const;

  const std::string& name() const { return name_; }
  MatchOp op() const { return op_; }
  const std::string& value() const { return value_; }
  std::string ToString() const;  // canonical form: name=~"value"

 private:
  std::string name_;
  MatchOp op_ = MatchOp::kEqual;
  std::string value_;
  std::shared_ptr<const re2::RE2> re_;  // set for regex ops only
};

// True when every matcher matches (an empty list matches everything).
bool MatchesAll(const std::vector<Matcher>& matchers, const LabelSet& labels);

}  // namespace klaxon::rules
