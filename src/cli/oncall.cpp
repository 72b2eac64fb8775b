#include "cli/oncall.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <iostream>

namespace klaxon::cli {
namespace {

namespace json = boost::json;

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

}  // namespace

int ShowOnCall(const ClientOptions& c, const OnCallOptions& o) {
  std::string query;
  if (!o.schedule.empty()) query += "&schedule=" + Encode(o.schedule);
  if (!o.at.empty()) query += "&at=" + Encode(o.at);
  if (!query.empty()) query[0] = '?';
  auto a = Call(c, "GET", "/api/v1/oncall" + query);
  if (a.exit_code != 0) return a.exit_code;
  const json::value* body = &a.body;
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
