#pragma once
// The SQL of the SQLite adapter, embedded in the binary at build time
// (klaxon_embed_files in src/store/CMakeLists.txt).
//
// Query files (queries/*.sql) hold several named statements:
//
//   -- name: find_alert
//   -- What it does and why (optional comment lines, kept with the SQL).
//   SELECT ... ;
//
// A line that starts with "-- name: " opens a statement, which runs until the
// next such line or the end of the file. Anything before the first header is
// the file's own commentary and is ignored. Names are unique across all query
// files; each named section holds exactly one statement (checked when it is
// prepared). Parameters are named (":fingerprint") and bound by name.
//
// Migrations (migrations/NNNN_description.sql) are whole scripts run in order
// by Open(); Migrations() lists them explicitly, newest last.
//
// Thread-safety: everything here is immutable after the first call and may be
// used from any thread. All returned views point into static storage.

#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace klaxon::store::sqlite {

struct NamedQuery {
  std::string_view name;
  std::string_view sql;
};

// Splits one query file into its named statements; the views point into
// `text`. Fails on a section without SQL, a malformed header, a duplicate name
// within the file, or SQL before the first header.
Result<std::vector<NamedQuery>> ParseQueryFile(std::string_view file_name,
                                               std::string_view text);

// Every named query of every embedded query file. Fails if a file is missing
// from the build or two files use the same name (a build defect; Open()
// reports it).
Result<std::span<const NamedQuery>> AllQueries();

// One named query (both views static); kInternal when there is no such name.
Result<NamedQuery> FindQuery(std::string_view name);

struct Migration {
  int version;            // the NNNN of the file name
  std::string_view name;  // the file name
  std::string_view sql;   // the whole script
};

// Every migration, oldest first. Fails if a listed file is not embedded.
Result<std::span<const Migration>> Migrations();

}  // namespace klaxon::store::sqlite
