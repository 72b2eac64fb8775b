#include "standins/print.h"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <utility>

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

// The lines of `now` that `before` did not have, in order.
std::string NewLines(const std::string& before, const std::string& now) {
  std::set<std::string_view> old;
  std::string_view rest = before;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    old.insert(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  std::string out;
  rest = now;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!old.contains(line)) out += std::string(out.empty() ? "" : "\n") + std::string(line);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return out;
}

// What each message said when last printed, so an edit prints what changed.
struct Printed {
  std::mutex mu;
  std::map<std::string, std::string> text;  // channel + " " + ts -> text; guarded by mu
};

}  // namespace

SlackStandin::Observer PrintSlack(PrintFn print) {
  auto printed = std::make_shared<Printed>();
  return [print = std::move(print), printed](const SlackStandin::Received& r,
                                             const SlackStandin::Message* m) {
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
    std::string before;
    {
      std::lock_guard lock(printed->mu);
      std::string& text = printed->text[m->channel + " " + m->ts];
      before = std::exchange(text, m->text);
    }
    if (m->edits > 0 && !before.empty()) {  // an edit: what changed
      std::string changed = NewLines(before, m->text);
      print(fmt::format("[slack] {} {} ts {} (edited{})\n", r.endpoint, channel, m->ts,
                        changed.empty() ? ", unchanged" : "") +
            (changed.empty() ? "" : Indent(changed)));
      return;
    }
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
