#include "notify/text.h"

namespace klaxon::notify {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// If `cut` falls inside "&amp;", "&lt;" or "&gt;", the index of its '&'.
size_t BackOffEntity(std::string_view text, size_t cut) {
  for (std::string_view entity : {"&amp;", "&lt;", "&gt;"}) {
    for (size_t k = 1; k < entity.size(); ++k) {
      if (cut >= k && text.substr(cut - k, entity.size()) == entity) return cut - k;
    }
  }
  return cut;
}

}  // namespace

size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += IsContinuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return n;
}

std::string Truncate(std::string_view text, size_t max_chars) {
  if (CodePoints(text) <= max_chars) return std::string(text);
  if (max_chars == 0) return {};
  // Byte offset just after the first max_chars-1 code points.
  size_t keep = max_chars - 1;
  size_t cut = 0;
  size_t seen = 0;
  while (cut < text.size()) {
    if (!IsContinuation(static_cast<unsigned char>(text[cut]))) {
      if (seen == keep) break;
      ++seen;
    }
    ++cut;
  }
  cut = BackOffEntity(text, cut);
  std::string out(text.substr(0, cut));
  out += kEllipsis;
  return out;
}

std::string Redact(std::string_view text, std::string_view secret) {
  if (secret.empty()) return std::string(text);
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t hit = text.find(secret, pos);
    if (hit == std::string_view::npos) break;
    out.append(text.substr(pos, hit - pos));
    out += "[redacted]";
    pos = hit + secret.size();
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace klaxon::notify
