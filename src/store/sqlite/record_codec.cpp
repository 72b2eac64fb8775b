#include "store/sqlite/record_codec.h"

#include <bit>
#include <cstring>

#include <fmt/format.h>

namespace klaxon::store::sqlite {
namespace {

constexpr uint8_t kFiring = 1;
constexpr uint8_t kHasEnds = 2;
constexpr uint8_t kHasExpires = 4;
constexpr uint8_t kKnownFlags = kFiring | kHasEnds | kHasExpires;

void PutU64(uint64_t v, std::string& out) {
  if constexpr (std::endian::native != std::endian::little) v = std::byteswap(v);
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

uint64_t GetU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native != std::endian::little) v = std::byteswap(v);
  return v;
}

void PutVarint(uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

void PutString(std::string_view s, std::string& out) {
  PutVarint(s.size(), out);
  out.append(s);
}

void PutLabels(const LabelSet& labels, std::string& out) {
  PutVarint(labels.size(), out);
  for (const auto& [name, value] : labels) {
    PutString(name, out);
    PutString(value, out);
  }
}

// A bounds-checked cursor over untrusted bytes.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : rest_(bytes) {}
  bool Varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (rest_.empty()) return false;
      auto b = static_cast<unsigned char>(rest_.front());
      rest_.remove_prefix(1);
      v |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return shift < 63 || b <= 1;
    }
    return false;
  }
  bool Bytes(uint64_t n, std::string_view& out) {
    if (n > rest_.size()) return false;
    out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }
  bool String(std::string_view& out) {
    uint64_t n = 0;
    return Varint(n) && Bytes(n, out);
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

bool ReadLabels(Cursor& c, LabelSet* labels) {
  uint64_t n = 0;
  // Each pair takes at least two bytes: a count beyond that is damage, and
  // must not drive a huge reservation.
  if (!c.Varint(n) || n > c.rest().size() / 2) return false;
  std::vector<LabelSet::Pair> pairs;
  if (labels != nullptr) pairs.reserve(n);
  std::string_view prev;
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view name, value;
    if (!c.String(name) || !c.String(value)) return false;
    if (i > 0 && name <= prev) return false;  // sorted, unique: as LabelSet keeps them
    prev = name;
    if (labels != nullptr) pairs.emplace_back(std::string(name), std::string(value));
  }
  if (labels != nullptr) *labels = LabelSet::FromPairs(std::move(pairs));
  return true;
}

// Checks (and, with `out`, decodes) one record.
bool Parse(std::string_view bytes, AlertRecord* out) {
  if (bytes.size() < kRecordFixedSize) return false;
  const char* p = bytes.data();
  auto flags = static_cast<uint8_t>(p[8]);
  if ((flags & ~kKnownFlags) != 0) return false;
  auto i64 = [&](size_t at) { return static_cast<int64_t>(GetU64(p + at)); };
  if (out != nullptr) {
    out->fingerprint = Fingerprint{GetU64(p)};
    out->firing = (flags & kFiring) != 0;
    out->starts_at = FromUnixMillis(i64(9));
    out->ends_at = (flags & kHasEnds) ? std::optional<Time>(FromUnixMillis(i64(17))) : std::nullopt;
    out->last_received_at = FromUnixMillis(i64(25));
    out->expires_at =
        (flags & kHasExpires) ? std::optional<Time>(FromUnixMillis(i64(33))) : std::nullopt;
    out->incident_id = i64(41);
  }
  Cursor c(bytes.substr(kRecordFixedSize));
  if (!ReadLabels(c, out ? &out->labels : nullptr)) return false;
  if (!ReadLabels(c, out ? &out->annotations : nullptr)) return false;
  std::string* strings[4] = {out ? &out->source : nullptr, out ? &out->integration : nullptr,
                             out ? &out->generator_url : nullptr,
                             out ? &out->external_key : nullptr};
  for (std::string* s : strings) {
    std::string_view v;
    if (!c.String(v)) return false;
    if (s != nullptr) s->assign(v);
  }
  return c.rest().empty();
}

}  // namespace

void EncodeRecord(const AlertRecord& a, std::string& out) {
  PutU64(a.fingerprint.value, out);
  uint8_t flags = (a.firing ? kFiring : 0) | (a.ends_at ? kHasEnds : 0) |
                  (a.expires_at ? kHasExpires : 0);
  out.push_back(static_cast<char>(flags));
  PutU64(static_cast<uint64_t>(ToUnixMillis(a.starts_at)), out);
  PutU64(a.ends_at ? static_cast<uint64_t>(ToUnixMillis(*a.ends_at)) : 0, out);
  PutU64(static_cast<uint64_t>(ToUnixMillis(a.last_received_at)), out);
  PutU64(a.expires_at ? static_cast<uint64_t>(ToUnixMillis(*a.expires_at)) : 0, out);
  PutU64(static_cast<uint64_t>(a.incident_id), out);
  PutLabels(a.labels, out);
  PutLabels(a.annotations, out);
  PutString(a.source, out);
  PutString(a.integration, out);
  PutString(a.generator_url, out);
  PutString(a.external_key, out);
}

Result<AlertRecord> DecodeRecord(std::string_view bytes) {
  AlertRecord a;
  if (!Parse(bytes, &a)) {
    return Fail(ErrorCode::kInternal,
                fmt::format("sqlite store: a damaged alert record ({} bytes)", bytes.size()));
  }
  return a;
}

RecordKeys PeekRecord(std::string_view bytes) {
  const char* p = bytes.data();
  auto flags = static_cast<uint8_t>(p[8]);
  RecordKeys k;
  k.fingerprint = Fingerprint{GetU64(p)};
  k.firing = (flags & kFiring) != 0;
  k.starts_at = static_cast<int64_t>(GetU64(p + 9));
  if (flags & kHasExpires) k.expires_at = static_cast<int64_t>(GetU64(p + 33));
  k.incident_id = static_cast<int64_t>(GetU64(p + 41));
  return k;
}

void BeginRow(size_t count, std::string& out) {
  out.push_back(static_cast<char>(kLogFormatVersion));
  PutVarint(count, out);
}

void AppendRowRecord(std::string_view record, std::string& out) { PutString(record, out); }

size_t RowRecordSize(std::string_view record) {
  return VarintSize(record.size()) + record.size();
}

LogRowReader::LogRowReader(int64_t seq, std::string_view blob, bool validate)
    : seq_(seq), rest_(blob), validate_(validate) {}

Error LogRowReader::Damaged(std::string_view what) const {
  return Error{ErrorCode::kInternal,
               fmt::format("sqlite store: alert log row {} is damaged: {}", seq_, what)};
}

Result<size_t> LogRowReader::Begin() {
  if (rest_.empty()) return Fail(Damaged("empty"));
  auto version = static_cast<uint8_t>(rest_.front());
  if (version != kLogFormatVersion) {
    return Fail(Damaged(fmt::format("unknown format version {}", version)));
  }
  rest_.remove_prefix(1);
  Cursor c(rest_);
  uint64_t count = 0;
  // Every record takes more than kRecordFixedSize bytes.
  if (!c.Varint(count) || count == 0 || count > c.rest().size() / kRecordFixedSize) {
    return Fail(Damaged("bad record count"));
  }
  rest_ = c.rest();
  return static_cast<size_t>(count);
}

Result<std::string_view> LogRowReader::Next() {
  Cursor c(rest_);
  std::string_view record;
  if (!c.String(record)) return Fail(Damaged("a record runs past the end"));
  if (validate_ && !Parse(record, nullptr)) return Fail(Damaged("a record is malformed"));
  if (!validate_ && record.size() < kRecordFixedSize) return Fail(Damaged("a record is short"));
  rest_ = c.rest();
  return record;
}

Status LogRowReader::End() const {
  if (!rest_.empty()) return Fail(Damaged("bytes after the last record"));
  return {};
}

}  // namespace klaxon::store::sqlite
