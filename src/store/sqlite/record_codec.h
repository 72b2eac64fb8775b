#pragma once
// The binary form of alerts in the alert log (docs/adr/0004-alert-log.md).
//
// A log row's `records` blob (format version 1):
//
//   u8      version      1
//   varint  count        number of records that follow (>= 1)
//   count x { varint size; u8[size] record }
//
// One record (version 1), integers little-endian, the fixed part first so
// the adapter can read the indexed fields without decoding the rest:
//
//   offset  0  u64  fingerprint
//   offset  8  u8   flags: 1 firing, 2 ends_at set, 4 expires_at set
//   offset  9  i64  starts_at        (unix ms)
//   offset 17  i64  ends_at          (0 when unset)
//   offset 25  i64  last_received_at
//   offset 33  i64  expires_at       (0 when unset)
//   offset 41  i64  incident_id      (0: none)
//   offset 49  labels, annotations:  varint n; n x {string name; string value}
//              source, integration, generator_url, external_key: string
//   where string = varint size; u8[size] (bytes as given, any content)
//
// varint is unsigned LEB128 (7 bits per byte, low first, at most 10 bytes).
// A record's encoding is canonical (equal records encode to equal bytes):
// label sets are kept sorted by LabelSet, and unset times are written as 0.
//
// Decoding trusts nothing: every size is checked against what is left, a
// record must be consumed exactly, unknown flags or versions are refused.
// Failures are kInternal errors that describe the defect, never the content.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace klaxon::store::sqlite {

inline constexpr uint8_t kLogFormatVersion = 1;
inline constexpr size_t kRecordFixedSize = 49;

// Appends the encoding of `alert` to `out`.
void EncodeRecord(const AlertRecord& alert, std::string& out);

// The whole record back; kInternal when `bytes` is not one valid record.
Result<AlertRecord> DecodeRecord(std::string_view bytes);

// The fields the adapter indexes, read from the fixed part of a record that
// was validated before (by DecodeRecord or LogRowReader): no checks.
struct RecordKeys {
  Fingerprint fingerprint;
  bool firing = false;
  int64_t starts_at = 0;
  std::optional<int64_t> expires_at;
  int64_t incident_id = 0;
};
RecordKeys PeekRecord(std::string_view bytes);

// Starts a row blob that will hold `count` records; append each with
// AppendRowRecord.
void BeginRow(size_t count, std::string& out);
void AppendRowRecord(std::string_view record, std::string& out);
// Bytes a record adds to a row (its size prefix included).
size_t RowRecordSize(std::string_view record);

// Walks the records of one row blob, validating each completely (as
// DecodeRecord does) unless `validate` is false (compaction re-reads rows
// that Open() validated). Errors name the row by `seq` only.
class LogRowReader {
 public:
  LogRowReader(int64_t seq, std::string_view blob, bool validate = true);
  // The header's record count, or an error when the header is damaged.
  Result<size_t> Begin();
  // The next record's bytes; nullopt-free: call at most count times.
  Result<std::string_view> Next();
  // Ok when every byte of the blob was consumed.
  Status End() const;

 private:
  Error Damaged(std::string_view what) const;
  int64_t seq_;
  std::string_view rest_;
  bool validate_;
};

}  // namespace klaxon::store::sqlite
