#include "config/yaml_documents.h"

#include <sstream>

#include <yaml-cpp/eventhandler.h>

namespace klaxon::config {
namespace {

// Records where each document starts; ignores everything else.
class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> starts;
};

}  // namespace

ParsedYaml ParseYaml(const std::string& text) {
  ParsedYaml out;
  out.root = YAML::Load(text);
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentCounter counter;
  while (out.documents < 3 && parser.HandleNextDocument(counter)) ++out.documents;
  if (counter.starts.size() >= 2) {
    out.second = counter.starts[1];
    const YAML::Mark& first = counter.starts[0];
    out.stuck = first.pos == out.second.pos;
  }
  return out;
}

}  // namespace klaxon::config
