// `schedules`: on-call rotations. The values are checked with the oncall
// module's own parsers, so the configuration accepts exactly what the
// resolver can use; a schedule that loads always passes oncall::Validate.
#include <fmt/format.h>

#include "config/nearest.h"
#include "config/sections.h"
#include "oncall/schedule.h"

namespace klaxon::config {
namespace {

// The oncall parsers quote their input; a value from the environment must not
// be shown, so then only the variable is named.
template <class T>
std::optional<T> Checked(Reader& r, const Text& text, Result<T> parsed, std::string_view what,
                         std::string_view expected) {
  if (parsed) return *parsed;
  r.Error(text.origin, text.env_vars.empty()
                           ? parsed.error().message
                           : fmt::format("invalid {} {}: {}", what, Describe(text), expected));
  return std::nullopt;
}

std::optional<oncall::TimeZone> ZoneOf(Reader& r, const Text& text) {
  auto zone = oncall::TimeZone::Find(text.value);
  if (zone) return *zone;
  if (zone.error().code != ErrorCode::kInvalidArgument) {
    r.Error(text.origin, zone.error().message);
    return std::nullopt;
  }
  std::string message = fmt::format("unknown time zone {}", Describe(text));
  if (text.env_vars.empty()) message += DidYouMean(text.value, oncall::ZoneNames());
  r.Error(text.origin, message + " (use an IANA name such as Europe/Berlin, America/New_York or "
                                 "UTC)");
  return std::nullopt;
}

std::optional<Time> TimestampOf(Reader& r, const Text& text) {
  return Checked(r, text, ParseTimestamp(text.value), "timestamp",
                 "expected RFC 3339 such as 2025-08-07T09:00:00+02:00");
}

std::optional<oncall::Layer> ParseLayer(Reader& r, const Ref& item, Catalog& catalog) {
  MapReader m(r, item, "layer", {"name", "participants", "shift", "handoff", "start"});
  if (!m.ok()) return std::nullopt;
  oncall::Layer layer;
  bool ok = true;
  m.Read("name", layer.name);
  if (const Ref* list = m.Get("participants", Need::kRequired)) {
    if (auto items = r.Items(*list)) {
      if (items->empty()) {
        r.Error(list->origin, "a layer needs at least one participant");
        ok = false;
      }
      for (const Ref& p : *items) {
        if (auto id = r.Id(p)) {
          catalog.Refer(Kind::kPerson, *id);
          layer.participants.push_back(id->value);
        } else {
          ok = false;
        }
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  auto shift = m.String("shift", Need::kRequired);
  auto handoff = m.String("handoff", Need::kRequired);
  auto start = m.String("start", Need::kRequired);
  std::optional<Duration> length, at;
  std::optional<std::chrono::year_month_day> date;
  if (shift) {
    length = Checked(r, *shift, oncall::ParseShift(shift->value), "shift",
                     "use daily, weekly or a duration such as 12h or 2d");
  }
  if (handoff) {
    at = Checked(r, *handoff, oncall::ParseHandoff(handoff->value), "handoff time",
                 "expected HH:MM from 00:00 to 23:59");
  }
  if (start) {
    date = Checked(r, *start, oncall::ParseDate(start->value), "date", "expected YYYY-MM-DD");
  }
  if (!ok || !length || !at || !date) return std::nullopt;
  layer.shift = *length;
  layer.handoff = *at;
  layer.start_date = *date;
  return layer;
}

std::optional<oncall::Override> ParseOverride(Reader& r, const Ref& item, Catalog& catalog) {
  MapReader m(r, item, "override", {"person", "start", "end"});
  if (!m.ok()) return std::nullopt;
  auto person = m.Id("person", Need::kRequired);
  if (person) catalog.Refer(Kind::kPerson, *person);
  auto start_text = m.String("start", Need::kRequired);
  auto end_text = m.String("end", Need::kRequired);
  std::optional<Time> start = start_text ? TimestampOf(r, *start_text) : std::nullopt;
  std::optional<Time> end = end_text ? TimestampOf(r, *end_text) : std::nullopt;
  if (start && end && *end <= *start) {
    r.Error(end_text->origin, fmt::format("override end {} must be after its start {}",
                                          FormatTimestamp(*end), FormatTimestamp(*start)));
    return std::nullopt;
  }
  if (!person || !start || !end) return std::nullopt;
  return oncall::Override{person->value, *start, *end};
}

}  // namespace

void ParseSchedules(Reader& r, const Ref& section, Catalog& catalog, std::vector<Schedule>& out) {
  auto items = r.Items(section);
  if (!items) return;
  for (const Ref& item : *items) {
    MapReader m(r, item, "schedule", {"id", "name", "time_zone", "layers", "overrides"});
    if (!m.ok()) continue;
    Schedule s;
    s.origin = m.origin();
    if (auto id = m.Id("id", Need::kRequired)) {
      s.spec.id = id->value;
      catalog.Declare(Kind::kSchedule, *id);
    }
    m.Read("name", s.spec.name);
    if (s.spec.name.empty()) s.spec.name = s.spec.id;
    if (auto zone = m.String("time_zone", Need::kRequired)) {
      if (auto found = ZoneOf(r, *zone)) s.spec.zone = *found;
    }
    if (const Ref* layers = m.Get("layers", Need::kRequired)) {
      if (auto list = r.Items(*layers)) {
        if (list->empty()) r.Error(layers->origin, "a schedule needs at least one layer");
        for (const Ref& l : *list) {
          if (auto layer = ParseLayer(r, l, catalog)) s.spec.layers.push_back(std::move(*layer));
        }
      }
    }
    if (const Ref* overrides = m.Get("overrides", Need::kOptional)) {
      if (auto list = r.Items(*overrides)) {
        for (const Ref& o : *list) {
          if (auto v = ParseOverride(r, o, catalog)) s.spec.overrides.push_back(std::move(*v));
        }
      }
    }
    out.push_back(std::move(s));
  }
}

}  // namespace klaxon::config
