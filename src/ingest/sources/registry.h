#pragma once
// The one explicit list of inbound formats klaxon speaks. Adding a format
// means adding its folder under sources/ and one line in registry.cpp.

#include <span>
#include <string_view>

#include "ingest/sources/source.h"

namespace klaxon::ingest {

// Every built-in format, in a fixed order; names and paths are unique.
// The span refers to static storage: valid for the life of the program.
std::span<const SourceFormat> AllSources();

// The format with this name ("alertmanager", "pagerduty", ...), or nullptr.
const SourceFormat* FindSource(std::string_view name);

}  // namespace klaxon::ingest
