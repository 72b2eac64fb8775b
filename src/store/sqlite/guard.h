#pragma once
// The exception edge of the adapter. Our own code and the sqlite3 C API do
// not throw, but allocation and the standard library can; Guard turns any
// exception escaping `body` into a kInternal Error, so none crosses the Store
// or UnitOfWork interface.

#include <exception>
#include <string_view>

#include <fmt/format.h>

#include "core/result.h"

namespace klaxon::store::sqlite {

template <class F>
auto Guard(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, fmt::format("sqlite store: {}: {}", what, e.what()));
  } catch (...) {
    return Fail(ErrorCode::kInternal, fmt::format("sqlite store: {}: unknown exception", what));
  }
}

}  // namespace klaxon::store::sqlite
