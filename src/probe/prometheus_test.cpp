// The prometheus probe's judgement of the instant query API's answers:
// scalars, single-sample vectors, empty vectors, NaN, several series, other
// result types and error answers.
#include "probe/prometheus.h"

#include <gtest/gtest.h>

#include "probe/evaluate.h"

namespace klaxon::probe {
namespace {

Spec ErrorRate(bool empty_fails = false, bool thresholds = true) {
  Spec s;
  s.id = "error-rate";
  PrometheusTarget t;
  t.url = "http://prometheus:9090";
  t.query = "sum(rate(errors[5m])) / sum(rate(requests[5m]))";
  t.empty_fails = empty_fails;
  s.target = t;
  if (thresholds) {
    s.thresholds = {{Threshold::Direction::kAbove, 0.5, "SEV1"},
                    {Threshold::Direction::kAbove, 0.05, "SEV2"}};
  }
  return s;
}

Verdict Judge(const Spec& s, std::string body, int status = 200) {
  return Evaluate(s, Result<Observation>(PrometheusObservation{status, std::move(body), {}}), Time{});
}

std::string Vector(std::string samples) {
  return R"({"status":"success","data":{"resultType":"vector","result":[)" + samples + "]}}";
}

TEST(ProbePrometheus, QueryBodyIsFormEncoded) {
  EXPECT_EQ(PrometheusQueryBody("sum(rate(x{code=~\"5..\"}[5m])) > 0.05"),
            "query=sum%28rate%28x%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29%20%3E%200.05");
}

TEST(ProbePrometheus, SingleSampleIsTheValue) {
  Verdict v = Judge(ErrorRate(), Vector(R"({"metric":{},"value":[1700000000.5,"0.01"]})"));
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.value, 0.01);
  EXPECT_EQ(v.detail, "value 0.01");
  v = Judge(ErrorRate(), Vector(R"({"metric":{"job":"api"},"value":[1700000000.5,"0.07"]})"));
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.severity, "SEV2");
  EXPECT_EQ(v.value, 0.07);
  EXPECT_EQ(v.detail, "value 0.07 is above 0.05 (SEV2) for {job=\"api\"}");
  v = Judge(ErrorRate(), Vector(R"({"metric":{},"value":[1700000000.5,"+Inf"]})"));
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.severity, "SEV1");
}

TEST(ProbePrometheus, ScalarIsTheValue) {
  Verdict v = Judge(ErrorRate(),
                    R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"0.6"]}})");
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.severity, "SEV1");
  EXPECT_EQ(v.detail, "value 0.6 is above 0.5 (SEV1)");
}

TEST(ProbePrometheus, EmptyAndNaNAreNoData) {
  Verdict v = Judge(ErrorRate(), Vector(""));
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.detail, "no data: the query returned an empty vector");
  EXPECT_EQ(v.value, std::nullopt);
  v = Judge(ErrorRate(/*empty_fails=*/true), Vector(""));
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "no data: the query returned an empty vector (on_empty: failing)");
  v = Judge(ErrorRate(), Vector(R"({"metric":{},"value":[1700000000,"NaN"]})"));
  EXPECT_FALSE(v.failing);
  EXPECT_EQ(v.detail, "no data: the query returned NaN");
}

TEST(ProbePrometheus, WithoutThresholdsAnyResultFails) {
  Spec s = ErrorRate(false, /*thresholds=*/false);
  Verdict v = Judge(s, Vector(R"({"metric":{},"value":[1700000000,"0.2"]})"));
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail, "the query returned 0.2 (without thresholds any result fails)");
  EXPECT_FALSE(Judge(s, Vector("")).failing);
}

TEST(ProbePrometheus, SeveralSeriesFail) {
  Verdict v = Judge(ErrorRate(), Vector(R"({"metric":{"code":"200"},"value":[1,"10"]},)"
                                        R"({"metric":{"code":"500"},"value":[1,"2"]},)"
                                        R"({"metric":{"code":"502"},"value":[1,"1"]},)"
                                        R"({"metric":{"code":"503"},"value":[1,"0"]})"));
  EXPECT_TRUE(v.failing);
  EXPECT_EQ(v.detail,
            "the query returned 4 series, expected at most one: {code=\"200\"} 10, {code=\"500\"} 2, "
            "{code=\"502\"} 1, ...");
}

TEST(ProbePrometheus, ErrorsAndOtherShapesFail) {
  auto detail = [](std::string body, int status = 200) {
    Verdict v = Judge(ErrorRate(), std::move(body), status);
    EXPECT_TRUE(v.failing);
    return v.detail;
  };
  EXPECT_EQ(detail(R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected"})", 400),
            "Prometheus error bad_data: 1:5: parse error: unexpected (HTTP status 400)");
  EXPECT_EQ(detail("upstream down", 502), "HTTP status 502 from Prometheus");
  EXPECT_EQ(detail("<html>"), "malformed answer from Prometheus: not a JSON object");
  EXPECT_EQ(detail(R"({"status":"success","data":{"resultType":"matrix","result":[]}})"),
            "the query returned a matrix; it must return an instant vector or a scalar");
  EXPECT_EQ(detail(R"({"status":"success","data":{"resultType":"string","result":[1,"x"]}})"),
            "the query returned a string; it must return an instant vector or a scalar");
  EXPECT_EQ(detail(Vector(R"({"metric":{},"histogram":[1,{}]})")),
            "malformed answer from Prometheus: a sample without a value (a histogram?)");
  EXPECT_EQ(detail(R"({"status":"success"})"),
            "malformed answer from Prometheus: no status \"success\" with data");
  EXPECT_EQ(detail(R"({"status":"success","data":{"resultType":"scalar","result":[1,"x"]}})"),
            "malformed answer from Prometheus: a scalar without a number");
}

}  // namespace
}  // namespace klaxon::probe
