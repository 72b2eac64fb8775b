// The iCalendar feed, byte for byte: folding, escaping, UTC times, CRLF.
#include "oncall/ical.h"

#include "oncall/test_support.h"

namespace klaxon::oncall {
namespace {

using test::At;
using test::MakeLayer;
using test::MakeSchedule;

TEST(Ical, EscapesText) {
  EXPECT_EQ(EscapeText("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
  EXPECT_EQ(EscapeText("plain: text"), "plain: text");
}

TEST(Ical, FoldsAt75Octets) {
  std::string line(75, 'x');
  EXPECT_EQ(FoldLine(line), line);
  EXPECT_EQ(FoldLine(line + "y"), line + "\r\n y");
  std::string long_line(75 + 74 + 3, 'z');
  EXPECT_EQ(FoldLine(long_line),
            std::string(75, 'z') + "\r\n " + std::string(74, 'z') + "\r\n " + "zzz");
}

TEST(Ical, NeverFoldsInsideAUtf8Character) {
  // 74 ASCII octets then "é" (2 octets): the fold comes before the é.
  std::string line = std::string(74, 'a') + "\xC3\xA9" + "b";
  EXPECT_EQ(FoldLine(line), std::string(74, 'a') + "\r\n \xC3\xA9" + "b");
}

TEST(Ical, FormatsUtc) {
  EXPECT_EQ(FormatUtc(At("2025-01-06T08:00:00.999Z")), "20250106T080000Z");
}

TEST(Ical, RendersTheWholeFeed) {
  auto s = MakeSchedule("Europe/Berlin", {MakeLayer({"maya", "diego"}, std::chrono::weeks(1),
                                                    "09:00", "2025-01-06")},
                        {{"jo", At("2025-01-15T00:00:00Z"), At("2025-01-16T00:00:00Z")}});
  s.name = "Primary, payments; \\ on-call";
  auto shifts = Shifts(s, At("2025-01-06T00:00:00Z"), At("2025-01-14T00:00:00Z"));
  ASSERT_TRUE(shifts);
  CalendarOptions options;
  options.stamp = At("2025-01-10T12:34:56Z");
  options.person_name = [](const std::string& id) {
    return id == "diego" ? std::string("Diego Hernández") : id;
  };
  std::string ics = RenderCalendar(s, *shifts, options);
  std::string want =
      "BEGIN:VCALENDAR\r\n"
      "VERSION:2.0\r\n"
      "PRODID:-//klaxon//on-call schedules//EN\r\n"
      "CALSCALE:GREGORIAN\r\n"
      "METHOD:PUBLISH\r\n"
      "X-WR-CALNAME:On call: Primary\\, payments\\; \\\\ on-call\r\n"
      "X-WR-TIMEZONE:Europe/Berlin\r\n"
      "BEGIN:VEVENT\r\n"
      "UID:primary.layer1.turn0.20250106T080000Z@klaxon\r\n"
      "DTSTAMP:20250110T123456Z\r\n"
      "DTSTART:20250106T080000Z\r\n"
      "DTEND:20250113T080000Z\r\n"
      "SUMMARY:On call: maya (Primary\\, payments\\; \\\\ on-call)\r\n"
      "TRANSP:TRANSPARENT\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\n"
      "UID:primary.layer1.turn1.20250113T080000Z@klaxon\r\n"
      "DTSTAMP:20250110T123456Z\r\n"
      "DTSTART:20250113T080000Z\r\n"
      "DTEND:20250115T000000Z\r\n"
      "SUMMARY:On call: Diego Hernández (Primary\\, payments\\; \\\\ on-call)\r\n"
      "TRANSP:TRANSPARENT\r\n"
      "END:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  EXPECT_EQ(ics, want);
}

TEST(Ical, LongSummariesAreFoldedAndNobodyIsLeftOut) {
  auto s = MakeSchedule("UTC", {MakeLayer({"a"}, std::chrono::days(1), "00:00", "2025-01-02")},
                        {{"o", At("2025-01-01T10:00:00Z"), At("2025-01-01T11:00:00Z")}});
  s.name = std::string(60, 'N');
  auto shifts = Shifts(s, At("2025-01-01T00:00:00Z"), At("2025-01-01T12:00:00Z"));
  ASSERT_TRUE(shifts);
  ASSERT_EQ(shifts->size(), 3u);  // nobody, o, nobody
  CalendarOptions options;
  options.stamp = At("2025-01-01T00:00:00Z");
  std::string ics = RenderCalendar(s, *shifts, options);
  EXPECT_EQ(ics.find("BEGIN:VEVENT"), ics.rfind("BEGIN:VEVENT"));  // one event
  EXPECT_NE(ics.find("UID:primary.override1.20250101T100000Z@klaxon\r\n"), std::string::npos);
  std::string summary = "SUMMARY:On call: o (" + std::string(60, 'N') + ")";
  EXPECT_NE(ics.find(summary.substr(0, 75) + "\r\n " + summary.substr(75) + "\r\n"),
            std::string::npos)
      << ics;
  for (size_t start = 0, end; (end = ics.find("\r\n", start)) != std::string::npos;
       start = end + 2) {
    EXPECT_LE(end - start, 75u);
  }
  EXPECT_EQ(ics.find('\n'), ics.find("\r\n") + 1);  // no bare LF
}

}  // namespace
}  // namespace klaxon::oncall
