#include "demo/railway.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include "http/client.h"

namespace klaxon::demo {
namespace {

// 'text' quoted for sh: paths of the binary and the data directory.
std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int RunRailway(const std::string& sim_url, const std::vector<std::string>& args) {
  http::ClientRequest req;
  req.method = "POST";
  req.url = sim_url + "/railway";
  req.headers.emplace_back("Content-Type", "application/json");
  req.body = boost::json::serialize(boost::json::object{{"args", boost::json::value_from(args)}});
  auto resp = http::Send(req);
  if (!resp) {
    std::cerr << "railway stand-in: " << resp.error().message << "\n";
    return 1;
  }
  (resp->status == 200 ? std::cout : std::cerr) << resp->body;
  return resp->status == 200 ? 0 : 1;
}

bool WriteRailwayScript(const std::string& path, const std::string& klaxon,
                        const std::string& sim_url) {
  {
    std::ofstream out(path, std::ios::trunc);
    out << "#!/bin/sh\n# The Railway CLI of `klaxon demo` (klaxon demo-railway).\nexec "
        << ShellQuote(klaxon) << " demo-railway --sim " << ShellQuote(sim_url) << " \"$@\"\n";
    if (!out) return false;
  }
  std::error_code ec;
  namespace fs = std::filesystem;
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec, ec);
  return !ec;
}

}  // namespace klaxon::demo
