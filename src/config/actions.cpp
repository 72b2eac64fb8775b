// Runbook actions: a map with an optional name and description and exactly one
// type key. The type key's value carries the action's main argument:
//   exec: [argv...]            shell: "script"          http: {method, url, headers, body}
//   sql: {dsn, statement, params}   wait_and_recheck: 2m     escalate: true | {} | {message} | "message"
//   notify: "message"          set_status: monitoring
// `timeout` applies to exec, shell, http and sql; `on_failure` to wait_and_recheck.
#include <algorithm>

#include <fmt/format.h>

#include "config/nearest.h"
#include "config/postgres.h"
#include "config/sections.h"
#include "config/url.h"

namespace klaxon::config {
namespace {

const std::vector<std::string> kTypeKeys = {"exec",   "shell",    "http",       "sql",
                                            "wait_and_recheck", "escalate", "notify",
                                            "set_status"};

bool IsHeaderName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

void ParseExec(Reader& r, const Ref& value, Action& a) {
  if (value.node.IsScalar()) {
    r.Error(value.origin, "exec takes a list of arguments, e.g. [railway, service, restart, api]; "
                          "use \"shell\" for a command line");
    return;
  }
  auto argv = r.Strings(value);
  if (!argv) return;
  if (argv->empty()) {
    r.Error(value.origin, "exec needs at least the program to run");
    return;
  }
  if (argv->front().value.empty()) {
    r.Error(argv->front().origin, "exec: the program name must not be empty");
    return;
  }
  for (auto& arg : *argv) a.argv.push_back(std::move(arg.value));
}

void ParseHttp(Reader& r, const Ref& value, Action& a) {
  MapReader m(r, value, "http action", {"method", "url", "headers", "body"});
  if (!m.ok()) return;
  if (const Ref* method = m.Get("method", Need::kOptional)) {
    if (auto t = r.Choice(*method, "http method",
                          {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"})) {
      a.method = t->value;
    }
  }
  if (auto url = m.String("url", Need::kRequired)) {
    if (CheckHttpUrl(r, *url, "url")) a.url = url->value;
  }
  if (const Ref* headers = m.Get("headers", Need::kOptional)) {
    if (!headers->node.IsNull() && !headers->node.IsMap()) {
      r.Error(headers->origin, "expected a map, got " + KindOf(headers->node));
    } else if (headers->node.IsMap()) {
      for (auto it = headers->node.begin(); it != headers->node.end(); ++it) {
        const YAML::Node key = it->first, value = it->second;  // copies: *it is a temporary
        Origin at = r.OriginOf(key);
        std::string name = key.IsScalar() ? key.Scalar() : std::string();
        if (!IsHeaderName(name)) {
          r.Error(at, "invalid header name: use letters, digits, '-' and '_'");
          continue;
        }
        if (a.headers.contains(name)) {
          r.Error(at, fmt::format("header {} is set twice", Quote(name)));
          continue;
        }
        Origin value_at = value.IsNull() ? at : r.OriginOf(value);
        if (auto v = r.String(Ref{value, value_at})) a.headers[name] = std::move(v->value);
      }
    }
  }
  m.Read("body", a.body);
}

// The statement is sent as one statement with the extended protocol; values
// from the alert reach it only as bound parameters named in `params`.
void ParseSql(Reader& r, const Ref& value, Action& a) {
  MapReader m(r, value, "sql action", {"dsn", "statement", "params"});
  if (!m.ok()) return;
  if (auto dsn = m.String("dsn", Need::kRequired)) {
    if (auto checked = CheckedDsn(r, *dsn)) a.dsn = std::move(*checked);
  }
  if (auto statement = m.String("statement", Need::kRequired)) {
    if (statement->value.find_first_not_of(" \t\r\n;") == std::string::npos) {
      r.Error(statement->origin, "\"statement\" must not be empty");
    } else {
      a.statement = std::move(statement->value);
    }
  }
  if (const Ref* params = m.Find("params")) {
    if (auto names = r.LabelNames(*params)) a.params = std::move(*names);
  }
}

void ParseEscalate(Reader& r, const Ref& value, Action& a) {
  const YAML::Node& n = value.node;
  if (n.IsNull()) return;
  if (n.IsMap()) {
    MapReader m(r, value, "escalate action", {"message"});
    m.Read("message", a.message);
    return;
  }
  auto text = r.String(value);
  if (!text) return;
  if (n.Tag() == "?" && (text->value == "true" || text->value == "True")) return;
  if (n.Tag() == "?" && (text->value == "false" || text->value == "False")) {
    r.Error(value.origin, "escalate: false does nothing; remove the action instead");
    return;
  }
  a.message = std::move(text->value);
}

bool IsEnvName(std::string_view s) {
  return !s.empty() && !(s[0] >= '0' && s[0] <= '9') &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_';
         });
}

}  // namespace

void ParseActionEnv(Reader& r, const Ref& value, Action& a) {
  if (value.node.IsNull()) return;
  if (!value.node.IsMap()) {
    r.Error(value.origin, "expected a map of environment variables, got " + KindOf(value.node));
    return;
  }
  for (auto it = value.node.begin(); it != value.node.end(); ++it) {
    const YAML::Node key = it->first, v = it->second;  // copies: *it is a temporary
    Origin at = r.OriginOf(key);
    std::string name = key.IsScalar() ? key.Scalar() : std::string();
    if (!IsEnvName(name)) {
      r.Error(at, "invalid environment variable name: use letters, digits and '_', not "
                  "starting with a digit");
      continue;
    }
    if (name.starts_with("KLAXON_")) {
      r.Error(at, "environment variables starting with KLAXON_ are set by klaxon itself");
      continue;
    }
    Origin value_at = v.IsNull() ? at : r.OriginOf(v);
    if (auto text = r.String(Ref{v, value_at})) a.env[name] = std::move(text->value);
  }
}

namespace {

void ParseApproval(Reader& r, const Ref& value, Action& a) {
  const YAML::Node& n = value.node;
  if (n.IsScalar() && n.Tag() == "?" && (n.Scalar() == "true" || n.Scalar() == "True")) {
    a.requires_approval = access::Role::kOnCall;
    return;
  }
  if (n.IsScalar() && n.Tag() == "?" && (n.Scalar() == "false" || n.Scalar() == "False")) return;
  if (auto role = r.Choice(value, "role", RoleNames())) {
    a.requires_approval = access::ParseRole(role->value);
  }
}

}  // namespace

void ParseActionType(Reader& r, const Entry& type, Action& a) {
  const Ref& v = type.value;
  a.type = type.key;
  if (type.key == "exec") {
    ParseExec(r, v, a);
  } else if (type.key == "shell") {
    a.type = "exec";
    if (auto script = r.String(v)) {
      if (script->value.empty()) r.Error(v.origin, "shell: the script must not be empty");
      a.shell = std::move(script->value);
    }
  } else if (type.key == "http") {
    ParseHttp(r, v, a);
  } else if (type.key == "sql") {
    ParseSql(r, v, a);
  } else if (type.key == "wait_and_recheck") {
    if (auto d = r.DurationOf(v, /*allow_zero=*/false)) a.wait = *d;
  } else if (type.key == "escalate") {
    ParseEscalate(r, v, a);
  } else if (type.key == "notify") {
    if (auto text = r.String(v)) {
      if (text->value.empty()) r.Error(v.origin, "notify: the message must not be empty");
      a.message = std::move(text->value);
    }
  } else if (type.key == "set_status") {
    if (auto status = r.Choice(v, "status", {"investigating", "identified", "fixing",
                                             "monitoring", "resolved"})) {
      a.status = status->value;
    }
  }
}

std::optional<Action> ParseAction(Reader& r, const Ref& item) {
  std::vector<std::string> allowed = {"name",       "description", "timeout",
                                      "on_failure", "env",         "requires_approval"};
  allowed.insert(allowed.end(), kTypeKeys.begin(), kTypeKeys.end());
  MapReader m(r, item, "action", allowed);
  if (!m.ok()) return std::nullopt;
  Action a;
  a.origin = m.origin();
  const Entry* type = nullptr;
  for (const Entry& e : m.entries()) {
    if (std::find(kTypeKeys.begin(), kTypeKeys.end(), e.key) == kTypeKeys.end()) continue;
    if (type) {
      r.Error(e.key_origin, fmt::format("action has more than one type key ({} and {}); use "
                                        "exactly one of: {}",
                                        Quote(type->key), Quote(e.key), JoinNames(kTypeKeys)));
      return std::nullopt;
    }
    type = &e;
  }
  if (!type) {
    r.Error(m.origin(), "action needs exactly one type key: one of " + JoinNames(kTypeKeys));
    return std::nullopt;
  }
  ParseActionType(r, *type, a);
  a.name = type->key;
  m.Read("name", a.name, Need::kOptional);
  if (a.name.empty()) a.name = type->key;
  m.Read("description", a.description);

  bool takes_timeout = type->key == "exec" || type->key == "shell" || type->key == "http" ||
                       type->key == "sql";
  if (const Ref* timeout = m.Get("timeout", Need::kOptional)) {
    if (!takes_timeout) {
      r.Error(timeout->origin, fmt::format("\"timeout\" does not apply to {} actions; it applies "
                                           "to exec, shell, http and sql",
                                           type->key));
    } else if (auto d = r.DurationOf(*timeout, /*allow_zero=*/false)) {
      a.timeout = *d;
    }
  }
  if (const Ref* on_failure = m.Get("on_failure", Need::kOptional)) {
    if (type->key != "wait_and_recheck") {
      r.Error(on_failure->origin, fmt::format("\"on_failure\" does not apply to {} actions; it "
                                              "applies to wait_and_recheck",
                                              type->key));
    } else if (auto v = r.Choice(*on_failure, "on_failure", {"escalate", "continue"})) {
      a.on_failure = v->value;
    }
  }
  if (const Ref* env = m.Get("env", Need::kOptional)) {
    if (type->key != "exec" && type->key != "shell") {
      r.Error(env->origin, fmt::format("\"env\" does not apply to {} actions; it applies to "
                                       "exec and shell",
                                       type->key));
    } else {
      ParseActionEnv(r, *env, a);
    }
  }
  if (const Ref* approval = m.Get("requires_approval", Need::kOptional)) {
    if (type->key != "exec" && type->key != "shell" && type->key != "http" &&
        type->key != "sql") {
      r.Error(approval->origin, fmt::format("\"requires_approval\" does not apply to {} "
                                            "actions; it applies to exec, shell, http and sql",
                                            type->key));
    } else {
      ParseApproval(r, *approval, a);
    }
  }
  return a;
}

}  // namespace klaxon::config
