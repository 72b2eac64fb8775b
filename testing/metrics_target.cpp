#include "testing/metrics_target.h"

#include <cmath>

#include <fmt/format.h>

namespace klaxon::testing {

Result<std::unique_ptr<MetricsTarget>> MetricsTarget::Start(uint64_t per_scrape) {
  std::unique_ptr<MetricsTarget> t(new MetricsTarget());
  t->per_scrape_ = per_scrape;
  MetricsTarget* self = t.get();
  t->router_.Add("GET", "/metrics", [self](http::Request&, http::Reply reply) {
    http::Response r = http::Response::Text(200, self->Scrape());
    r.content_type = "text/plain; version=0.0.4";
    reply(std::move(r));
  });
  http::ServerOptions options;
  options.threads = 2;
  auto server = http::Server::Start(options, t->router_);
  if (!server) return Fail(server.error());
  t->server_ = std::move(*server);
  return t;
}

MetricsTarget::~MetricsTarget() {
  if (server_) server_->Stop();
}

std::string MetricsTarget::address() const {
  return fmt::format("127.0.0.1:{}", server_->port());
}

void MetricsTarget::SetErrorRate(double share) {
  std::lock_guard lock(mu_);
  error_rate_ = share;
}

uint64_t MetricsTarget::scrapes() const {
  std::lock_guard lock(mu_);
  return scrapes_;
}

std::string MetricsTarget::Scrape() {
  std::lock_guard lock(mu_);
  auto failed = static_cast<uint64_t>(std::llround(error_rate_ * static_cast<double>(per_scrape_)));
  failed_ += failed;
  ok_ += per_scrape_ - failed;
  ++scrapes_;
  return fmt::format(
      "# HELP requests_total Requests served, by HTTP status.\n"
      "# TYPE requests_total counter\n"
      "requests_total{{status=\"200\"}} {}\n"
      "requests_total{{status=\"500\"}} {}\n",
      ok_, failed_);
}

}  // namespace klaxon::testing
