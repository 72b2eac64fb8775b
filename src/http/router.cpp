#include "http/router.h"

#include <algorithm>
#include <string_view>

namespace klaxon::http {
namespace {

// "/a/b/" -> {"a", "b", ""}; "/" and "" -> {}. Empty segments are kept so
// that "/incidents/" does not match "/incidents".
template <class Segment>
std::vector<Segment> Split(std::string_view path) {
  std::vector<Segment> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return segments;
  while (true) {
    size_t slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsCapture(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsCapture(pattern[i])) {
      if (path[i].empty()) return false;
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

// True if `a` is more specific than `b`: at the first position where one has a
// literal and the other a capture, the literal wins ("/incidents/stats" beats
// "/incidents/{id}" whatever the registration order).
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    bool ca = IsCapture(a[i]), cb = IsCapture(b[i]);
    if (ca != cb) return !ca;
  }
  return false;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Add(std::move(method), std::move(pattern), "", std::move(handler));
}

void Router::Add(std::string method, std::string pattern, std::string access, Handler handler) {
  auto segments = Split<std::string>(pattern);
  routes_.push_back(Route{std::move(method), std::move(segments), std::move(handler),
                          std::move(pattern), std::move(access)});
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.access});
  return out;
}

void Router::Dispatch(Request& request, Reply reply) const {
  const std::vector<std::string_view> path = Split<std::string_view>(request.path);
  const Route* best = nullptr;
  std::vector<std::string_view> allowed;
  for (const Route& route : routes_) {
    if (!Matches(route.segments, path)) continue;
    if (route.method != request.method) {
      allowed.push_back(route.method);
    } else if (best == nullptr || MoreSpecific(route.segments, best->segments)) {
      best = &route;
    }
  }

  if (best != nullptr) {
    request.path_params.clear();
    for (size_t i = 0; i < best->segments.size(); ++i) {
      const std::string& segment = best->segments[i];
      if (IsCapture(segment)) {
        request.path_params.emplace_back(segment.substr(1, segment.size() - 2), std::string(path[i]));
      }
    }
    best->handler(request, std::move(reply));
    return;
  }
  if (allowed.empty()) {
    reply(Response::Error(404, "not found"));
    return;
  }
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  std::string allow;
  for (std::string_view method : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  Response response = Response::Error(405, "method not allowed");
  response.headers.emplace_back("Allow", std::move(allow));
  reply(std::move(response));
}

}  // namespace klaxon::http
