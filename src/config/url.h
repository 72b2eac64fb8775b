#pragma once
// http(s) URLs written in the configuration (probe targets, action requests,
// webhooks, the external URL): one check, so every section accepts and
// rejects the same URLs with the same words.

#include <optional>
#include <string>
#include <string_view>

#include "config/reader.h"

namespace klaxon::config {

// Why `url` is not a usable absolute http:// or https:// URL with a host
// (and, when a port is written, a port in 1..65535); nullopt when it is.
// The reason never repeats the URL, which may hold a secret.
std::optional<std::string> HttpUrlProblem(std::string_view url);

// Checks `text` as the value of `key`; on a problem reports
// "invalid <key> <Describe(text)>: <reason>" at its origin and returns false.
bool CheckHttpUrl(Reader& r, const Text& text, std::string_view key);

}  // namespace klaxon::config
