#include "cli/postmortem.h"

#include <fstream>
#include <iostream>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::cli {
namespace {

namespace json = boost::json;

// Prints what a change answered: the record's state, and the item touched.
int PrintChange(const ClientOptions& c, const RawAnswer& a) {
  if (a.exit_code != 0) return a.exit_code;
  if (c.json) {
    std::cout << a.body << "\n";
    return 0;
  }
  boost::system::error_code ec;
  json::value v = json::parse(a.body, ec);
  if (ec) {
    std::cerr << "klaxon: the server answered something that is not JSON\n";
    return 1;
  }
  std::cout << fmt::format("Post-mortem: {}{}\n", Str(v, "state"),
                           Str(v, "url").empty() ? "" : " (" + Str(v, "url") + ")");
  if (const auto* item = v.as_object().if_contains("action_item"); item && item->is_object()) {
    std::cout << fmt::format("Action item {}: {} (owner {}, due {}, {})\n", Str(*item, "id"),
                             Str(*item, "action"), Str(*item, "owner"),
                             Str(*item, "due").empty() ? "-" : Str(*item, "due"),
                             Str(*item, "status"));
  }
  return 0;
}

}  // namespace

int Postmortem(const ClientOptions& c, const std::string& id, const PostmortemOptions& o) {
  std::string path =
      "/api/v1/incidents/" + Encode(id) + "/postmortem";
  auto item_body = [&] {
    json::object b;
    if (o.action) b["action"] = *o.action;
    if (!o.add.empty()) b["action"] = o.add;
    if (o.owner) b["owner"] = *o.owner;
    if (o.due) b["due"] = *o.due;
    if (o.status) b["status"] = *o.status;
    return json::serialize(b);
  };
  if (!o.mark.empty()) {
    json::object b{{"state", o.mark}};
    if (!o.url.empty()) b["url"] = o.url;
    return PrintChange(c, CallRaw(c, "POST", path, "application/json", json::serialize(b)));
  }
  if (!o.add.empty()) {
    return PrintChange(c, CallRaw(c, "POST", path + "/action_items", "application/json", item_body()));
  }
  if (o.item > 0) {
    return PrintChange(c, CallRaw(c, "POST", fmt::format("{}/action_items/{}", path, o.item),
                               "application/json", item_body()));
  }
  auto a = CallRaw(c, "GET", path, c.json ? "application/json" : "text/markdown");
  if (a.exit_code != 0) return a.exit_code;
  if (o.output.empty()) {
    std::cout << a.body;
    if (c.json) std::cout << "\n";
    return 0;
  }
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  out << a.body;
  out.close();
  if (!out) {
    std::cerr << fmt::format("klaxon: cannot write {}\n", o.output);
    return 4;
  }
  std::cerr << fmt::format("wrote {}\n", o.output);
  return 0;
}

}  // namespace klaxon::cli
