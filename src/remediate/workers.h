#pragma once
// A small pool of threads that run external steps (exec, http), so that a
// process or a request never blocks the engine thread. Each finished job's
// result goes to `done`, called on the worker thread; the engine's `done`
// submits it back to the engine as a command (Engine::SubmitStepResult).
//
// Thread-safe. Stop() (and the destructor) lets running jobs finish, drops
// queued ones (their step rows stay `started`, and the next start records
// them as interrupted), and joins the threads.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "remediate/step_runner.h"

namespace klaxon::remediate {

class Workers {
 public:
  using Done = std::function<void(StepResult)>;
  // `run` is RunStep in production; tests may wrap it.
  Workers(int threads, Done done, std::function<StepResult(const Job&)> run = &RunStep);
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  void Submit(Job job);
  void Stop();

 private:
  void Loop();

  Done done_;
  std::function<StepResult(const Job&)> run_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;  // guarded by mu_
  bool stop_ = false;      // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace klaxon::remediate
