#include "ingest/sources/registry.h"

#include "ingest/sources/alertmanager/api_v2.h"
#include "ingest/sources/alertmanager/webhook.h"
#include "ingest/sources/generic/generic.h"
#include "ingest/sources/pagerduty/events_v2.h"

namespace klaxon::ingest {
namespace {

constexpr SourceFormat kSources[] = {
    alertmanager::kApiV2Format,
    alertmanager::kWebhookFormat,
    pagerduty::kEventsV2Format,
    generic::kFormat,
};

}  // namespace

std::span<const SourceFormat> AllSources() { return kSources; }

const SourceFormat* FindSource(std::string_view name) {
  for (const SourceFormat& format : kSources) {
    if (format.name == name) return &format;
  }
  return nullptr;
}

}  // namespace klaxon::ingest
