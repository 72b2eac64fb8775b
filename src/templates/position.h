#pragma once
// Private to templates/: a byte offset in a template as a Problem's line and column.

#include <cstddef>
#include <string>
#include <string_view>

#include "templates/template.h"

namespace klaxon::templates {

// The 1-based line, and column counted in characters (UTF-8 code points),
// of byte `offset` in `text`.
Problem ProblemAt(std::string_view text, size_t offset, std::string message);

}  // namespace klaxon::templates
