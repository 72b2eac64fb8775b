#pragma once
// Serves the dashboard: GET /ui redirects to /ui/, GET /ui/ is index.html,
// GET /ui/<file> one of the embedded assets (404 otherwise). The files are
// public (they hold no data: everything the dashboard shows comes from the
// JSON API under the token the person logs in with). Every answer carries a
// strict Content-Security-Policy (scripts, styles and requests to this
// origin only; no inline script, no framing) and is revalidated by ETag
// (`Cache-Control: no-cache`; a matching If-None-Match answers 304), so a new
// binary's files are picked up at once.

#include "http/router.h"
#include "http/types.h"
#include "ui/assets.h"

namespace klaxon::ui {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

void AddUiRoutes(http::Router& router);

// The answer to a GET of `asset` (pure; for the routes and their tests).
http::Response AssetResponse(const Asset& asset, const http::Request& request);

}  // namespace klaxon::ui
