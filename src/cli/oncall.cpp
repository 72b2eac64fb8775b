#include "cli/oncall.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>
#include <iostream>

#include "http/client.h"

namespace klaxon::cli {
namespace {

namespace json = boost::json;

std::string Encode(std::string_view s) {
  return boost::urls::encode(s, boost::urls::unreserved_chars);
}

std::string Field(const json::value& v, std::string_view key) {
  const auto* p = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

// "2025-08-11T09:00:00-07:00" -> "2025-08-11 09:00 -07:00"; "" stays "".
std::string Readable(const std::string& local) {
  if (local.size() < 25) return local.empty() ? "-" : local;
  return local.substr(0, 10) + " " + local.substr(11, 5) + " " + local.substr(19);
}

std::string Who(const json::value& shift) {
  if (!shift.is_object()) return "-";
  std::string id = Field(shift, "person");
  if (id.empty()) return "nobody";
  std::string text = fmt::format("{} ({})", Field(shift, "name"), id);
  if (Field(shift, "source") == "override") text += " [override]";
  return text;
}

// The GET, with the same refusal handling as `klaxon incidents`.
std::optional<json::value> Get(const ClientOptions& c, const std::string& path, int& exit_code) {
  http::ClientRequest req;
  req.method = "GET";
  std::string base = c.server;
  while (!base.empty() && base.back() == '/') base.pop_back();
  req.url = base + path;
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("X-Klaxon-Via", "cli");
  if (!c.token.empty()) req.headers.emplace_back("Authorization", "Bearer " + c.token);
  auto resp = http::Send(req);
  if (!resp) {
    std::cerr << fmt::format("klaxon: cannot reach {}: {}\n", c.server, resp.error().message);
    exit_code = 3;
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value v = json::parse(resp->body, ec);
  if (resp->status >= 400) {
    std::string reason = !ec ? Field(v, "error") : std::string();
    std::cerr << fmt::format("klaxon: {} ({})\n", reason.empty() ? resp->body : reason,
                             resp->status);
    if (resp->status == 401) std::cerr << "hint: pass --token or set KLAXON_TOKEN\n";
    exit_code = 1;
    return std::nullopt;
  }
  if (ec) {
    std::cerr << "klaxon: the server answered something that is not JSON\n";
    exit_code = 1;
    return std::nullopt;
  }
  exit_code = 0;
  return v;
}

}  // namespace

int ShowOnCall(const ClientOptions& c, const OnCallOptions& o) {
  std::string query;
  if (!o.schedule.empty()) query += "&schedule=" + Encode(o.schedule);
  if (!o.at.empty()) query += "&at=" + Encode(o.at);
  if (!query.empty()) query[0] = '?';
  int exit_code = 0;
  auto body = Get(c, "/api/v1/oncall" + query, exit_code);
  if (!body) return exit_code;
  if (c.json) {
    std::cout << json::serialize(*body) << "\n";
    return 0;
  }
  const auto* schedules = body->as_object().if_contains("schedules");
  if (!schedules || !schedules->is_array() || schedules->as_array().empty()) {
    std::cout << "no schedules are configured\n";
    return 0;
  }
  std::cout << fmt::format("On call at {}\n\n", Field(*body, "at"));
  std::cout << fmt::format("{:<14} {:<32} {:<24} {:<24} {}\n", "SCHEDULE", "ON CALL", "SINCE",
                           "UNTIL", "NEXT");
  for (const auto& s : schedules->as_array()) {
    const json::value& now = s.at("now");
    std::cout << fmt::format("{:<14} {:<32} {:<24} {:<24} {}\n", Field(s, "id"), Who(now),
                             Readable(Field(now, "start_local")),
                             Readable(Field(now, "end_local")), Who(s.at("next")));
  }
  return 0;
}

}  // namespace klaxon::cli
