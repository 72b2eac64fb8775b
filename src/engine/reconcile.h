#pragma once
// Pure: what one incoming alert does to the stored state of its fingerprint.

#include <optional>

#include "core/time.h"
#include "ingest/alert.h"
#include "store/store.h"

namespace klaxon::engine {

enum class AlertChange {
  kNew,          // first time this fingerprint fires
  kRefired,      // it had resolved and fires again
  kRepeat,       // it was firing and still is (a re-send)
  kResolved,     // it was firing and now is not
  kAcknowledge,  // the sender acknowledged it (its incident gets the ack)
  kIgnored,      // nothing to do: a resolve for an unknown or already resolved alert
};

std::string_view ToString(AlertChange change);

struct Reconciled {
  AlertChange change = AlertChange::kIgnored;
  store::AlertRecord record;  // the next stored state (valid unless kIgnored/kAcknowledge)
  bool write = false;         // whether record must be written
};

// `resolve_timeout` applies to alerts whose sender re-sends them
// (refresh_expected) and gives no end.
//
// Repeats are written only when something a reader would see changed
// (annotations, generator URL) or when the stored expiry would otherwise fall
// behind by more than a quarter of the alert's remaining validity. So a
// Prometheus re-sending every minute with a 4-minute endsAt costs a lookup,
// not a write, most of the time; the price is that an alert whose sender
// vanishes without resolving it may expire up to that quarter early.
Reconciled Reconcile(const std::optional<store::AlertRecord>& existing,
                     const ingest::Alert& incoming, Time now, Duration resolve_timeout);
// The same, taking its inputs apart instead of copying them (the engine's
// hot path): `existing` is left valid but unspecified, and so is `incoming`
// except for its fingerprint, source and integration, which keep their values.
Reconciled Reconcile(std::optional<store::AlertRecord>&& existing, ingest::Alert&& incoming,
                     Time now, Duration resolve_timeout);

}  // namespace klaxon::engine
