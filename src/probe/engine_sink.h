#pragma once
// The runner's AlertSink in production: the engine, exactly as ingest hands
// it webhook alerts (engine::Engine::SubmitAlerts).

#include "engine/engine.h"
#include "probe/runner.h"

namespace klaxon::probe {

// `engine` must outlive every use of the returned sink.
AlertSink EngineSink(engine::Engine& engine);

}  // namespace klaxon::probe
