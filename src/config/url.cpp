#include "config/url.h"

#include <algorithm>

#include <boost/url/parse.hpp>
#include <fmt/format.h>

namespace klaxon::config {

std::optional<std::string> HttpUrlProblem(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "expected an http:// or https:// URL";
  const auto& u = *parsed;
  if (u.scheme_id() != boost::urls::scheme::http && u.scheme_id() != boost::urls::scheme::https) {
    return "expected an http:// or https:// URL";
  }
  if (!u.has_authority() || u.encoded_host().empty()) return "the URL has no host";
  if (u.has_port()) {
    if (u.port().empty()) return "the URL has an empty port after ':'";
    // Boost.URL keeps any run of digits; a port is a number in 1..65535.
    unsigned long port = 0;
    for (char c : u.port()) port = std::min(port * 10 + static_cast<unsigned long>(c - '0'), 65536ul);
    if (port == 0 || port > 65535) return "the URL's port must be 1..65535";
  }
  return std::nullopt;
}

bool CheckHttpUrl(Reader& r, const Text& text, std::string_view key) {
  auto problem = HttpUrlProblem(text.value);
  if (!problem) return true;
  r.Error(text.origin, fmt::format("invalid {} {}: {}", key, Describe(text), *problem));
  return false;
}

}  // namespace klaxon::config
