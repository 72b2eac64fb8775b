// ParseListen: the "host:port" syntax of the listen address in the config.

#include <charconv>
#include <string>

#include "http/server.h"

namespace klaxon::http {

Result<std::pair<std::string, uint16_t>> ParseListen(std::string_view listen) {
  auto invalid = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                "invalid listen address \"" + std::string(listen) + "\": " + std::string(why));
  };
  std::string host;
  std::string_view port_text;
  if (!listen.empty() && listen.front() == '[') {
    size_t close = listen.find(']');
    if (close == std::string_view::npos) return invalid("missing ']'");
    host = std::string(listen.substr(1, close - 1));
    if (host.empty()) return invalid("empty IPv6 address");
    if (close + 1 >= listen.size() || listen[close + 1] != ':') return invalid("expected [address]:port");
    port_text = listen.substr(close + 2);
  } else {
    size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos) return invalid("expected host:port");
    host = std::string(listen.substr(0, colon));
    if (host.find(':') != std::string::npos) return invalid("IPv6 addresses need brackets: [::1]:port");
    port_text = listen.substr(colon + 1);
    if (host.empty()) host = "0.0.0.0";  // ":9099" listens on every IPv4 interface
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return invalid("port must be a number from 0 to 65535");
  }
  return std::pair<std::string, uint16_t>(std::move(host), static_cast<uint16_t>(port));
}

}  // namespace klaxon::http
