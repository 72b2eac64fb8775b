#pragma once
// A fixed team of threads: ForEach(n, work) runs work(0) .. work(n - 1)
// across the team's threads and the calling thread, and returns once every
// call has returned. The threads live as long as the team, so what they keep
// per thread (the HTTP client's open connections, http/client.h) lasts from
// one ForEach to the next.
//
// Threading: ForEach is called by one thread at a time; `work` is called
// concurrently with different indexes and must not throw.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace klaxon::notify::outbox {

class Team {
 public:
  // `size` members counting the caller of ForEach: size - 1 threads (at least 0).
  explicit Team(int size);
  ~Team();  // joins the threads; no ForEach may be running
  Team(const Team&) = delete;
  Team& operator=(const Team&) = delete;

  void ForEach(size_t n, const std::function<void(size_t)>& work);

 private:
  // Takes indexes of the current job until none is left; `lock` holds mu_.
  void TakeShare(std::unique_lock<std::mutex>& lock);
  void Member();

  std::mutex mu_;
  std::condition_variable start_;  // a job was posted, or stop
  std::condition_variable done_;   // the last call of a job returned
  const std::function<void(size_t)>* work_ = nullptr;  // guarded by mu_; the current job
  size_t n_ = 0;          // guarded by mu_
  size_t next_ = 0;       // guarded by mu_: the next index to hand out
  size_t active_ = 0;     // guarded by mu_: calls running
  uint64_t job_ = 0;      // guarded by mu_: bumped by each ForEach
  bool stop_ = false;     // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace klaxon::notify::outbox
