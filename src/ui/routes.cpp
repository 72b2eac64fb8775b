#include "ui/routes.h"

namespace klaxon::ui {
namespace {

void AddSecurityHeaders(http::Response& r) {
  r.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
}

// True when an If-None-Match list names `etag` (or is "*").
bool Matches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    size_t comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag || item == "*") return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

void Serve(std::string_view name, http::Request& req, http::Reply reply) {
  const Asset* asset = FindAsset(name);
  if (!asset) {
    auto r = http::Response::Error(404, "not found");
    AddSecurityHeaders(r);
    return reply(std::move(r));
  }
  reply(AssetResponse(*asset, req));
}

}  // namespace

http::Response AssetResponse(const Asset& asset, const http::Request& request) {
  http::Response r;
  auto inm = request.Header("if-none-match");
  if (inm && Matches(*inm, asset.etag)) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.status = 200;
    r.content_type = std::string(asset.content_type);
    r.body = std::string(asset.body);
  }
  r.headers.emplace_back("ETag", asset.etag);
  r.headers.emplace_back("Cache-Control", "no-cache");
  AddSecurityHeaders(r);
  return r;
}

void AddUiRoutes(http::Router& router) {
  router.Add("GET", "/ui", "public", [](http::Request&, http::Reply reply) {
    http::Response r;
    r.status = 301;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "/ui/\n";
    r.headers.emplace_back("Location", "/ui/");
    reply(std::move(r));
  });
  router.Add("GET", "/ui/", "public",
             [](http::Request& req, http::Reply reply) { Serve("index.html", req, std::move(reply)); });
  router.Add("GET", "/ui/{file}", "public", [](http::Request& req, http::Reply reply) {
    Serve(req.Param("file").value_or(""), req, std::move(reply));
  });
}

}  // namespace klaxon::ui
