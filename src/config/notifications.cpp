// `notifications`: channels (where incident events go), routes (which
// events of which incidents go to which channels) and the retry policy.
// Secrets (Slack token or webhook URL, PagerDuty routing key, webhook
// signing secret) must come from the environment: written in the file they
// would end up in version control.
#include <algorithm>

#include <fmt/format.h>

#include "config/nearest.h"
#include "config/sections.h"
#include "config/url.h"

namespace klaxon::config {
namespace {

const std::vector<std::string> kChannelTypes = {"slack", "pagerduty", "webhook"};
// The events a route may name in `on:` (notify::Event without "incident.").
const std::vector<std::string> kEvents = {"opened",           "acknowledged", "updated",
                                          "severity_changed", "escalated",    "reopened",
                                          "resolved",         "update_due"};

// The keys each channel type accepts besides id, type and retry.
std::vector<std::string> TypeKeys(std::string_view type) {
  if (type == "slack") return {"token", "webhook_url", "channel", "api_url", "signing_secret"};
  if (type == "pagerduty") return {"routing_key", "events_url", "webhook_secret"};
  return {"url", "secret"};
}

// How references see a channel: its type, with a Slack incoming webhook
// apart from a Slack bot (only a bot can post to a person).
std::string_view TypeLabel(const NotificationChannel& c) {
  if (c.type == "slack" && c.token.empty() && !c.webhook_url.empty()) return "slack incoming-webhook";
  return c.type;
}

void ReadRetry(Reader& r, const Ref& ref, std::string what, RetryPolicy& out) {
  MapReader m(r, ref, std::move(what), {"initial", "max", "horizon"});
  if (!m.ok()) return;
  m.ReadDuration("initial", out.initial, /*allow_zero=*/false);
  m.ReadDuration("max", out.max, /*allow_zero=*/false);
  m.ReadDuration("horizon", out.horizon, /*allow_zero=*/false);
  if (out.max < out.initial) {
    r.Error(m.origin(), fmt::format("retry max ({}) must not be less than initial ({})",
                                    FormatDuration(out.max), FormatDuration(out.initial)));
  }
}

// A secret: required to reference the environment.
void ReadSecret(Reader& r, MapReader& m, std::string_view key, std::string& out) {
  auto text = m.String(key);
  if (!text) return;
  if (text->env_vars.empty()) {
    r.Error(text->origin, fmt::format("{} is a secret: write a reference to the environment, "
                                      "e.g. \"${{SLACK_BOT_TOKEN}}\", not the value",
                                      key));
    return;
  }
  out = text->value;
}

void ReadUrl(Reader& r, MapReader& m, std::string_view key, std::string& out) {
  auto text = m.String(key);
  if (!text) return;
  if (CheckHttpUrl(r, *text, key)) out = text->value;
}

void CheckSlack(Reader& r, MapReader& m, NotificationChannel& c) {
  ReadSecret(r, m, "token", c.token);
  if (const Ref* ref = m.Find("webhook_url")) {
    auto text = r.String(*ref);
    if (text && text->env_vars.empty()) {
      r.Error(text->origin, "webhook_url is a secret (the URL is the key): write a reference to "
                            "the environment, e.g. \"${SLACK_WEBHOOK_URL}\", not the value");
    } else if (text && CheckHttpUrl(r, *text, "webhook_url")) {
      c.webhook_url = text->value;
    }
  }
  m.Read("channel", c.channel);
  ReadUrl(r, m, "api_url", c.api_url);
  ReadSecret(r, m, "signing_secret", c.signing_secret);
  bool token = m.Find("token") != nullptr;
  bool webhook = m.Find("webhook_url") != nullptr;
  if (token == webhook) {
    r.Error(m.origin(), "a slack channel needs exactly one of token (Web API) or webhook_url "
                        "(incoming webhook)");
  }
  if (token && !m.Find("channel")) {
    r.Error(m.origin(), "a slack channel with a token needs \"channel\" (e.g. \"#incidents\" or "
                        "a channel ID)");
  }
  if (webhook && m.Find("channel")) {
    r.Error(m.Find("channel")->origin, "an incoming webhook posts to the channel it was created "
                                       "for; remove \"channel\"");
  }
}

// The keys of a channel of type c.type (already set), into `c`.
void ReadChannel(Reader& r, MapReader& m, NotificationChannel& c) {
  std::vector<std::string> own = TypeKeys(c.type);
  for (const Entry& e : m.entries()) {
    if (e.key == "id" || e.key == "type" || e.key == "retry") continue;
    if (std::find(own.begin(), own.end(), e.key) == own.end()) {
      r.Error(e.key_origin, fmt::format("{} does not apply to a {} channel (its keys: {})",
                                        Quote(e.key), c.type, JoinNames(own, 8)));
    }
  }
  if (c.type == "slack") {
    CheckSlack(r, m, c);
  } else if (c.type == "pagerduty") {
    if (!m.Get("routing_key", Need::kRequired)) return;
    ReadSecret(r, m, "routing_key", c.routing_key);
    ReadUrl(r, m, "events_url", c.events_url);
    ReadSecret(r, m, "webhook_secret", c.webhook_secret);
  } else {
    ReadUrl(r, m, "url", c.url);
    if (!m.Get("url", Need::kRequired)) return;
    if (!m.Get("secret", Need::kRequired)) return;
    ReadSecret(r, m, "secret", c.secret);
  }
  if (const Ref* retry = m.Find("retry")) {
    ReadRetry(r, *retry, fmt::format("retry of channel {}", c.id), c.retry);
  }
}

std::optional<NotificationChannel> ParseChannel(Reader& r, const Ref& item, Catalog& catalog,
                                                const RetryPolicy& defaults) {
  std::vector<std::string> allowed = {"id", "type", "retry"};
  for (const auto& t : kChannelTypes) {
    for (auto& k : TypeKeys(t)) {
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) allowed.push_back(k);
    }
  }
  MapReader m(r, item, "notification channel", allowed);
  if (!m.ok()) return std::nullopt;
  NotificationChannel c;
  c.origin = m.origin();
  c.retry = defaults;
  auto id = m.Id("id", Need::kRequired);
  if (id) c.id = id->value;
  const Ref* type = m.Get("type", Need::kRequired);
  auto t = type ? r.Choice(*type, "channel type", kChannelTypes) : std::nullopt;
  if (t) {
    c.type = t->value;
    ReadChannel(r, m, c);
  }
  if (id) catalog.Declare(Kind::kChannel, *id, std::string(TypeLabel(c)));
  return c;
}

std::optional<NotificationRoute> ParseRoute(Reader& r, const Ref& item, Catalog& catalog) {
  MapReader m(r, item, "notification route", {"notify", "severities", "runbooks", "on", "stop"});
  if (!m.ok()) return std::nullopt;
  NotificationRoute route;
  route.origin = m.origin();
  if (const Ref* notify = m.Get("notify", Need::kRequired)) {
    route.channels = ReferIds(r, *notify, catalog, Kind::kChannel);
    if (route.channels.empty() && notify->node.IsSequence()) {
      r.Error(notify->origin, "a route needs at least one channel in \"notify\"");
    }
  }
  if (const Ref* s = m.Find("severities")) route.severities = ReferIds(r, *s, catalog, Kind::kSeverity);
  if (const Ref* rb = m.Find("runbooks")) route.runbooks = ReferIds(r, *rb, catalog, Kind::kRunbook);
  if (const Ref* on = m.Find("on")) {
    if (auto items = r.Items(*on)) {
      for (const Ref& e : *items) {
        if (auto event = r.Choice(e, "event", kEvents)) route.events.push_back(event->value);
      }
    }
  }
  m.ReadBool("stop", route.stop);
  return route;
}

std::optional<HandoffSettings> ParseHandoff(Reader& r, const Ref& ref, Catalog& catalog) {
  MapReader m(r, ref, "notifications.handoff", {"notify", "schedules", "direct", "dm_via"});
  if (!m.ok()) return std::nullopt;
  HandoffSettings h;
  h.origin = m.origin();
  if (const Ref* notify = m.Find("notify")) {
    if (auto items = r.Items(*notify)) {
      for (const Ref& item : *items) {
        if (auto id = r.Id(item)) {
          catalog.ReferTyped(Kind::kChannel, *id, {"slack", "slack incoming-webhook", "webhook"},
                             "handoff briefs go to slack or webhook channels (a brief is not a "
                             "page)");
          h.channels.push_back(id->value);
        }
      }
    }
  }
  if (const Ref* s = m.Find("schedules")) h.schedules = ReferIds(r, *s, catalog, Kind::kSchedule);
  m.ReadBool("direct", h.direct);
  if (auto via = m.Id("dm_via")) {
    catalog.ReferTyped(Kind::kChannel, *via, {"slack"},
                       "dm_via names a slack channel with a token: its bot sends the direct "
                       "messages");
    h.dm_via = via->value;
  }
  if (h.channels.empty() && !h.direct) {
    r.Error(m.origin(), "notifications.handoff sends nothing: list channels in \"notify\" or "
                        "set direct: true");
  }
  return h;
}

}  // namespace

void ParseNotifications(Reader& r, const Ref& section, Catalog& catalog,
                        NotificationSettings& out) {
  MapReader m(r, section, "notifications", {"retry", "channels", "routes", "handoff"});
  if (!m.ok()) return;
  // The default retry first: channels inherit it.
  if (const Ref* retry = m.Find("retry")) ReadRetry(r, *retry, "notifications.retry", out.retry);
  if (const Ref* channels = m.Find("channels")) {
    if (auto items = r.Items(*channels)) {
      for (const Ref& item : *items) {
        if (auto c = ParseChannel(r, item, catalog, out.retry)) out.channels.push_back(std::move(*c));
      }
    }
  }
  if (const Ref* routes = m.Find("routes")) {
    if (auto items = r.Items(*routes)) {
      for (const Ref& item : *items) {
        if (auto route = ParseRoute(r, item, catalog)) out.routes.push_back(std::move(*route));
      }
    }
  }
  if (const Ref* handoff = m.Find("handoff")) out.handoff = ParseHandoff(r, *handoff, catalog);
}

void ResolveHandoff(const Config& cfg, Diagnostics& diagnostics, HandoffSettings& h) {
  if (h.dm_via.empty()) {
    for (const auto& c : cfg.notifications.channels) {
      if (c.type == "slack" && !c.token.empty()) {
        h.dm_via = c.id;
        break;
      }
    }
  }
  if (!h.direct || !h.dm_via.empty()) return;
  // Direct briefs reach people on Slack only through a bot: name those who
  // would be missed.
  std::vector<std::string> missed;
  auto note = [&](const std::string& id) {
    const Person* p = cfg.FindPerson(id);
    if (p && !p->slack_user.empty() && std::find(missed.begin(), missed.end(), id) == missed.end()) {
      missed.push_back(id);
    }
  };
  for (const auto& s : cfg.schedules) {
    if (!h.Covers(s.spec.id)) continue;
    for (const auto& layer : s.spec.layers) {
      for (const auto& id : layer.participants) note(id);
    }
    for (const auto& o : s.spec.overrides) note(o.person);
  }
  if (missed.empty()) return;
  diagnostics.Add(h.origin, fmt::format("handoff briefs go to the incoming person's Slack user "
                                        "({}), but no slack channel with a token can send them: "
                                        "add one (and name it in dm_via), or set direct: false",
                                        JoinNames(missed)));
}

bool HandoffSettings::Covers(std::string_view schedule) const {
  return schedules.empty() || std::find(schedules.begin(), schedules.end(), schedule) !=
                                  schedules.end();
}

const NotificationChannel* NotificationSettings::FindChannel(std::string_view id) const {
  for (const auto& c : channels) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace klaxon::config
