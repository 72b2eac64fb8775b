#include "store/sqlite/label_json.h"

#include <cstdint>
#include <utility>

namespace klaxon::store::sqlite {
namespace {

void AppendString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the pending run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// A strict reader for the one shape stored here: an object of string values.
// Decoding is on the FindAlert hot path, so it writes straight into the
// label strings instead of building a document first.
class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  // Skips whitespace, then consumes `c` if it is next.
  bool Expect(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }

  // Reads the rest of a string whose opening quote was consumed. Bytes of
  // 0x80 and above are copied as they are (no UTF-8 validation, so anything
  // the encoder wrote comes back); raw control characters are rejected.
  bool ReadStringBody(std::string& out) {
    out.clear();
    while (true) {
      size_t run = pos_;
      while (pos_ < text_.size()) {
        unsigned char c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++pos_;
      }
      out.append(text_.data() + run, pos_ - run);
      if (pos_ >= text_.size()) return false;
      char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\' || !ReadEscape(out)) return false;
    }
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
            text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool ReadEscape(std::string& out) {
    if (pos_ >= text_.size()) return false;
    switch (text_[pos_++]) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    uint32_t cp = 0;
    if (!ReadHex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // lone low surrogate
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low = 0;
      if (pos_ + 1 >= text_.size() || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') return false;
      pos_ += 2;
      if (!ReadHex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(cp, out);
    return true;
  }

  bool ReadHex4(uint32_t& value) {
    if (pos_ + 4 > text_.size()) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      value <<= 4;
      if (c >= '0' && c <= '9') value |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') value |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') value |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

void AppendLabelsJson(const LabelSet& labels, std::string& out) {
  out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    first = false;
    AppendString(name, out);
    out += ':';
    AppendString(value, out);
  }
  out += '}';
}

std::string LabelsToJson(const LabelSet& labels) {
  std::string out;
  AppendLabelsJson(labels, out);
  return out;
}

std::optional<LabelSet> LabelsFromJson(std::string_view json) {
  JsonReader in(json);
  LabelSet labels;
  if (!in.Expect('{')) return std::nullopt;
  if (!in.Expect('}')) {
    std::string name;
    std::string value;
    do {
      if (!in.Expect('"') || !in.ReadStringBody(name) || !in.Expect(':') || !in.Expect('"') ||
          !in.ReadStringBody(value)) {
        return std::nullopt;
      }
      // Stored sets arrive sorted, so Set() appends; a later duplicate wins.
      labels.Set(std::move(name), std::move(value));
    } while (in.Expect(','));
    if (!in.Expect('}')) return std::nullopt;
  }
  if (!in.AtEnd()) return std::nullopt;
  return labels;
}

}  // namespace klaxon::store::sqlite
