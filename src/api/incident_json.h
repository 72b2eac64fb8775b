#pragma once
// Wire DTOs for incidents, their timelines and alerts (the REST API's shape).

#include <string_view>

#include <boost/json/value.hpp>

#include "store/store.h"

namespace klaxon::api {

boost::json::object IncidentJson(const incident::Incident& inc, std::string_view id_prefix);
boost::json::object TimelineJson(const incident::TimelineEntry& e);
boost::json::object AlertJson(const store::AlertRecord& a, std::string_view id_prefix);
boost::json::object LabelsJson(const LabelSet& labels);

}  // namespace klaxon::api
