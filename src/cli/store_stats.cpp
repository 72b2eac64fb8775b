#include "cli/store_stats.h"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "store/sqlite/store_stats.h"

namespace klaxon::cli {

int PrintStoreStats(const std::string& data_dir) {
  std::string path = (std::filesystem::path(data_dir) / "klaxon.db").string();
  auto stats = store::sqlite::ReadStoreStats(path);
  if (!stats) {
    std::cerr << fmt::format("klaxon: {}\n", stats.error().message);
    return 1;
  }
  std::cout << fmt::format(R"({{"alerts":{},"firing":{},"incidents":{},"timers":{}}})", stats->alerts,
                           stats->firing, stats->incidents, stats->timers)
            << "\n";
  return 0;
}

}  // namespace klaxon::cli
