// A `prometheus` probe's keys: url (the server), query, headers, on_empty.
#include <fmt/format.h>

#include "config/probe_targets.h"
#include "config/url.h"

namespace klaxon::config {

probe::PrometheusTarget ReadPrometheus(Reader& r, MapReader& m, const probe::Spec& p) {
  probe::PrometheusTarget t;
  auto url = m.String("url", Need::kRequired);
  if (url && CheckHttpUrl(r, *url, "url")) {
    if (url->value.find_first_of("?#") != std::string::npos) {
      r.Error(url->origin, fmt::format("invalid url {}: expected the server's base URL without a "
                                       "query, e.g. http://prometheus:9090",
                                       Describe(*url)));
    } else {
      t.url = url->value;
    }
  }
  m.Read("query", t.query, Need::kRequired);
  if (const Ref* headers = m.Find("headers")) {
    if (auto pairs = ReadHeaders(r, *headers)) t.headers = std::move(*pairs);
  }
  if (const Ref* on_empty = m.Find("on_empty")) {
    if (auto c = r.Choice(*on_empty, "on_empty", {"healthy", "failing"})) {
      t.empty_fails = c->value == "failing";
      if (t.empty_fails && p.thresholds.empty()) {
        r.Error(c->origin, "\"on_empty: failing\" without \"thresholds\" always fails (without "
                           "thresholds any result fails too); add thresholds");
      }
    }
  }
  return t;
}

}  // namespace klaxon::config
