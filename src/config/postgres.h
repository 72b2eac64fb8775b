#pragma once
// Private to the config module: what `postgres` probes and `sql` steps share,
// a DSN checked as libpq reads it (postgres/dsn.h) with a line:column error
// that never quotes the DSN.

#include <optional>
#include <string>

#include "config/reader.h"
#include "probe/spec.h"

namespace klaxon::config {

// The DSN in `text`, or nullopt after reporting why it is unusable: not a
// connection string, an unknown key (with the nearest known one), or a
// password written in the file instead of coming from the environment.
std::optional<std::string> CheckedDsn(Reader& r, const Text& text);

// A `postgres` probe's own keys: dsn, query, result.
probe::PostgresTarget ReadPostgresProbe(Reader& r, MapReader& m);

}  // namespace klaxon::config
