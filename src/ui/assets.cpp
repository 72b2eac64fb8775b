#include "ui/assets.h"

#include <fmt/format.h>

namespace klaxon::embedded::ui_assets {
std::string_view Get(std::string_view name);
}  // namespace klaxon::embedded::ui_assets

namespace klaxon::ui {
namespace {

// The files CMakeLists.txt embeds; the one list the server serves from.
constexpr std::string_view kNames[] = {"index.html", "style.css", "favicon.svg", "app.js",     "api.js",
                                       "dom.js",     "time.js",   "overview.js", "incident.js",
                                       "statuspage.js"};

std::string_view ContentType(std::string_view name) {
  auto ends = [&](std::string_view ext) { return name.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

// FNV-1a, 64 bits: enough to tell two builds' files apart; not a secret.
std::string ETagOf(std::string_view body) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("\"{:016x}\"", h);
}

}  // namespace

const std::vector<Asset>& Assets() {
  static const std::vector<Asset> assets = [] {
    std::vector<Asset> out;
    for (std::string_view name : kNames) {
      std::string_view body = embedded::ui_assets::Get(name);
      out.push_back(Asset{name, ContentType(name), body, ETagOf(body)});
    }
    return out;
  }();
  return assets;
}

const Asset* FindAsset(std::string_view name) {
  for (const Asset& a : Assets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace klaxon::ui
