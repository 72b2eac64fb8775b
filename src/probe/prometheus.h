#pragma once
// Pure: the `prometheus` probe's request body and the judgement of the
// answer of Prometheus's instant query API (spec.h PrometheusTarget says
// what fails). The check (prometheus_check.cpp) only sends and collects.
//
// The answer, as Prometheus writes it (GET/POST /api/v1/query):
//   {"status":"success","data":{"resultType":"vector",
//     "result":[{"metric":{"job":"api"},"value":[1700000000.123,"0.07"]}]}}
//   {"status":"success","data":{"resultType":"scalar","result":[1700000000.123,"0.07"]}}
//   {"status":"error","errorType":"bad_data","error":"1:5: parse error: ..."}
// Sample values are strings: a decimal, "NaN", "+Inf" or "-Inf".

#include <string>
#include <string_view>

#include "core/time.h"
#include "probe/machine.h"
#include "probe/spec.h"

namespace klaxon::probe {

struct PrometheusObservation {
  int status = 0;
  std::string body;  // at most the check's body limit
  Duration latency{};
};

// "query=<form-encoded PromQL>", for POST with
// Content-Type: application/x-www-form-urlencoded.
std::string PrometheusQueryBody(std::string_view query);

// `spec` is a prometheus probe (its thresholds apply to the value).
Verdict EvaluatePrometheus(const Spec& spec, const PrometheusObservation& observed);

}  // namespace klaxon::probe
