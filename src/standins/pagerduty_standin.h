#pragma once
// A PagerDuty Events API v2 stand-in: a real HTTP server on 127.0.0.1 with
// `POST /v2/enqueue`, validating events the way PagerDuty documents them and
// answering in PagerDuty's envelopes:
//   202 {"status":"success","message":"Event processed","dedup_key":"..."}
//   400 {"status":"invalid event","message":"Event object is invalid","errors":[...]}
//   429 {"status":"throttle event","message":"Requests for this service are
//        arriving too quickly.  Please retry later."}   (scripted)
//   500 (scripted)
// Checked: JSON object body sent as application/json; routing_key of 32
// characters (and, if `routing_keys` is set, one of them); event_action
// trigger|acknowledge|resolve; dedup_key <= 255 and required for
// acknowledge/resolve; for triggers payload.summary (<= 1024), payload.source,
// payload.severity (critical|error|warning|info, case-sensitive),
// payload.timestamp (ISO 8601), component/group/class/client/client_url
// strings, custom_details an object, links[] with href, images[] with an
// https src. A trigger without dedup_key gets a generated one.
//
// Alerts are tracked per (routing_key, dedup_key) as PagerDuty does: a
// trigger opens one (or adds a log entry), acknowledge/resolve act on an open
// one and are otherwise dropped (still 202), a trigger after a resolve opens
// a new alert.
//
// Thread-safe: state is guarded by one mutex; accessors return copies.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"
#include "http/router.h"
#include "http/server.h"
#include "standins/scripted.h"

namespace klaxon::standins {

struct PagerDutyOptions {
  std::vector<std::string> routing_keys;  // empty: any 32-character key is accepted
  uint16_t port = 0;
};

class PagerDutyStandin {
 public:
  struct Event {  // an accepted event
    std::string routing_key;
    std::string event_action;
    std::string dedup_key;  // as answered (generated if the trigger had none)
    boost::json::object body;
  };
  struct Received {  // every request, in arrival order
    int status = 0;
    std::vector<std::string> errors;  // 400: PagerDuty's error list
    std::string body;
  };
  struct Alert {
    std::string routing_key;
    std::string dedup_key;
    std::string status;  // "triggered" | "acknowledged" | "resolved"
    int log_entries = 0;  // events applied to it
  };
  // Called after each request, on a server thread, outside the lock;
  // `event` is set when it was accepted.
  using Observer = std::function<void(const Received& request, const Event* event)>;

  static Result<std::unique_ptr<PagerDutyStandin>> Start(PagerDutyOptions options,
                                                         Observer observer = nullptr);
  ~PagerDutyStandin();
  PagerDutyStandin(const PagerDutyStandin&) = delete;
  PagerDutyStandin& operator=(const PagerDutyStandin&) = delete;

  uint16_t port() const;
  std::string EnqueueUrl() const;  // "http://127.0.0.1:<port>/v2/enqueue"

  std::vector<Event> Events() const;
  std::vector<Received> Requests() const;
  // The latest alert for this dedup_key (any routing key), if any.
  std::optional<Alert> FindAlert(std::string_view dedup_key) const;
  std::vector<Alert> Alerts() const;

  // The next `count` requests get `status` (429 or 5xx), with Retry-After
  // when retry_after_seconds > 0.
  void FailNext(int count, int status, int retry_after_seconds = 0);

 private:
  PagerDutyStandin(PagerDutyOptions options, Observer observer);
  void Handle(http::Request& request, http::Reply reply);

  const PagerDutyOptions options_;
  const Observer observer_;
  http::Router router_;  // must outlive server_
  mutable std::mutex mu_;
  std::vector<Event> events_;        // guarded by mu_
  std::vector<Received> requests_;   // guarded by mu_
  std::vector<Alert> alerts_;        // guarded by mu_
  ScriptedFailures failures_;        // guarded by mu_
  uint64_t next_key_ = 1;            // guarded by mu_
  std::unique_ptr<http::Server> server_;
};

}  // namespace klaxon::standins
