#pragma once
// Pure: the number a `redis` probe measures, read from the reply to INFO
// ("# Section" headers and "field:value" lines separated by CRLF).

#include <string_view>

#include "core/result.h"

namespace klaxon::probe {

// Not a field of INFO: used_memory as a percentage of maxmemory, computed by
// klaxon (an error when maxmemory is 0, i.e. unlimited).
inline constexpr std::string_view kUsedMemoryPercent = "used_memory_percent";

// The value of `field` (e.g. used_memory, connected_clients,
// mem_fragmentation_ratio, or kUsedMemoryPercent) in `info`. Errors
// (kNotFound: no such field; kInvalidArgument: not a number) have messages
// that name the field and quote at most a short value.
Result<double> InfoValue(std::string_view info, std::string_view field);

}  // namespace klaxon::probe
