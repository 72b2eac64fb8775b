#include <charconv>

#include <fmt/format.h>

#include "config/sections.h"
#include "config/url.h"

namespace klaxon::config {
namespace {

// host:port, where host is a name, an IPv4 address or a bracketed IPv6
// address, and port is 0..65535 (0 lets the system choose, for tests).
bool IsListenAddress(std::string_view s) {
  size_t colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = s.substr(0, colon), port = s.substr(colon + 1);
  if (host.find(' ') != std::string_view::npos) return false;
  if (host.find(':') != std::string_view::npos && !(host.front() == '[' && host.back() == ']')) {
    return false;
  }
  unsigned value = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  return !port.empty() && ec == std::errc() && p == port.data() + port.size() && value <= 65535;
}

}  // namespace

void ParseServer(Reader& r, const Ref& section, ServerSettings& out) {
  MapReader m(r, section, "server",
              {"listen", "external_url", "body_limit", "max_alerts_per_request",
               "ingest_queue_limit", "http_threads"});
  if (!m.ok()) return;
  if (auto listen = m.String("listen")) {
    if (IsListenAddress(listen->value)) {
      out.listen = listen->value;
    } else {
      r.Error(listen->origin, fmt::format("invalid listen address {}: expected host:port, "
                                          "e.g. 0.0.0.0:9099",
                                          Describe(*listen)));
    }
  }
  if (auto url = m.String("external_url")) {
    if (CheckHttpUrl(r, *url, "external_url")) {
      out.external_url = url->value;
      while (out.external_url.ends_with('/')) out.external_url.pop_back();
    }
  }
  if (const Ref* ref = m.Get("body_limit", Need::kOptional)) {
    if (auto bytes = r.Size(*ref)) out.body_limit = *bytes;
  }
  m.ReadInt("max_alerts_per_request", out.max_alerts_per_request, 1, 1'000'000);
  m.ReadInt("ingest_queue_limit", out.ingest_queue_limit, 1, 1'000'000);
  m.ReadInt("http_threads", out.http_threads, 0, 1024);
}

}  // namespace klaxon::config
