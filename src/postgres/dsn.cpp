#include "postgres/dsn.h"

#include <libpq-fe.h>

#include <memory>

#include <fmt/format.h>

namespace klaxon::postgres {
namespace {

struct OptionsFree {
  void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};
using Options = std::unique_ptr<PQconninfoOption, OptionsFree>;

struct MessageFree {
  void operator()(char* m) const { PQfreemem(m); }
};

// libpq's parse of `dsn`; on failure `error` holds libpq's message, which
// may quote the DSN: never show it as it is.
Options Parse(std::string_view dsn, std::string* error) {
  std::string text(dsn);
  char* raw_error = nullptr;
  Options opts(PQconninfoParse(text.c_str(), &raw_error));
  std::unique_ptr<char, MessageFree> owned(raw_error);
  if (error && raw_error) *error = raw_error;
  return opts;
}

std::string ValueOf(const PQconninfoOption* opts, std::string_view key) {
  for (const PQconninfoOption* o = opts; o && o->keyword; ++o) {
    if (key == o->keyword) return o->val ? o->val : "";
  }
  return "";
}

// The text between the first pair of double quotes of libpq's message.
std::string Quoted(const std::string& message) {
  auto open = message.find('"');
  if (open == std::string::npos) return "";
  auto close = message.find('"', open + 1);
  if (close == std::string::npos) return "";
  return message.substr(open + 1, close - open - 1);
}

}  // namespace

std::string UnknownKey(std::string_view dsn) {
  std::string error;
  if (Parse(dsn, &error)) return "";
  // libpq's words for an unknown key, in key=value and URI form; both quote
  // only the key.
  if (error.starts_with("invalid connection option ") ||
      error.starts_with("invalid URI query parameter")) {
    return Quoted(error);
  }
  return "";
}

Status CheckDsn(std::string_view dsn) {
  if (dsn.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "the DSN is empty");
  }
  std::string error;
  if (Parse(dsn, &error)) return {};
  if (std::string key = UnknownKey(dsn); !key.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("unknown DSN key \"{}\"", key));
  }
  return Fail(ErrorCode::kInvalidArgument,
              "not a valid DSN: expected key=value pairs (host=db dbname=app user=ro) or a "
              "postgresql:// URI");
}

const std::vector<std::string>& DsnKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    Options defaults(PQconndefaults());
    for (const PQconninfoOption* o = defaults.get(); o && o->keyword; ++o) {
      out.emplace_back(o->keyword);
    }
    return out;
  }();
  return keys;
}

bool HasPassword(std::string_view dsn) {
  Options opts = Parse(dsn, nullptr);
  return opts && !ValueOf(opts.get(), "password").empty();
}

std::string Where(std::string_view dsn) {
  Options opts = Parse(dsn, nullptr);
  if (!opts) return "";
  std::string host = ValueOf(opts.get(), "host");
  if (host.empty()) host = ValueOf(opts.get(), "hostaddr");
  if (host.empty() || host.starts_with('/')) host = "local socket";
  std::string port = ValueOf(opts.get(), "port");
  std::string db = ValueOf(opts.get(), "dbname");
  std::string out = host;
  if (!port.empty()) out += ":" + port;
  if (!db.empty()) out += "/" + db;
  return out;
}

std::vector<std::string> Secrets(std::string_view dsn) {
  std::vector<std::string> out;
  Options opts = Parse(dsn, nullptr);
  if (opts) {
    std::string password = ValueOf(opts.get(), "password");
    if (!password.empty()) out.push_back(std::move(password));
  }
  return out;
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 3)) {
      text.replace(at, s.size(), "***");
    }
  }
  return text;
}

}  // namespace klaxon::postgres
