#pragma once
// Method + path pattern -> handler. Patterns are literal segments and {name}
// captures ("/api/v1/incidents/{id}/ack"). Unknown path: 404; known path with
// another method: 405 with an Allow header. Built once, then read-only and
// safe to use from every server thread.

#include <string>
#include <vector>

#include "http/types.h"

namespace klaxon::http {

class Router {
 public:
  // `access` says who may call the route, in the words the API documents
  // ("public", "engineer", "integration key: generic", ...). The router does
  // not enforce it (the handler does); it lists it (Routes()), so a route
  // registered without one ("") shows up as undeclared.
  void Add(std::string method, std::string pattern, Handler handler);
  void Add(std::string method, std::string pattern, std::string access, Handler handler);
  // Fills request.path_params and calls the handler, or replies 404/405.
  void Dispatch(Request& request, Reply reply) const;

  struct RouteInfo {
    std::string method;
    std::string pattern;  // as registered: "/api/v1/incidents/{id}/ack"
    std::string access;   // "" when undeclared
  };
  // Every route, in registration order.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{id}" marks a capture
    Handler handler;
    std::string pattern;
    std::string access;
  };
  std::vector<Route> routes_;
};

}  // namespace klaxon::http
