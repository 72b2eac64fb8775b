#pragma once
// A small blocking HTTP client (libcurl) for the CLI and for outbound calls.
// Thread-safe: each call uses its own handle. Never logs bodies or headers.

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace klaxon::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int timeout_ms = 10000;
};

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
};

// Transport failures (connect refused, timeout) are errors with retryable=true;
// any HTTP status, including 4xx/5xx, is a successful ClientResponse.
Result<ClientResponse> Send(const ClientRequest& request);

}  // namespace klaxon::http
