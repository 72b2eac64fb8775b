#pragma once
// PostgreSQL connection strings (DSNs) as libpq reads them: "key=value"
// pairs ("host=db port=5432 dbname=app user=ro") or a URI
// ("postgresql://ro:pw@db:5432/app?sslmode=require"). A DSN may hold a
// password, so nothing here ever puts the DSN, or a part of it that may be
// secret, into a message. Pure apart from libpq's parser; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace klaxon::postgres {

// Whether libpq accepts `dsn`, without connecting. kInvalidArgument
// otherwise, with a message that may name an unknown key but quotes nothing
// else of the DSN.
Status CheckDsn(std::string_view dsn);

// The key libpq rejected as unknown ("passwrd"), or "" when `dsn` has no
// unknown key (it may still be malformed otherwise: see CheckDsn).
std::string UnknownKey(std::string_view dsn);

// Every key libpq knows ("host", "port", "dbname", "sslmode", ...).
const std::vector<std::string>& DsnKeys();

// Whether the DSN carries a password (a `password` key, or user:password@
// in a URI).
bool HasPassword(std::string_view dsn);

// What may be shown of the DSN: "host:port/dbname" as written (libpq's
// defaults where a part is absent: "local socket", "5432", the user's
// name), never the user or the password. "" for a DSN libpq rejects.
std::string Where(std::string_view dsn);

// The values of `dsn` that must never be shown (its password), for
// Redact(); empty when there is none.
std::vector<std::string> Secrets(std::string_view dsn);

// `text` with every occurrence of each non-empty secret replaced by "***".
std::string Redact(std::string text, const std::vector<std::string>& secrets);

}  // namespace klaxon::postgres
