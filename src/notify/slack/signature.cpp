#include "notify/slack/signature.h"

#include <charconv>

#include <fmt/format.h>

#include "notify/signing.h"

namespace klaxon::notify::slack {
namespace {

std::unexpected<Error> Refuse(std::string message) {
  return Fail(ErrorCode::kUnauthenticated, "slack request: " + std::move(message));
}

}  // namespace

std::string Sign(std::string_view signing_secret, std::string_view timestamp,
                 std::string_view body) {
  std::string base;
  base.reserve(4 + timestamp.size() + body.size());
  base += "v0:";
  base += timestamp;
  base += ':';
  base += body;
  return "v0=" + HmacSha256Hex(signing_secret, base);
}

Status Verify(std::string_view signing_secret, const SignedRequest& request, Time now) {
  if (signing_secret.empty()) return Refuse("no signing secret configured");
  if (!request.timestamp || request.timestamp->empty()) {
    return Refuse(fmt::format("missing {} header", kTimestampHeader));
  }
  std::string_view ts = *request.timestamp;
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
  if (ec != std::errc() || end != ts.data() + ts.size() || seconds < 0 || ts.size() > 12) {
    return Refuse(fmt::format("malformed {} header (expected unix seconds)", kTimestampHeader));
  }
  const Time sent{std::chrono::seconds(seconds)};
  const Duration skew = sent > now ? sent - now : now - sent;
  if (skew > kMaxClockSkew) {
    return Refuse(fmt::format("timestamp is {} {} now (at most {} allowed)", FormatDuration(skew),
                              sent > now ? "ahead of" : "behind", FormatDuration(kMaxClockSkew)));
  }
  if (!request.signature || request.signature->empty()) {
    return Refuse(fmt::format("missing {} header", kSignatureHeader));
  }
  std::string_view sig = *request.signature;
  if (sig.size() != 67 || sig.substr(0, 3) != "v0=" || !IsSha256Hex(sig.substr(3))) {
    return Refuse(fmt::format("malformed {} header (expected v0=<64 hex digits>)",
                              kSignatureHeader));
  }
  const std::string expected = Sign(signing_secret, ts, request.body);
  if (!ConstantTimeEquals(expected, "v0=" + LowerAscii(sig.substr(3)))) {
    return Refuse("signature mismatch");
  }
  return {};
}

}  // namespace klaxon::notify::slack
