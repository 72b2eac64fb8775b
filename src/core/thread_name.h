#pragma once
// Names the calling thread, so `top -H`, `perf` and debuggers show what each
// of klaxon's threads is ("klaxon-engine", "klaxon-http-0", ...). Linux keeps
// at most 15 characters; longer names are cut. Best effort: never fails.

#include <string_view>

namespace klaxon {

void NameThisThread(std::string_view name);

}  // namespace klaxon
