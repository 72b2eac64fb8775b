#include "config/postgres.h"

#include <fmt/format.h>

#include "config/nearest.h"
#include "postgres/dsn.h"

namespace klaxon::config {

std::optional<std::string> CheckedDsn(Reader& r, const Text& text) {
  if (std::string key = postgres::UnknownKey(text.value); !key.empty()) {
    r.Error(text.origin, fmt::format("unknown key {} in the dsn{}", Quote(key),
                                     DidYouMean(key, postgres::DsnKeys())));
    return std::nullopt;
  }
  if (auto ok = postgres::CheckDsn(text.value); !ok) {
    r.Error(text.origin, "invalid dsn: " + ok.error().message);
    return std::nullopt;
  }
  if (text.env_vars.empty() && postgres::HasPassword(text.value)) {
    r.Error(text.origin, "the dsn holds a password written in the file; take the dsn from the "
                         "environment instead, e.g. dsn: ${DATABASE_DSN}");
    return std::nullopt;
  }
  return text.value;
}

probe::PostgresTarget ReadPostgresProbe(Reader& r, MapReader& m) {
  probe::PostgresTarget t;
  if (auto dsn = m.String("dsn", Need::kRequired)) {
    if (auto checked = CheckedDsn(r, *dsn)) t.dsn = std::move(*checked);
  }
  if (auto query = m.String("query", Need::kRequired)) {
    if (query->value.find_first_not_of(" \t\r\n;") == std::string::npos) {
      r.Error(query->origin, "\"query\" must not be empty");
    } else {
      t.query = std::move(query->value);
    }
  }
  if (const Ref* result = m.Find("result")) {
    if (auto c = r.Choice(*result, "result", {"value", "rows"})) {
      t.result = c->value == "rows" ? probe::PostgresTarget::Result::kRows
                                    : probe::PostgresTarget::Result::kValue;
    }
  }
  return t;
}

}  // namespace klaxon::config
