// Every ingest format against the real binary: the wire-format examples are
// accepted and become incidents; malformed, oversized and unauthenticated
// requests are refused with a reason and change nothing.
#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

// Alertmanager API v2 example (wire-formats B3), endsAt moved into the future.
constexpr const char* kApiV2 =
    R"([{"labels":{"alertname":"HighErrorRate","service":"api","severity":"critical"},)"
    R"("annotations":{"summary":"Error rate > 5%"},"startsAt":"2025-08-07T09:14:22Z",)"
    R"("generatorURL":"http://prom:9090/graph?g0.expr=x"}])";

// Alertmanager webhook example (wire-formats B3).
constexpr const char* kWebhook = R"({"version":"4","groupKey":"{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\"}","truncatedAlerts":0,
 "status":"firing","receiver":"klaxon","notification_reason":"first notification",
 "groupLabels":{"alertname":"HighErrorRate"},
 "commonLabels":{"alertname":"HighErrorRate","severity":"critical","service":"api"},
 "commonAnnotations":{"summary":"Error rate > 5%","runbook_url":"https://rb/x"},
 "externalURL":"https://alertmanager.example",
 "alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","instance":"api-1:9100","severity":"critical","service":"api"},
   "annotations":{"summary":"Error rate > 5%"},"startsAt":"2025-08-07T09:14:22.114Z",
   "endsAt":"0001-01-01T00:00:00Z","generatorURL":"https://prom/graph?g0.expr=x","fingerprint":"3f8c1a2b9d4e5f60"}]})";

// PagerDuty Events v2 example (wire-formats B1).
constexpr const char* kPdTrigger = R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger","dedup_key":"klaxon/inc-42",
 "payload":{"summary":"SEV1: api p99 > 2s","source":"api-1.prod","severity":"critical",
  "timestamp":"2025-07-17T08:42:58.315+0000","component":"api","group":"prod","class":"latency",
  "custom_details":{"runbook":"rb-api-latency"}},
 "client":"klaxon","client_url":"https://klaxon.example/inc/42",
 "links":[{"href":"https://klaxon.example/inc/42","text":"Incident"}]})";

TEST_F(E2E, AlertmanagerApiV2BecomesAnIncident) {
  auto r = Call("POST", "/api/v2/alerts", kApiV2, AmKey());
  EXPECT_EQ(r.status, 200) << r.body;
  auto list = Incidents();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(Str(list[0], "runbook"), "RB-001");
  EXPECT_EQ(Str(list[0], "severity"), "SEV1");
  EXPECT_EQ(Str(list[0], "status"), "investigating");
  auto inc = Incident(Str(list[0], "id"));
  ASSERT_EQ(inc.at("alerts").as_array().size(), 1u);
  EXPECT_EQ(Str(inc.at("alerts").as_array()[0], "starts_at"), "2025-08-07T09:14:22.000Z");
}

TEST_F(E2E, AlertmanagerWebhookBecomesAnIncidentAndResolves) {
  auto r = Call("POST", "/api/v1/webhooks/alertmanager", kWebhook, AmKey());
  EXPECT_EQ(r.status, 200) << r.body;
  auto list = Incidents();
  ASSERT_EQ(list.size(), 1u);
  std::string id = Str(list[0], "id");
  std::string resolved = kWebhook;
  for (size_t p; (p = resolved.find("\"firing\"")) != std::string::npos;) resolved.replace(p, 8, "\"resolved\"");
  r = Call("POST", "/api/v1/webhooks/alertmanager", resolved, AmKey());
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(Incident(id), "status"), "monitoring");
  AdvanceClock("4m");
  EXPECT_EQ(Str(Incident(id), "status"), "monitoring") << "the quiet period is 5m";
  AdvanceClock("1m");  // answers after the engine has run what became due
  EXPECT_EQ(Str(Incident(id), "status"), "resolved");
}

TEST_F(E2E, PagerDutyEventsTriggerAckResolveByDedupKey) {
  auto r = Call("POST", "/v2/enqueue", kPdTrigger);
  ASSERT_EQ(r.status, 202) << r.body;
  auto body = Json(r);
  EXPECT_EQ(Str(body, "status"), "success");
  EXPECT_EQ(Str(body, "message"), "Event processed");
  EXPECT_EQ(Str(body, "dedup_key"), "klaxon/inc-42");
  auto list = Incidents();
  ASSERT_EQ(list.size(), 1u);
  std::string id = Str(list[0], "id");

  r = Call("POST", "/v2/enqueue",
           R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","dedup_key":"klaxon/inc-42","event_action":"acknowledge"})");
  ASSERT_EQ(r.status, 202) << r.body;
  auto inc = Incident(id);
  ASSERT_TRUE(inc.at("acknowledged").is_object());
  EXPECT_EQ(Str(inc.at("acknowledged"), "via"), "pagerduty");

  r = Call("POST", "/v2/enqueue",
           R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","dedup_key":"klaxon/inc-42","event_action":"resolve"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(Incident(id), "status"), "monitoring");

  // A trigger without dedup_key gets one generated and returned.
  r = Call("POST", "/v2/enqueue",
           R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger","payload":{"summary":"x","source":"y","severity":"info"}})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(Json(r), "dedup_key").size(), 32u);
}

TEST_F(E2E, PagerDutyErrorsUsePagerDutysEnvelope) {
  auto r = Call("POST", "/v2/enqueue",
                R"({"routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger","payload":{"summary":"x","source":"y","severity":"CRITICAL"}})");
  ASSERT_EQ(r.status, 400) << r.body;
  auto body = Json(r);
  EXPECT_EQ(Str(body, "status"), "invalid event");
  EXPECT_EQ(Str(body, "message"), "Event object is invalid");
  EXPECT_FALSE(body.at("errors").as_array().empty());
  r = Call("POST", "/v2/enqueue",
           R"({"routing_key":"00000000000000000000000000000000","event_action":"trigger","payload":{"summary":"x","source":"y","severity":"info"}})");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_TRUE(Incidents().empty());
}

TEST_F(E2E, GenericJsonFromCurl) {
  auto r = Call("POST", "/api/v1/alerts",
                R"({"labels":{"alertname":"ApiDown","service":"api"},"annotations":{"summary":"/up returns 503"}})",
                GenericKey());
  ASSERT_EQ(r.status, 202) << r.body;
  auto body = Json(r);
  auto alerts = body.at("alerts").as_array();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(Str(alerts[0], "outcome"), "new");
  EXPECT_EQ(Str(alerts[0], "incident"), "INC-1");
}

TEST_F(E2E, AuthenticationAndAuthorisationOfIngest) {
  EXPECT_EQ(Call("POST", "/api/v2/alerts", kApiV2).status, 401);
  EXPECT_EQ(Call("POST", "/api/v2/alerts", kApiV2, "wrong-key").status, 401);
  // A valid key of another integration type may not post here.
  EXPECT_EQ(Call("POST", "/api/v2/alerts", kApiV2, GenericKey()).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"X"}})", AmKey()).status, 403);
  // An API token is not an integration key.
  EXPECT_EQ(Call("POST", "/api/v2/alerts", kApiV2, Admin()).status, 401);
  EXPECT_TRUE(Incidents().empty());
}

TEST_F(E2E, MalformedBodiesGet400WithAReason) {
  for (const char* bad : {"{", "[{\"labels\":{}}]", "[{\"labels\":{\"alertname\":5}}]", "{\"labels\":1}",
                          "[{\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"yesterday\"}]", "\"x\""}) {
    auto r = Call("POST", "/api/v2/alerts", bad, AmKey());
    EXPECT_EQ(r.status, 400) << bad << " -> " << r.body;
    auto v = Json(r);
    EXPECT_FALSE(Str(v, "error").empty()) << r.body;
  }
  EXPECT_TRUE(Incidents().empty());
}

TEST_F(E2E, OversizedBodiesGet413) {
  std::string big = R"([{"labels":{"alertname":"X","pad":")" + std::string(70 * 1024, 'a') + R"("}}])";
  auto r = Call("POST", "/api/v2/alerts", big, AmKey());
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  // Too many alerts in one request (max_alerts_per_request: 500).
  std::string many = "[";
  for (int i = 0; i < 501; ++i) many += (i ? "," : "") + std::string(R"({"labels":{"alertname":"A","i":")") + std::to_string(i) + "\"}}";
  many += "]";
  EXPECT_EQ(Call("POST", "/api/v2/alerts", many, AmKey()).status, 413);
  EXPECT_TRUE(Incidents().empty());
}

TEST_F(E2E, ConcurrentIngestOverManyConnections) {
  constexpr int kThreads = 32, kPerThread = 25;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        http::ClientRequest req;
        req.method = "POST";
        req.url = server_->url() + "/api/v2/alerts";
        req.headers = {{"Authorization", "Bearer " + AmKey()}, {"Content-Type", "application/json"}};
        req.body = R"([{"labels":{"alertname":"ApiDown","service":"api","instance":")" +
                   std::to_string(t * 1000 + i) + R"("}}])";
        auto r = http::Send(req);
        if (r && r->status == 200) accepted++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(accepted.load(), kThreads * kPerThread);
  auto list = Incidents();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("firing_alerts").as_int64(), kThreads * kPerThread);
}

TEST_F(E2E, IncidentApiNeedsTokensAndRoles) {
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"api"}})", GenericKey()).status, 202);
  EXPECT_EQ(Call("GET", "/api/v1/incidents").status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/ack", "", Viewer()).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/severity", R"({"severity":"SEV2"})", Alice()).status, 403);
  auto ack = Call("POST", "/api/v1/incidents/INC-1/ack", "", Alice());
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(Str(Json(ack).at("acknowledged"), "by"), "alice");
  auto upd = Call("POST", "/api/v1/incidents/INC-1/updates",
                  R"({"status":"identified","summary":"Bad deploy","next":"Rollback","eta":"10m"})", Alice());
  ASSERT_EQ(upd.status, 200) << upd.body;
  EXPECT_EQ(Str(Json(upd), "status"), "identified");
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/updates", R"({"status":"bogus","summary":"x"})", Alice()).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/updates", R"({"status":"fixing"})", Alice()).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/severity", R"({"severity":"SEV9"})", Admin()).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/severity", R"({"severity":"SEV2","reason":"EU only"})", Admin()).status, 200);
  auto res = Call("POST", "/api/v1/incidents/INC-1/resolve", R"({"root_cause":"Bad deploy rolled back"})", Alice());
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/resolve", "{}", Alice()).status, 409);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-99/ack", "", Alice()).status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/bogus/ack", "", Alice()).status, 400);
  std::vector<std::string> kinds;
  auto detail = Incident("INC-1");
  for (const auto& e : detail.at("timeline").as_array()) kinds.push_back(Str(e, "kind"));
  EXPECT_EQ(kinds, (std::vector<std::string>{"opened", "alert_fired", "acknowledged", "status_changed", "update",
                                             "severity_changed", "resolved", "postmortem"}));
  // Filters.
  EXPECT_EQ(Incidents("status=open").size(), 0u);
  EXPECT_EQ(Incidents("status=resolved&severity=SEV2&runbook=RB-001").size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/incidents?status=nope", "", Viewer()).status, 400);
}

TEST_F(E2E, HealthReadinessAndMetrics) {
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  EXPECT_EQ(Call("GET", "/readyz").status, 200);
  ASSERT_EQ(Call("POST", "/api/v2/alerts", kApiV2, AmKey()).status, 200);
  Call("POST", "/api/v2/alerts", "{", AmKey());
  auto m = Call("GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("klaxon_alerts_received_total{source=\"alertmanager\",outcome=\"accepted\"} 1"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("klaxon_ingest_requests_total{source=\"alertmanager\",code=\"400\"} 1"), std::string::npos);
  EXPECT_NE(m.body.find("klaxon_open_incidents{severity=\"SEV1\"} 1"), std::string::npos);
  EXPECT_NE(m.body.find("klaxon_ingest_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("klaxon_store_commit_seconds_count"), std::string::npos);
}

}  // namespace
}  // namespace klaxon::e2e
