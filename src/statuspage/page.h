#pragma once
// The public status page as HTML (GET /status) and its Atom feed of incident
// updates (GET /status/feed.atom), rendered from a Snapshot through the
// built-in Mustache templates (status.html.mustache, feed.atom.mustache,
// through templates/). Every value is escaped (HTML and XML alike:
// & < > " ') and stripped of control characters; the page needs no JavaScript and reads
// on a phone. Pure.

#include <string>

#include "statuspage/rollup.h"

namespace klaxon::statuspage {

// At most this many incident updates in the feed, newest first.
inline constexpr size_t kFeedEntries = 50;

std::string Html(const Snapshot& s);
std::string Atom(const Snapshot& s);

}  // namespace klaxon::statuspage
