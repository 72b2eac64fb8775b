#pragma once
// A small blocking HTTP client (libcurl) for the CLI and for outbound calls.
// Thread-safe: each thread uses its own handle, and keeps the connections it
// opened (HTTP keep-alive, at most a few per thread) for its next calls to the
// same host. Never logs bodies or headers.

#include <cstddef>
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
  int timeout_ms = 10000;  // whole exchange, connect included; <= 0: no limit
  size_t max_response_bytes = 16 << 20;  // a larger body fails with kTooLarge
};

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
};

// Transport failures (connect refused, timeout) are errors with retryable=true;
// any HTTP status, including 4xx/5xx, is a successful ClientResponse.
// A malformed or non-http(s) URL is kInvalidArgument. Redirects are not
// followed. Error messages name the method and scheme://host:port only: the
// path, query, headers and body may carry secrets.
Result<ClientResponse> Send(const ClientRequest& request);

// "https://hooks.example.com:443": the scheme, host and port of `url`, enough
// to tell which peer is meant without the user info, path or query (where
// webhook and RPC URLs carry their secrets); "<malformed url>" otherwise.
// Pure and thread-safe.
std::string UrlOrigin(const std::string& url);

}  // namespace klaxon::http
