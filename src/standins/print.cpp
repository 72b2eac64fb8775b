#include "standins/print.h"

#include <string_view>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::standins {
namespace {

std::string Indent(std::string_view text) {
  std::string out = "    ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out + "\n";
}

}  // namespace

SlackStandin::Observer PrintSlack(PrintFn print) {
  return [print = std::move(print)](const SlackStandin::Received& r, const SlackStandin::Message* m) {
    if (!r.error.empty()) {
      print(fmt::format("[slack] {} -> {} {}{}\n", r.endpoint, r.status, r.error,
                        r.detail.empty() ? "" : " (" + r.detail + ")"));
      return;
    }
    if (m == nullptr) {  // an answer posted to a response_url
      print(fmt::format("[slack] {} {}\n", r.endpoint, r.body));
      return;
    }
    std::string where = m->thread_ts.empty() ? "" : " thread " + m->thread_ts;
    // Channel ids print as given; names already carry their '#'.
    std::string channel = m->channel.starts_with("#") ? m->channel : "#" + m->channel;
    print(fmt::format("[slack] {} {} ts {}{}\n", r.endpoint, channel, m->ts, where) + Indent(m->text));
  };
}

PagerDutyStandin::Observer PrintPagerDuty(PrintFn print) {
  return [print = std::move(print)](const PagerDutyStandin::Received& r,
                                    const PagerDutyStandin::Event* e) {
    if (e == nullptr) {
      std::string errors;
      for (const auto& err : r.errors) errors += "\n    " + err;
      print(fmt::format("[pagerduty] /v2/enqueue -> {}{}\n", r.status, errors));
      return;
    }
    std::string line = fmt::format("[pagerduty] {} {}", e->event_action, e->dedup_key);
    if (const auto* p = e->body.if_contains("payload"); p != nullptr && p->is_object()) {
      const auto& payload = p->get_object();
      if (const auto* s = payload.if_contains("severity")) line += " " + boost::json::serialize(*s);
      if (const auto* s = payload.if_contains("summary")) line += " " + boost::json::serialize(*s);
    }
    print(line + "\n");
  };
}

}  // namespace klaxon::standins
