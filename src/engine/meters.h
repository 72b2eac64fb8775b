#pragma once
// Private to the engine: the metric series it updates (all null without a
// metrics::Registry). Shared by engine.cpp and engine_handoffs.cpp.

#include "engine/engine.h"
#include "metrics/metrics.h"

namespace klaxon::engine {

struct Engine::Meters {
  metrics::Family<metrics::Counter>* alerts = nullptr;
  metrics::Family<metrics::Histogram>* commit = nullptr;
  metrics::Family<metrics::Counter>* batches = nullptr;
  metrics::Family<metrics::Counter>* commit_failures = nullptr;
  metrics::Histogram* durable = nullptr;
  metrics::Family<metrics::Histogram>* lateness = nullptr;
  metrics::Family<metrics::Counter>* handoffs = nullptr;
};

}  // namespace klaxon::engine
