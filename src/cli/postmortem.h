#pragma once
// `klaxon postmortem INC-42 ...`: an incident's post-mortem on a running
// server (api/postmortem_handlers.h).

#include <optional>
#include <string>

#include "cli/incidents.h"

namespace klaxon::cli {

struct PostmortemOptions {
  std::string output;        // write the draft here instead of printing it
  std::string mark;          // "", drafted, written or published
  std::string url;           // with mark: where the document lives
  // An action item: add (item == 0) or update (item > 0).
  std::string add;           // the action to add
  int64_t item = 0;
  std::optional<std::string> owner, due, status, action;
};

// The draft (Markdown; --json: the record, items and draft), or the change
// asked for. Exit codes as for `klaxon incidents`; 4 when --output cannot be written.
int Postmortem(const ClientOptions& c, const std::string& id, const PostmortemOptions& o);

}  // namespace klaxon::cli
