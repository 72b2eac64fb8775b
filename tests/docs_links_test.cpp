// The documentation's own links hold: every relative link in README.md,
// BENCHMARKS.md and docs/ names a file that exists and, with a #fragment
// into a Markdown file, a heading that file has (GitHub's anchors: lower
// case, spaces to '-', punctuation other than '-' and '_' dropped).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "testing/process.h"

namespace klaxon {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsFence(const std::string& line) {
  size_t first = line.find_first_not_of(' ');
  return first != std::string::npos && line.compare(first, 3, "```") == 0;
}

std::string Anchor(const std::string& heading) {
  std::string out;
  for (unsigned char c : heading) {
    if (std::isalnum(c) || c == '-' || c == '_') {
      out += static_cast<char>(std::tolower(c));
    } else if (c == ' ') {
      out += '-';
    }
  }
  return out;
}

std::set<std::string> Anchors(const fs::path& markdown) {
  std::set<std::string> out;
  std::istringstream in(ReadFile(markdown));
  bool code = false;
  for (std::string line; std::getline(in, line);) {
    if (IsFence(line)) code = !code;
    if (code || !line.starts_with('#')) continue;
    size_t text = line.find_first_not_of('#');
    if (text == std::string::npos || line[text] != ' ') continue;
    out.insert(Anchor(line.substr(text + 1)));
  }
  return out;
}

// Links outside code blocks and code spans.
std::vector<std::string> Links(const fs::path& markdown) {
  static const std::regex kLink(R"(\]\(([^)\s]+)\))");
  std::vector<std::string> out;
  std::istringstream in(ReadFile(markdown));
  bool code = false;
  for (std::string line; std::getline(in, line);) {
    if (IsFence(line)) code = !code;
    if (code) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), kLink), end; it != end; ++it) {
      if (std::count(line.begin(), line.begin() + it->position(), '`') % 2 == 1) continue;
      out.push_back((*it)[1]);
    }
  }
  return out;
}

TEST(DocsLinks, EveryRelativeLinkReachesAFileAndHeading) {
  const fs::path root = testing::SourceDir();
  std::vector<fs::path> files{root / "README.md", root / "BENCHMARKS.md"};
  for (const auto& e : fs::recursive_directory_iterator(root / "docs")) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  size_t checked = 0;
  for (const auto& file : files) {
    ASSERT_TRUE(fs::exists(file)) << file;
    for (const std::string& link : Links(file)) {
      if (link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:")) {
        continue;
      }
      size_t hash = link.find('#');
      std::string path = link.substr(0, hash);
      fs::path target = path.empty() ? file : (file.parent_path() / path).lexically_normal();
      ++checked;
      const std::string where = fs::relative(file, root).string() + ": " + link;
      if (!fs::exists(target)) {
        ADD_FAILURE() << where << " names no file";
        continue;
      }
      if (hash == std::string::npos || target.extension() != ".md") continue;
      EXPECT_TRUE(Anchors(target).contains(link.substr(hash + 1))) << where << " names no heading";
    }
  }
  EXPECT_GT(checked, 50u) << "the links were not found";
}

}  // namespace
}  // namespace klaxon
