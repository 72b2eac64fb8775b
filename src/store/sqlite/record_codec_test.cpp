// The binary alert encoding: exact round trips and defensive decoding.

#include <gtest/gtest.h>

#include "store/sqlite/record_codec.h"
#include "store/sqlite/test_support.h"

namespace klaxon::store::sqlite {
namespace {

using testing::At;
using testing::MakeAlert;

void ExpectSame(const AlertRecord& a, const AlertRecord& b) {
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.annotations, b.annotations);
  EXPECT_EQ(a.firing, b.firing);
  EXPECT_EQ(a.starts_at, b.starts_at);
  EXPECT_EQ(a.ends_at, b.ends_at);
  EXPECT_EQ(a.last_received_at, b.last_received_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.incident_id, b.incident_id);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.integration, b.integration);
  EXPECT_EQ(a.generator_url, b.generator_url);
  EXPECT_EQ(a.external_key, b.external_key);
}

AlertRecord RoundTrip(const AlertRecord& a) {
  std::string bytes;
  EncodeRecord(a, bytes);
  auto back = DecodeRecord(bytes);
  EXPECT_TRUE(back.has_value()) << (back ? "" : back.error().message);
  return back.value_or(AlertRecord{});
}

TEST(RecordCodec, EveryFieldRoundTrips) {
  AlertRecord a = MakeAlert(0xfedcba9876543210ULL, 42);
  a.ends_at = At(1'700'000'999'000);
  a.labels.Set("binary", std::string("\0\xff\x80 \"\\", 6));
  ExpectSame(RoundTrip(a), a);
  RecordKeys k;
  std::string bytes;
  EncodeRecord(a, bytes);
  k = PeekRecord(bytes);
  EXPECT_EQ(k.fingerprint, a.fingerprint);
  EXPECT_TRUE(k.firing);
  EXPECT_EQ(k.starts_at, ToUnixMillis(a.starts_at));
  EXPECT_EQ(k.expires_at, ToUnixMillis(*a.expires_at));
  EXPECT_EQ(k.incident_id, 42);
}

TEST(RecordCodec, UnsetOptionalsEmptySetsAndNegativeTimesRoundTrip) {
  AlertRecord a;  // everything default: empty labels, no ends/expiry, not set
  a.firing = false;
  a.starts_at = At(-5);  // before the epoch
  a.incident_id = -1;
  AlertRecord back = RoundTrip(a);
  ExpectSame(back, a);
  EXPECT_FALSE(back.ends_at.has_value());
  EXPECT_FALSE(back.expires_at.has_value());
  // A set time of 0 is not "unset".
  a.ends_at = At(0);
  a.expires_at = At(0);
  ExpectSame(RoundTrip(a), a);
}

TEST(RecordCodec, HugeValuesRoundTrip) {
  AlertRecord a = MakeAlert(7);
  std::vector<LabelSet::Pair> many;
  for (int i = 0; i < 2000; ++i) many.emplace_back("l" + std::to_string(i), std::string(i, 'v'));
  a.labels = LabelSet::FromPairs(std::move(many));
  a.annotations.Set("description", std::string(3 << 20, 'x'));  // 3 MiB
  a.generator_url = std::string(70'000, 'u');
  ExpectSame(RoundTrip(a), a);
}

TEST(RecordCodec, EqualRecordsEncodeEqually) {
  std::string x, y;
  EncodeRecord(MakeAlert(3), x);
  EncodeRecord(MakeAlert(3), y);
  EXPECT_EQ(x, y);
}

TEST(RecordCodec, DamagedRecordsAreErrorsNotCrashes) {
  std::string good;
  EncodeRecord(MakeAlert(11), good);
  // Every truncation, and every single-byte change of the variable part's
  // framing, is either refused or decodes to something; never a crash.
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(DecodeRecord(std::string_view(good).substr(0, n)).has_value()) << n;
  }
  EXPECT_FALSE(DecodeRecord(good + "x").has_value());
  std::string bad_flags = good;
  bad_flags[8] = static_cast<char>(0x80);
  EXPECT_FALSE(DecodeRecord(bad_flags).has_value());
  for (size_t i = kRecordFixedSize; i < good.size(); ++i) {
    std::string changed = good;
    changed[i] = static_cast<char>(0xff);
    (void)DecodeRecord(changed);
  }
  // A label count far beyond the bytes left.
  std::string huge_count = good.substr(0, kRecordFixedSize) + "\xff\xff\xff\xff\x0f";
  auto r = DecodeRecord(huge_count);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

TEST(RecordCodec, RowsFrameRecordsAndNameTheRowWhenDamaged) {
  std::string a, b, row;
  EncodeRecord(MakeAlert(1), a);
  EncodeRecord(MakeAlert(2), b);
  BeginRow(2, row);
  AppendRowRecord(a, row);
  AppendRowRecord(b, row);
  LogRowReader reader(17, row);
  ASSERT_EQ(reader.Begin().value_or(0), 2u);
  EXPECT_EQ(reader.Next().value_or(""), a);
  EXPECT_EQ(reader.Next().value_or(""), b);
  EXPECT_TRUE(reader.End());

  auto damaged = [](std::string blob) -> std::string {
    LogRowReader r(17, blob);
    auto count = r.Begin();
    if (!count) return count.error().message;
    for (size_t i = 0; i < *count; ++i) {
      auto rec = r.Next();
      if (!rec) return rec.error().message;
    }
    auto end = r.End();
    return end ? "" : end.error().message;
  };
  for (std::string blob : {std::string(), row.substr(0, row.size() - 1), row + "z",
                           std::string("\x02") + row.substr(1), std::string("\x01\x00", 2)}) {
    std::string message = damaged(blob);
    EXPECT_NE(message.find("row 17"), std::string::npos) << message;
  }
  std::string bad_record = row;
  bad_record[row.size() - b.size() + 8] = static_cast<char>(0x80);  // b's flags
  EXPECT_NE(damaged(bad_record).find("row 17"), std::string::npos);
}

}  // namespace
}  // namespace klaxon::store::sqlite
