#pragma once
// The dashboard's files, embedded into the binary (src/ui/assets/, see
// CMakeLists.txt), so serving them needs nothing next to the binary.

#include <string>
#include <string_view>
#include <vector>

namespace klaxon::ui {

struct Asset {
  std::string_view name;          // "app.js": its path under /ui/
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
  std::string etag;               // a strong validator of `body`: "\"<16 hex digits>\""
};

// The asset of that name, or nullptr. The assets are built once, on first
// use, and live for the whole process; safe to call from any thread.
const Asset* FindAsset(std::string_view name);
// Every asset, in a fixed order.
const std::vector<Asset>& Assets();

}  // namespace klaxon::ui
