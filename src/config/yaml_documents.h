#pragma once
// Parsing one YAML document safely. yaml-cpp 0.7's LoadAll never returns on
// some malformed inputs (a document starting with ',' makes it allocate
// forever), so klaxon never calls it: it loads the first document with
// YAML::Load and counts documents with a bounded event pass.

#include <string>

#include <yaml-cpp/yaml.h>

namespace klaxon::config {

struct ParsedYaml {
  YAML::Node root;         // the first document (null when the text has none)
  int documents = 0;       // documents seen, counting stops at 3
  YAML::Mark second;       // where the second document starts, if any
  bool stuck = false;      // the parser made no progress: malformed input
};

// Throws YAML::Exception (ParserException with a mark) on syntax errors,
// like yaml-cpp itself; callers catch at the edge.
ParsedYaml ParseYaml(const std::string& text);

}  // namespace klaxon::config
