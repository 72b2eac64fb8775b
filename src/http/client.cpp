// http::Send over libcurl: one easy handle per thread, reset before each call
// (which keeps its connection cache), so calls on different threads share
// nothing but curl's global state, initialised once, and a thread's calls to
// the same host reuse an open connection.

#include "http/client.h"

#include <memory>
#include <mutex>
#include <string_view>

#include <curl/curl.h>

#include "core/text.h"

namespace klaxon::http {
namespace {

struct Collected {
  ClientResponse response;
  size_t max_body = 0;
  bool too_large = false;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto& collected = *static_cast<Collected*>(user);
  const size_t n = size * count;
  if (collected.response.body.size() + n > collected.max_body) {
    collected.too_large = true;
    return 0;  // anything but n aborts the transfer
  }
  collected.response.body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto& collected = *static_cast<Collected*>(user);
  const size_t n = size * count;
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    collected.response.headers.clear();  // a new response (after 100 Continue): keep the last only
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;  // the blank line ending the headers
  collected.response.headers.emplace_back(Lower(Trim(line.substr(0, colon))),
                                          std::string(Trim(line.substr(colon + 1))));
  return n;
}

bool HasHeader(const ClientRequest& request, std::string_view lower_name) {
  for (const auto& [name, value] : request.headers) {
    if (Lower(name) == lower_name) return true;
  }
  return false;
}

std::unexpected<Error> TransportError(const ClientRequest& request, CURLcode code,
                                      const Collected& collected) {
  std::string message = request.method + " " + UrlOrigin(request.url) + " failed: ";
  if (code == CURLE_WRITE_ERROR && collected.too_large) {
    return Fail(ErrorCode::kTooLarge, message + "response body exceeds " +
                                          std::to_string(request.max_response_bytes) + " bytes");
  }
  message += curl_easy_strerror(code);
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return Fail(ErrorCode::kInvalidArgument, std::move(message));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_OUT_OF_MEMORY:
      return Fail(ErrorCode::kUnavailable, std::move(message), /*retryable=*/false);
    default:  // refused, unreachable, reset, timed out, DNS: may well work next time
      return Fail(ErrorCode::kUnavailable, std::move(message), /*retryable=*/true);
  }
}

}  // namespace

std::string UrlOrigin(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return "<malformed url>";
  }
  auto part = [&](CURLUPart which, unsigned flags) {
    char* text = nullptr;
    std::string out;
    if (curl_url_get(parsed.get(), which, &text, flags) == CURLUE_OK && text != nullptr) out = text;
    curl_free(text);
    return out;
  };
  return part(CURLUPART_SCHEME, 0) + "://" + part(CURLUPART_HOST, 0) + ":" +
         part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

Result<ClientResponse> Send(const ClientRequest& request) {
  static std::once_flag init_once;
  static CURLcode init_result = CURLE_OK;
  std::call_once(init_once, [] { init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init_result != CURLE_OK) return Fail(ErrorCode::kInternal, "libcurl failed to initialise");

  if (request.method.empty() || request.method.find_first_not_of(
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, "invalid HTTP method");
  }
  // This thread's handle: curl_easy_reset forgets every option of the last
  // call but keeps its open connections (keep-alive) and DNS cache.
  thread_local std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(nullptr, &curl_easy_cleanup);
  if (!curl) {
    curl.reset(curl_easy_init());
    if (!curl) return Fail(ErrorCode::kInternal, "libcurl failed to create a handle");
  } else {
    curl_easy_reset(curl.get());
  }

  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
  auto add_header = [&](const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next == nullptr) return false;
    headers.release();
    headers.reset(next);
    return true;
  };
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
        value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "request header name or value contains a forbidden character");
    }
    if (!add_header(name + ": " + value)) return Fail(ErrorCode::kInternal, "out of memory");
  }
  // "Name:" removes a header curl would add on its own: no 1 s wait for
  // "100 Continue", no made-up form Content-Type.
  if (!HasHeader(request, "expect") && !add_header("Expect:")) return Fail(ErrorCode::kInternal, "out of memory");
  if (!HasHeader(request, "content-type") && !add_header("Content-Type:")) {
    return Fail(ErrorCode::kInternal, "out of memory");
  }

  Collected collected;
  collected.max_body = request.max_response_bytes;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms > 0 ? request.timeout_ms : 0));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "klaxon");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &collected);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &collected);
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET" && request.body.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) return TransportError(request, code, collected);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  collected.response.status = static_cast<int>(status);
  return std::move(collected.response);
}

}  // namespace klaxon::http
