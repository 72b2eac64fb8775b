#pragma once
// klaxon's own view of HTTP, free of any server library's types, so handlers
// and tests do not pull in Boost.Beast.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace klaxon::http {

struct Request {
  std::string method;   // "GET", "POST", ...
  std::string target;   // raw request target: "/api/v1/incidents?status=open"
  std::string path;     // decoded path without the query: "/api/v1/incidents"
  std::string query;    // raw query string without '?': "status=open"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote;   // peer address "127.0.0.1:53412"
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the Router

  // Case-insensitive lookup of the first header with this name.
  std::optional<std::string_view> Header(std::string_view name) const;
  // First query parameter with this name, percent-decoded.
  std::optional<std::string> Query(std::string_view name) const;
  // A {name} segment captured by the route pattern.
  std::optional<std::string_view> Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body);
  // {"error": "<reason>"} with the given status.
  static Response Error(int status, std::string_view reason);
};

// Completes a request. Must be called exactly once, from any thread.
using Reply = std::function<void(Response)>;
// A handler may reply before returning or later (after a durable commit).
using Handler = std::function<void(Request& request, Reply reply)>;

}  // namespace klaxon::http
