// `people`: who responds, their role, and their contact routes (how klaxon
// reaches each one directly): a Slack user id, a PagerDuty user or routing
// key, an e-mail address, a webhook channel. Formats are checked here;
// `webhook` is checked against the channels once every file is read.
#include <fmt/format.h>

#include "access/role.h"
#include "config/sections.h"

namespace klaxon::config {
namespace {

bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Slack user ids: "U" (or "W" on Enterprise Grid) and upper-case letters and
// digits, e.g. U04MAYA0001.
bool IsSlackUserId(std::string_view s) {
  if (s.size() < 3 || s.size() > 21 || (s[0] != 'U' && s[0] != 'W')) return false;
  for (char c : s) {
    if (!IsUpperAlnum(c)) return false;
  }
  return true;
}

// PagerDuty object ids: an upper-case letter and upper-case letters and
// digits, e.g. PXPGF42.
bool IsPagerDutyId(std::string_view s) {
  if (s.size() < 6 || s.size() > 20 || s[0] < 'A' || s[0] > 'Z') return false;
  for (char c : s) {
    if (!IsUpperAlnum(c)) return false;
  }
  return true;
}

void ReadSlack(Reader& r, MapReader& m, Catalog& catalog, Person& p) {
  auto slack = m.String("slack");
  if (!slack) return;
  if (!IsSlackUserId(slack->value)) {
    r.Error(slack->origin, fmt::format("invalid Slack user id {}: expected U or W followed by "
                                       "upper-case letters and digits, e.g. U04MAYA0001 (the "
                                       "member ID in the person's Slack profile)",
                                       Describe(*slack)));
    return;
  }
  // One Slack user acts as one person (buttons, /incident).
  catalog.Declare(Kind::kSlackUser, *slack);
  p.slack_user = slack->value;
}

void ReadPagerDuty(Reader& r, const Ref& ref, PagerDutyContact& out) {
  MapReader m(r, ref, "pagerduty contact", {"user", "routing_key"});
  if (!m.ok()) return;
  if (m.Find("user") && m.Find("routing_key")) {
    r.Error(m.origin(), "a pagerduty contact has one of \"user\" or \"routing_key\", not both");
    return;
  }
  if (auto user = m.String("user")) {
    if (!IsPagerDutyId(user->value)) {
      r.Error(user->origin, fmt::format("invalid PagerDuty user id {}: expected upper-case "
                                        "letters and digits, e.g. PXPGF42",
                                        Describe(*user)));
    } else {
      out.user = user->value;
    }
  } else if (auto key = m.String("routing_key")) {
    if (key->env_vars.empty()) {
      r.Error(key->origin, "routing_key is a secret: write a reference to the environment, e.g. "
                           "\"${MAYA_PAGERDUTY_KEY}\", not the value");
    } else if (key->value.empty()) {
      r.Error(key->origin, fmt::format("routing_key {} is empty", Describe(*key)));
    } else {
      out.routing_key = key->value;
    }
  } else if (!m.Find("user") && !m.Find("routing_key") && m.entries().size() == ref.node.size()) {
    // (Unknown keys were reported already; only an empty map lands here.)
    r.Error(m.origin(), "a pagerduty contact needs \"user\" (a PagerDuty user id) or "
                        "\"routing_key\" (the person's own Events API key)");
  }
}

}  // namespace

const std::vector<std::string>& RoleNames() {
  static const std::vector<std::string> kNames = {"viewer", "engineer", "oncall", "lead", "admin"};
  return kNames;
}

void ParsePeople(Reader& r, const Ref& section, Catalog& catalog, std::vector<Person>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "person",
                {"id", "name", "email", "slack", "pagerduty", "webhook", "phone", "role"});
    if (!m.ok()) continue;
    Person p;
    p.origin = m.origin();
    if (auto id = m.Id("id", Need::kRequired)) {
      p.id = id->value;
      catalog.Declare(Kind::kPerson, *id);
    }
    m.Read("name", p.name, Need::kRequired);
    if (auto email = m.String("email")) {
      if (email->value.find('@') == std::string::npos ||
          email->value.find(' ') != std::string::npos) {
        r.Error(email->origin, fmt::format("invalid email address {}", Describe(*email)));
      } else {
        p.email = email->value;
      }
    }
    ReadSlack(r, m, catalog, p);
    if (const Ref* pd = m.Find("pagerduty")) ReadPagerDuty(r, *pd, p.pagerduty);
    if (auto webhook = m.Id("webhook")) {
      catalog.ReferTyped(Kind::kChannel, *webhook, {"webhook"},
                         "a person's \"webhook\" names a channel of type webhook");
      p.webhook = webhook->value;
    }
    m.Read("phone", p.phone);
    if (const Ref* role = m.Get("role", Need::kOptional)) {
      if (auto t = r.Choice(*role, "role", RoleNames())) p.role = *access::ParseRole(t->value);
    }
    out.push_back(std::move(p));
  }
}

}  // namespace klaxon::config
