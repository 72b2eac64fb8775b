#include "notify/webhook/webhook.h"

#include <mutex>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "http/client.h"
#include "http/server.h"
#include "notify/signing.h"
#include "notify/test_support.h"

namespace klaxon::notify::webhook {
namespace {

using boost::json::parse;
using boost::json::value;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kSecret = "whsec-klaxon-test-secret";

std::string HeaderOf(const SignedRequest& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

TEST(WebhookBodyTest, SchemaGolden) {
  Notification n = testing::Sample();
  n.event = Event::kResolved;
  n.actor = "alice";
  n.at = n.incident.opened_at + minutes(47);
  n.incident.status = incident::Status::kResolved;
  n.incident.resolved_at = n.at;
  n.incident.ack = incident::Acknowledgement{"bob", "slack", n.incident.opened_at + minutes(2)};
  n.update = UpdateFields{incident::Status::kMonitoring, "Rolled back", "Watch", ""};
  n.resolution = ResolutionFields{minutes(47), "Checkout down", "Bad deploy", "PM-42"};
  value expected = parse(R"({
    "version":1,"id":"INC-42/1","event":"incident.resolved",
    "occurred_at":"2025-08-07T10:01:22.000Z","actor":"alice",
    "incident":{"id":"INC-42","number":42,"title":"API down","severity":"SEV1",
      "status":"resolved","runbook":"RB-001","lead":"",
      "opened_at":"2025-08-07T09:14:22.000Z","resolved_at":"2025-08-07T10:01:22.000Z",
      "acknowledged":{"by":"bob","via":"slack","at":"2025-08-07T09:16:22.000Z"},
      "labels":{"service":"api"},"firing_alerts":1,"total_alerts":1,
      "url":"https://klaxon.example/incidents/42"},
    "update":{"status":"monitoring","summary":"Rolled back","next":"Watch","eta":""},
    "resolution":{"duration_seconds":2820,"impact":"Checkout down","root_cause":"Bad deploy",
                  "follow_up":"PM-42"}})");
  value got = EventBody(n);
  EXPECT_EQ(got, expected) << boost::json::serialize(got);
}

TEST(WebhookBodyTest, AbsentPartsAreNull) {
  Notification n = testing::Sample();
  n.link = "";
  auto body = EventBody(n);
  EXPECT_TRUE(body.at("update").is_null());
  EXPECT_TRUE(body.at("resolution").is_null());
  EXPECT_TRUE(body.at("incident").at("acknowledged").is_null());
  EXPECT_TRUE(body.at("incident").at("resolved_at").is_null());
  EXPECT_TRUE(body.at("incident").at("url").is_null());
}

TEST(WebhookBodyTest, HandoffBriefGolden) {
  HandoffBrief b = testing::SampleBrief();
  b.incidents.resize(1);
  b.recipient = "diego";
  value expected = parse(R"({
    "version":1,"id":"handoff/primary/1754928000000","event":"oncall.handoff",
    "occurred_at":"2025-08-11T16:00:00.000Z",
    "schedule":{"id":"primary","name":"Primary on-call"},
    "outgoing":{"id":"maya","name":"Maya Okafor"},
    "incoming":{"id":"diego","name":"Diego Hernández"},
    "recipient":"diego",
    "incidents":[{"id":"INC-42","title":"API down","severity":"SEV1","status":"identified",
      "lead":"maya","opened_at":"2025-08-11T13:45:00.000Z","summary":"Bad deploy of the API",
      "next":"Rolling back","eta":"16:30 UTC","url":"https://klaxon.example/incidents/42"}],
    "unlisted":0})");
  value got = BriefBody(b);
  EXPECT_EQ(got, expected) << boost::json::serialize(got);
  // A channel post has no recipient; a first shift no outgoing person.
  b.recipient.clear();
  b.outgoing = {};
  EXPECT_TRUE(BriefBody(b).at("recipient").is_null());
  EXPECT_TRUE(BriefBody(b).at("outgoing").is_null());
  auto r = BuildBriefRequest(b, kSecret, b.at);
  ASSERT_TRUE(r);
  EXPECT_EQ(HeaderOf(*r, "X-Klaxon-Event"), "oncall.handoff");
  EXPECT_EQ(HeaderOf(*r, "Idempotency-Key"), "handoff/primary/1754928000000");
  EXPECT_TRUE(VerifySignature(kSecret, HeaderOf(*r, "X-Klaxon-Signature"), r->body, b.at));
}

TEST(WebhookSignatureTest, HeaderSignsTimestampDotBody) {
  const Time at = testing::Opened();
  EXPECT_EQ(SignatureHeader(kSecret, at, "{}"),
            "t=1754558062,v1=" + HmacSha256Hex(kSecret, "1754558062.{}"));
}

TEST(WebhookSignatureTest, BuildRequestSignsExactlyTheBodyItCarries) {
  const Time now = testing::Opened();
  auto r = BuildRequest(testing::Sample(), kSecret, now);
  ASSERT_TRUE(r);
  EXPECT_EQ(HeaderOf(*r, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(*r, "X-Klaxon-Event"), "incident.opened");
  EXPECT_EQ(HeaderOf(*r, "Idempotency-Key"), "INC-42/1");
  EXPECT_EQ(HeaderOf(*r, "X-Klaxon-Signature"), SignatureHeader(kSecret, now, r->body));
  EXPECT_TRUE(VerifySignature(kSecret, HeaderOf(*r, "X-Klaxon-Signature"), r->body, now));
  auto unsigned_request = BuildRequest(testing::Sample(), "", now);
  ASSERT_FALSE(unsigned_request);
  EXPECT_EQ(unsigned_request.error().code, ErrorCode::kInvalidArgument);
}

void ExpectRefused(const Status& s, std::string_view mentions) {
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(s.error().message.find(mentions), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find(kSecret), std::string::npos);
}

TEST(WebhookSignatureTest, VerifierRejectsWhatItShould) {
  const Time now = testing::Opened();
  const std::string body = R"({"version":1})";
  const std::string header = SignatureHeader(kSecret, now, body);
  EXPECT_TRUE(VerifySignature(kSecret, header, body, now + minutes(5)));
  EXPECT_TRUE(VerifySignature(kSecret, header, body, now - minutes(5)));
  ExpectRefused(VerifySignature("other", header, body, now), "signature mismatch");
  ExpectRefused(VerifySignature(kSecret, header, body + " ", now), "signature mismatch");
  ExpectRefused(VerifySignature(kSecret, header, body, now + minutes(5) + seconds(1)),
                "behind now");
  ExpectRefused(VerifySignature(kSecret, header, body, now - minutes(5) - seconds(1)),
                "ahead of now");
  ExpectRefused(VerifySignature(kSecret, std::nullopt, body, now), "missing X-Klaxon-Signature");
  ExpectRefused(VerifySignature(kSecret, header.substr(header.find(',') + 1), body, now),
                "expected t=");
  ExpectRefused(VerifySignature(kSecret, "t=abc" + header.substr(header.find(',')), body, now),
                "expected t=");
  ExpectRefused(VerifySignature(kSecret, header.substr(0, header.find(',')), body, now),
                "expected v1=");
  ExpectRefused(VerifySignature("", header, body, now), "no signing secret");
  // Rotation: an old signature next to the current one still passes.
  const std::string rotated =
      header + ",v1=" + HmacSha256Hex("old-secret", "1754558062." + body);
  EXPECT_TRUE(VerifySignature(kSecret, rotated, body, now));
}

TEST(WebhookResponseTest, StatusPolicy) {
  EXPECT_TRUE(ClassifyResponse(200, std::nullopt).delivered());
  EXPECT_EQ(ClassifyResponse(503, std::nullopt).retry_after, kDefaultRetryAfter);
  EXPECT_EQ(ClassifyResponse(429, "4").retry_after, seconds(4));
  EXPECT_EQ(ClassifyResponse(410, std::nullopt).outcome, Delivery::Outcome::kPermanentFailure);
}

// A receiver written against the documented scheme, over real HTTP.
TEST(WebhookDeliveryTest, AReceiverVerifiesWhatKlaxonSends) {
  const Time now = testing::Opened();
  std::mutex mu;
  std::vector<std::string> events;  // guarded by mu
  http::Router router;
  router.Add("POST", "/hook", [&](http::Request& request, http::Reply reply) {
    auto sig = request.Header("x-klaxon-signature");
    if (!VerifySignature(kSecret, sig, request.body, now)) {
      reply(http::Response::Error(401, "bad signature"));
      return;
    }
    std::lock_guard lock(mu);
    events.emplace_back(request.Header("x-klaxon-event").value_or(""));
    reply(http::Response::Json(204, ""));
  });
  http::ServerOptions options;
  options.threads = 1;
  auto server = http::Server::Start(options, router);
  ASSERT_TRUE(server) << server.error().message;

  auto send = [&](std::string_view secret) {
    auto built = BuildRequest(testing::Sample(), secret, now);
    EXPECT_TRUE(built);
    http::ClientRequest r;
    r.method = "POST";
    r.url = "http://127.0.0.1:" + std::to_string((*server)->port()) + "/hook";
    r.headers = built->headers;
    r.body = built->body;
    auto response = http::Send(r);
    EXPECT_TRUE(response);
    return ClassifyResponse(response->status, std::nullopt);
  };
  EXPECT_TRUE(send(kSecret).delivered());
  EXPECT_EQ(send("a-different-secret").outcome, Delivery::Outcome::kPermanentFailure);
  std::lock_guard lock(mu);
  EXPECT_EQ(events, std::vector<std::string>{"incident.opened"});
}

}  // namespace
}  // namespace klaxon::notify::webhook
