#pragma once
// `klaxon status ...`: the public status page on a running server
// (api/status_page_handlers.h), for leads and admins.
//   klaxon status draft INC-42
//   klaxon status publish INC-42 [--title --body --status --impact --component id=status ...]
//   klaxon status update 3 --status identified [--body --impact --component id=status ...]
//   klaxon status resolve 3 [--body]
//   klaxon status maintenance schedule --title --from (--until | --duration) [--body --component id ...]
//   klaxon status maintenance cancel 2
//   klaxon status show                      (the public summary)

#include <optional>
#include <string>
#include <vector>

#include "cli/api_client.h"

namespace klaxon::cli {

struct StatusOptions {
  std::string title, body, status, impact;
  // publish/update: "id=status"; maintenance: component ids.
  std::vector<std::string> components;
  std::string from, until, duration;  // maintenance
};

// Exit codes as for `klaxon incidents`; 2 for a malformed --component.
int StatusDraft(const ClientOptions& c, const std::string& incident);
int StatusPublish(const ClientOptions& c, const std::string& incident, const StatusOptions& o);
int StatusUpdate(const ClientOptions& c, const std::string& id, const StatusOptions& o, bool resolve);
int StatusSchedule(const ClientOptions& c, const StatusOptions& o);
int StatusCancel(const ClientOptions& c, const std::string& id);
int StatusShow(const ClientOptions& c);

}  // namespace klaxon::cli
