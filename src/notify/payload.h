#pragma once
// A Notification as the JSON stored in the outbox (store::OutboxEntry::payload)
// and back. Every field round-trips except first_receipt, which the outbox
// fills in at send time. Times are unix milliseconds, so nothing is rounded.
//
// The format is private to klaxon but durable: rows written by one version
// are sent by the next, so fields may be added (readers default them) but
// never renamed or given another meaning.
//
// Pure; thread-safe.

#include <string>
#include <string_view>

#include "core/result.h"
#include "notify/notification.h"

namespace klaxon::notify {

std::string EncodePayload(const Notification& n);
// kInvalidArgument when `json` is not a payload (the message never quotes it).
Result<Notification> DecodePayload(std::string_view json);

}  // namespace klaxon::notify
