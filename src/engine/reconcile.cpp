#include "engine/reconcile.h"

namespace klaxon::engine {
namespace {

std::optional<Time> ExpiryOf(const ingest::Alert& in, Time now, Duration resolve_timeout) {
  if (in.ends_at) return in.ends_at;
  if (in.refresh_expected) return now + resolve_timeout;
  return std::nullopt;
}

store::AlertRecord Fresh(ingest::Alert&& in, Time now, Duration resolve_timeout) {
  store::AlertRecord r;
  r.fingerprint = in.fingerprint;
  r.firing = true;
  r.starts_at = in.starts_at.value_or(now);
  r.ends_at = in.ends_at;
  r.last_received_at = now;
  r.expires_at = ExpiryOf(in, now, resolve_timeout);
  r.labels = std::move(in.labels);
  r.annotations = std::move(in.annotations);
  r.source = in.source;            // short; the caller may still read them
  r.integration = in.integration;
  r.generator_url = std::move(in.generator_url);
  r.external_key = std::move(in.external_key);
  return r;
}

}  // namespace

std::string_view ToString(AlertChange change) {
  switch (change) {
    case AlertChange::kNew: return "new";
    case AlertChange::kRefired: return "refired";
    case AlertChange::kRepeat: return "repeat";
    case AlertChange::kResolved: return "resolved";
    case AlertChange::kAcknowledge: return "acknowledged";
    case AlertChange::kIgnored: return "ignored";
  }
  return "ignored";
}

Reconciled Reconcile(const std::optional<store::AlertRecord>& existing,
                     const ingest::Alert& in, Time now, Duration resolve_timeout) {
  return Reconcile(std::optional<store::AlertRecord>(existing), ingest::Alert(in), now,
                   resolve_timeout);
}

Reconciled Reconcile(std::optional<store::AlertRecord>&& existing, ingest::Alert&& in, Time now,
                     Duration resolve_timeout) {
  Reconciled out;
  if (in.action == ingest::AlertAction::kAcknowledge) {
    out.change = existing && existing->firing ? AlertChange::kAcknowledge : AlertChange::kIgnored;
    if (existing) out.record = std::move(*existing);
    return out;
  }

  bool firing = in.action == ingest::AlertAction::kFire && !(in.ends_at && *in.ends_at <= now);

  if (firing) {
    if (!existing) {
      out.change = AlertChange::kNew;
      out.record = Fresh(std::move(in), now, resolve_timeout);
      out.write = true;
      return out;
    }
    if (!existing->firing) {
      out.change = AlertChange::kRefired;
      out.record = Fresh(std::move(in), now, resolve_timeout);
      out.record.incident_id = existing->incident_id;
      out.write = true;
      return out;
    }
    out.change = AlertChange::kRepeat;
    bool visible_change = existing->annotations != in.annotations ||
                          existing->generator_url != in.generator_url;
    std::optional<Time> expiry = ExpiryOf(in, now, resolve_timeout);
    std::optional<Time> stored_expiry = existing->expires_at;
    std::optional<Time> stored_end = existing->ends_at;
    out.record = std::move(*existing);
    out.record.last_received_at = now;
    out.record.ends_at = in.ends_at;
    if (visible_change) {
      out.record.annotations = std::move(in.annotations);
      out.record.generator_url = std::move(in.generator_url);
    }
    bool expiry_moved;
    if (!expiry || !stored_expiry) {
      expiry_moved = expiry != stored_expiry;
    } else {
      Duration ahead = *expiry - *stored_expiry;
      Duration validity = *expiry - now;
      // Shorter expiries are always written; longer ones once they gain a quarter.
      expiry_moved = ahead < Duration(0) || ahead * 4 > validity;
    }
    if (expiry_moved) {
      out.record.expires_at = expiry;
    } else {
      out.record.expires_at = stored_expiry;
      out.record.ends_at = stored_end;
    }
    out.write = visible_change || expiry_moved;
    return out;
  }

  // Resolving.
  if (!existing || !existing->firing) {
    out.change = AlertChange::kIgnored;
    if (existing) out.record = std::move(*existing);
    return out;
  }
  out.change = AlertChange::kResolved;
  out.record = std::move(*existing);
  out.record.firing = false;
  out.record.ends_at = in.ends_at.value_or(now);
  if (*out.record.ends_at > now) out.record.ends_at = now;
  out.record.expires_at.reset();
  out.record.last_received_at = now;
  if (!in.annotations.empty()) out.record.annotations = std::move(in.annotations);
  out.write = true;
  return out;
}

}  // namespace klaxon::engine
