#include "probe/engine_sink.h"

namespace klaxon::probe {

AlertSink EngineSink(engine::Engine& engine) {
  return [&engine](ingest::Alert alert, std::function<void(Result<int64_t>)> done) {
    std::vector<ingest::Alert> alerts;
    alerts.push_back(std::move(alert));
    return engine.SubmitAlerts(std::move(alerts),
                               [done = std::move(done)](Result<engine::IngestResult> r) {
                                 if (!r) return done(Fail(r.error()));
                                 done(r->alerts.empty() ? 0 : r->alerts[0].incident_id);
                               });
  };
}

}  // namespace klaxon::probe
