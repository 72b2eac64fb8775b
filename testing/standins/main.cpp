// klaxon-standins: the Slack and PagerDuty stand-ins as one process, for
// demos and manual runs. Prints every request it receives, readably, until
// SIGINT or SIGTERM.
//
//   klaxon-standins [--slack-port N] [--pagerduty-port N] [--slack-token T]
//                   [--slack-channel C0INCIDENTS] [--slack-user U04MAYA0001]...
// Ports default to 0 (any free port); the chosen URLs are printed first.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "standins/pagerduty_standin.h"
#include "standins/slack_standin.h"

namespace {

using klaxon::standins::PagerDutyStandin;
using klaxon::standins::SlackStandin;

std::mutex print_mu;  // one request's lines stay together

void Print(const std::string& text) {
  std::lock_guard lock(print_mu);
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

std::string Indent(std::string_view text) {
  std::string out = "    ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out + "\n";
}

void OnSlack(const SlackStandin::Received& r, const SlackStandin::Message* m) {
  if (!r.error.empty()) {
    Print(fmt::format("[slack] {} -> {} {}{}\n", r.endpoint, r.status, r.error,
                      r.detail.empty() ? "" : " (" + r.detail + ")"));
    return;
  }
  if (m == nullptr) {  // an answer posted to a response_url
    Print(fmt::format("[slack] {} {}\n", r.endpoint, r.body));
    return;
  }
  std::string where = m->thread_ts.empty() ? "" : " thread " + m->thread_ts;
  // Channel ids print as given; names already carry their '#'.
  std::string channel = m->channel.starts_with("#") ? m->channel : "#" + m->channel;
  Print(fmt::format("[slack] {} {} ts {}{}\n", r.endpoint, channel, m->ts, where) +
        Indent(m->text));
}

void OnPagerDuty(const PagerDutyStandin::Received& r, const PagerDutyStandin::Event* e) {
  if (e == nullptr) {
    std::string errors;
    for (const auto& err : r.errors) errors += "\n    " + err;
    Print(fmt::format("[pagerduty] /v2/enqueue -> {}{}\n", r.status, errors));
    return;
  }
  std::string line = fmt::format("[pagerduty] {} {}", e->event_action, e->dedup_key);
  if (const auto* p = e->body.if_contains("payload"); p != nullptr && p->is_object()) {
    const auto& payload = p->get_object();
    if (const auto* s = payload.if_contains("severity")) line += " " + boost::json::serialize(*s);
    if (const auto* s = payload.if_contains("summary")) line += " " + boost::json::serialize(*s);
  }
  Print(line + "\n");
}

bool ParsePort(const char* text, uint16_t& port) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < 0 || v > 65535) return false;
  port = static_cast<uint16_t>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  klaxon::standins::SlackOptions slack;
  klaxon::standins::PagerDutyOptions pagerduty;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    bool ok = value != nullptr;
    if (ok && flag == "--slack-port") {
      ok = ParsePort(value, slack.port);
    } else if (ok && flag == "--pagerduty-port") {
      ok = ParsePort(value, pagerduty.port);
    } else if (ok && flag == "--slack-token") {
      slack.bot_token = value;
    } else if (ok && flag == "--slack-channel") {
      slack.channels = {value};
      slack.webhook_channel = value;
    } else if (ok && flag == "--slack-user") {
      slack.users.push_back(value);  // may repeat: users the bot can DM
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr,
                   "usage: klaxon-standins [--slack-port N] [--pagerduty-port N] "
                   "[--slack-token T] [--slack-channel C] [--slack-user U]...\n");
      return 2;
    }
    ++i;
  }
  // Block the stop signals before any server thread starts, then wait for one.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  auto s = SlackStandin::Start(slack, &OnSlack);
  if (!s) {
    std::fprintf(stderr, "slack stand-in: %s\n", s.error().message.c_str());
    return 1;
  }
  auto p = PagerDutyStandin::Start(pagerduty, &OnPagerDuty);
  if (!p) {
    std::fprintf(stderr, "pagerduty stand-in: %s\n", p.error().message.c_str());
    return 1;
  }
  Print(fmt::format(
      "slack      web API {}  (token {}, channel {})\n           webhook {}\n"
      "pagerduty  events  {}\n",
      (*s)->ApiUrl("chat.postMessage"), slack.bot_token, slack.channels.front(),
      (*s)->WebhookUrl(), (*p)->EnqueueUrl()));
  int signal = 0;
  sigwait(&stop, &signal);
  return 0;
}
