#pragma once
// Errors are values. Every fallible operation returns Result<T>; nothing in
// klaxon's own code throws across a module boundary. Third-party exceptions
// (yaml-cpp, Boost.JSON, SQLiteCpp) are caught at the edge and turned into Error.

#include <expected>
#include <string>
#include <utility>

namespace klaxon {

enum class ErrorCode {
  kInvalidArgument,   // the caller's input is wrong (maps to HTTP 400)
  kUnauthenticated,   // no or unknown credentials (401)
  kPermissionDenied,  // known credentials, not allowed (403)
  kNotFound,          // (404)
  kConflict,          // state does not allow this transition (409)
  kTooLarge,          // (413)
  kOverloaded,        // back-pressure; retry later (429)
  kUnavailable,       // a dependency failed; usually retryable (503)
  kInternal,          // a bug or an unexpected environment failure (500)
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // safe to show to the caller: never contains secrets
  bool retryable = false;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message,
                                   bool retryable = false) {
  return std::unexpected<Error>(Error{code, std::move(message), retryable});
}
inline std::unexpected<Error> Fail(Error e) {
  return std::unexpected<Error>(std::move(e));
}

const char* ToString(ErrorCode code);

}  // namespace klaxon
