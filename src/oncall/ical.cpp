#include "oncall/ical.h"

#include <fmt/format.h>

namespace klaxon::oncall {
namespace {

constexpr size_t kMaxOctets = 75;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string UidOf(const Schedule& s, const Shift& shift, const std::string& domain) {
  std::string source = shift.source == Source::kOverride
                           ? fmt::format("override{}", shift.override_index + 1)
                           : fmt::format("layer{}.turn{}", shift.layer + 1, shift.turn);
  return fmt::format("{}.{}.{}@{}", s.id, source, FormatUtc(shift.start), domain);
}

}  // namespace

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      default: out += c;
    }
  }
  return out;
}

std::string FoldLine(std::string_view line) {
  std::string out;
  size_t limit = kMaxOctets;  // the first line has 75 octets; later ones 74 after the space
  while (line.size() > limit) {
    size_t cut = limit;
    while (cut > 0 && IsContinuationByte(line[cut])) --cut;
    if (cut == 0) cut = limit;  // not UTF-8 at all: cut anywhere rather than loop
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxOctets - 1;
  }
  out.append(line);
  return out;
}

std::string FormatUtc(Time t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<seconds> tod{floor<seconds>(t - day)};
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     tod.hours().count(), tod.minutes().count(), tod.seconds().count());
}

std::string RenderCalendar(const Schedule& s, const std::vector<Shift>& shifts,
                           const CalendarOptions& options) {
  std::string out;
  auto line = [&](std::string_view text) {
    out += FoldLine(text);
    out += "\r\n";
  };
  std::string schedule_name = s.name.empty() ? s.id : s.name;
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//klaxon//on-call schedules//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:" + EscapeText("On call: " + schedule_name));
  line("X-WR-TIMEZONE:" + EscapeText(s.zone.name()));
  for (const Shift& shift : shifts) {
    if (shift.person.empty()) continue;
    std::string person = options.person_name ? options.person_name(shift.person) : shift.person;
    line("BEGIN:VEVENT");
    line("UID:" + UidOf(s, shift, options.uid_domain));
    line("DTSTAMP:" + FormatUtc(options.stamp));
    line("DTSTART:" + FormatUtc(shift.start));
    line("DTEND:" + FormatUtc(shift.end));
    line("SUMMARY:" + EscapeText(fmt::format("On call: {} ({})", person, schedule_name)));
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace klaxon::oncall
