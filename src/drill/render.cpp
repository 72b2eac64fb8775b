#include "drill/render.h"

#include <fmt/format.h>

#include "notify/slack/messages.h"

namespace klaxon::drill {
namespace {

namespace json = boost::json;

std::string_view KindName(Entry::Kind k) {
  switch (k) {
    case Entry::Kind::kAlert: return "alert";
    case Entry::Kind::kRun: return "run";
    case Entry::Kind::kNotify: return "notify";
    case Entry::Kind::kPage: return "page";
    case Entry::Kind::kEngine: return "klaxon";
  }
  return "klaxon";
}

std::string When(Time t) { return notify::slack::FormatDetected(t); }

std::string PageText(const Report& r, const Entry& e) {
  std::string level = e.pass > 1 ? fmt::format("level {} (pass {})", e.level, e.pass)
                                 : fmt::format("level {}", e.level);
  std::string who;
  for (const auto& p : e.people) {
    std::string why = p.schedule.empty() ? "" : "on call in " + p.schedule;
    std::string detail = p.id;
    if (!why.empty()) detail += ", " + why;
    if (!p.contact.empty()) detail += "; " + p.contact;
    who += fmt::format("{}{} ({})", who.empty() ? "" : ", ", p.name.empty() ? p.id : p.name,
                       detail);
  }
  if (who.empty()) who = "NOBODY";
  for (const auto& g : e.gaps) {
    who += fmt::format(" · nobody on call in {} from {} to {}", g.schedule,
                       g.from ? When(*g.from) : "its start", g.to ? When(*g.to) : "forever");
  }
  std::string next;
  if (e.deadline) {
    next = fmt::format(" · next at {} ({}) unless acknowledged", When(*e.deadline),
                       Offset(*e.deadline - r.start));
  }
  return fmt::format("page {} ({}): {}{}", level, e.policy, who, next);
}

std::string Line(const Report& r, const Entry& e) {
  std::string text;
  switch (e.kind) {
    case Entry::Kind::kPage: text = PageText(r, e); break;
    case Entry::Kind::kRun:
      text = e.text;
      if (e.step_kind == "exec") {
        text += e.found ? fmt::format("  [found: {}]", *e.found) : std::string("  [NOT FOUND]");
      }
      break;
    case Entry::Kind::kEngine: text = "klaxon: " + e.text; break;
    default: text = e.text;
  }
  return fmt::format("{:<10} {}  {}\n", Offset(e.at - r.start), When(e.at), text);
}

json::value OptTime(const std::optional<Time>& t) {
  return t ? json::value(FormatTimestamp(*t)) : json::value(nullptr);
}

}  // namespace

std::string Offset(Duration d) {
  auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s < 0) s = 0;
  long days = s / 86400, hours = (s / 3600) % 24, minutes = (s / 60) % 60, secs = s % 60;
  if (days > 0) return fmt::format("+{}d{:02}h{:02}m", days, hours, minutes);
  if (hours > 0) return fmt::format("+{}h{:02}m{:02}s", hours, minutes, secs);
  return fmt::format("+{}m{:02}s", minutes, secs);
}

std::string Text(const Report& r) {
  std::string out = fmt::format(
      "Drill of {} \"{}\" at {}, from {} (simulated: nothing is sent, nothing runs)\n", r.runbook,
      r.title, r.severity, When(r.start));
  for (const auto& e : r.entries) out += Line(r, e);
  out += r.exhausted
             ? fmt::format("Escalation exhausted at {} ({}): nobody acknowledged.\n",
                           When(r.end), Offset(r.end - r.start))
             : fmt::format("Drill ended at {} ({}).\n", When(r.end), Offset(r.end - r.start));
  int errors = 0, warnings = 0;
  for (const auto& p : r.problems) {
    out += fmt::format("{}: {}\n", p.error ? "error" : "warning", p.message);
    (p.error ? errors : warnings)++;
  }
  out += fmt::format("{}: {} error(s), {} warning(s)\n", r.runbook, errors, warnings);
  return out;
}

json::object Json(const Report& r) {
  json::array entries;
  for (const auto& e : r.entries) {
    json::object o{{"offset", Offset(e.at - r.start)},
                   {"offset_seconds",
                    std::chrono::duration_cast<std::chrono::seconds>(e.at - r.start).count()},
                   {"at", FormatTimestamp(e.at)},
                   {"kind", KindName(e.kind)},
                   {"text", e.kind == Entry::Kind::kPage ? PageText(r, e) : e.text}};
    if (e.kind == Entry::Kind::kNotify) o["channel"] = e.channel;
    if (e.kind == Entry::Kind::kRun) {
      o["channel"] = e.channel;
      o["step"] = e.step;
      o["step_kind"] = e.step_kind;
      if (e.step_kind == "exec") {
        json::array argv;
        for (const auto& a : e.argv) argv.emplace_back(a);
        o["argv"] = std::move(argv);
        o["found"] = e.found ? json::value(*e.found) : json::value(nullptr);
      }
    }
    if (e.kind == Entry::Kind::kPage) {
      o["policy"] = e.policy;
      o["level"] = e.level;
      o["pass"] = e.pass;
      o["deadline"] = OptTime(e.deadline);
      json::array people, gaps;
      for (const auto& p : e.people) {
        people.push_back(json::object{{"id", p.id}, {"name", p.name}, {"contact", p.contact},
                                      {"schedule", p.schedule}});
      }
      for (const auto& g : e.gaps) {
        gaps.push_back(
            json::object{{"schedule", g.schedule}, {"from", OptTime(g.from)}, {"to", OptTime(g.to)}});
      }
      o["people"] = std::move(people);
      o["gaps"] = std::move(gaps);
    }
    entries.push_back(std::move(o));
  }
  json::array problems;
  for (const auto& p : r.problems) {
    problems.push_back(
        json::object{{"level", p.error ? "error" : "warning"}, {"message", p.message}});
  }
  return json::object{{"runbook", r.runbook},
                      {"title", r.title},
                      {"severity", r.severity},
                      {"incident", r.incident},
                      {"start", FormatTimestamp(r.start)},
                      {"end", FormatTimestamp(r.end)},
                      {"exhausted", r.exhausted},
                      {"ok", r.ok()},
                      {"entries", std::move(entries)},
                      {"problems", std::move(problems)}};
}

}  // namespace klaxon::drill
