#pragma once
// What a database holds, read without disturbing the process that may be
// writing it: for `klaxon store-stats` and the benchmarks, which count the
// stored alerts after kill -9.
//
// Opens the file read-only, does not take the writer's lock (process_lock.h)
// and runs no migration: a database whose schema predates the alert log is
// refused with a message saying so. Replays the whole alert log (the same
// code and checks as Open(), without the listing orders), in one read
// transaction with the counts of incidents and timers, so they are one
// snapshot.
//
// Thread-safety: a pure function of the file.

#include <cstdint>
#include <string>

#include "core/result.h"

namespace klaxon::store::sqlite {

struct StoreStats {
  int64_t alerts = 0;     // fingerprints stored, any state
  int64_t firing = 0;
  int64_t incidents = 0;
  int64_t timers = 0;
};

Result<StoreStats> ReadStoreStats(const std::string& path);

}  // namespace klaxon::store::sqlite
