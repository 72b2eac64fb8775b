#pragma once
// Private to the config module: the readers of the probe kinds that live in
// their own files, and the helpers probes.cpp shares with them. Each reads
// its kind's keys from `m` (ParseProbe has already read the common ones into
// `p`) and reports problems with line:column; secrets (URLs, headers) are
// never shown, only "from ${VAR}".

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/reader.h"
#include "probe/spec.h"

namespace klaxon::config {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A map of HTTP header names to values; nullopt after reporting a problem.
std::optional<HeaderList> ReadHeaders(Reader& r, const Ref& ref);

probe::JsonRpcTarget ReadJsonRpc(Reader& r, MapReader& m);                             // jsonrpc_probe.cpp
probe::PrometheusTarget ReadPrometheus(Reader& r, MapReader& m, const probe::Spec& p);  // prometheus_probe.cpp

}  // namespace klaxon::config
