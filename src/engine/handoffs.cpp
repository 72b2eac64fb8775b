#include "engine/handoffs.h"

#include <algorithm>
#include <limits>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace klaxon::engine {
namespace {

constexpr std::string_view kKeyPrefix = "schedule/";
constexpr std::string_view kKeySuffix = "/handoff";

notify::BriefPerson PersonOf(const config::Config& config, const std::string& id) {
  if (id.empty()) return {};
  const config::Person* p = config.FindPerson(id);
  return notify::BriefPerson{id, p && !p->name.empty() ? p->name : id};
}

// Most severe first (declaration order), unknown severities last, then oldest.
int RankOf(const config::Config& config, std::string_view severity) {
  const config::Severity* s = config.FindSeverity(severity);
  return s ? s->rank : std::numeric_limits<int>::max();
}

store::OutboxEntry Row(const notify::HandoffBrief& brief, std::string channel, Time now) {
  store::OutboxEntry e;
  e.incident_id = 0;
  e.channel = std::move(channel);
  e.event = std::string(notify::kHandoffEvent);
  e.idempotency_key = brief.idempotency_key;
  e.payload = notify::EncodeBrief(brief);
  e.next_attempt_at = now;
  e.created_at = now;
  return e;
}

}  // namespace

std::string HandoffTimerKey(std::string_view schedule_id) {
  return fmt::format("{}{}{}", kKeyPrefix, schedule_id, kKeySuffix);
}

std::string ScheduleOfHandoffTimer(std::string_view key) {
  if (!key.starts_with(kKeyPrefix) || !key.ends_with(kKeySuffix) ||
      key.size() <= kKeyPrefix.size() + kKeySuffix.size()) {
    return {};
  }
  return std::string(key.substr(kKeyPrefix.size(),
                                key.size() - kKeyPrefix.size() - kKeySuffix.size()));
}

Result<std::optional<store::Timer>> NextHandoffTimer(const config::Schedule& schedule,
                                                     Time after) {
  auto next = oncall::NextHandoff(schedule.spec, after);
  if (!next) return Fail(next.error());
  if (!*next) return std::optional<store::Timer>();
  store::Timer t;
  t.key = HandoffTimerKey(schedule.spec.id);
  t.kind = std::string(kHandoffTimer);
  t.incident_id = 0;
  t.due_at = (*next)->at;
  t.payload = boost::json::serialize(boost::json::object{
      {"schedule", schedule.spec.id}, {"from", (*next)->from}, {"to", (*next)->to}});
  return std::optional<store::Timer>(std::move(t));
}

TimerAction ReconcileHandoffTimer(const std::optional<store::Timer>& stored,
                                  const std::optional<store::Timer>& wanted, Time now) {
  if (stored && stored->due_at <= now) return TimerAction::kKeep;
  if (!wanted) return stored ? TimerAction::kDelete : TimerAction::kKeep;
  if (stored && stored->due_at == wanted->due_at && stored->kind == wanted->kind &&
      stored->payload == wanted->payload) {
    return TimerAction::kKeep;
  }
  return TimerAction::kPut;
}

notify::HandoffBrief BuildBrief(const config::Config& config, const config::Schedule& schedule,
                                const oncall::Handover& handoff,
                                std::span<const incident::Incident> open) {
  notify::HandoffBrief b;
  b.schedule_id = schedule.spec.id;
  b.schedule_name = schedule.spec.name.empty() ? schedule.spec.id : schedule.spec.name;
  b.at = handoff.at;
  b.outgoing = PersonOf(config, handoff.from);
  b.incoming = PersonOf(config, handoff.to);
  std::vector<const incident::Incident*> sorted;
  for (const auto& i : open) {
    if (i.IsOpen()) sorted.push_back(&i);
  }
  std::sort(sorted.begin(), sorted.end(), [&](const incident::Incident* x, const incident::Incident* y) {
    int rx = RankOf(config, x->severity), ry = RankOf(config, y->severity);
    if (rx != ry) return rx < ry;
    if (x->opened_at != y->opened_at) return x->opened_at < y->opened_at;
    return x->id < y->id;
  });
  for (const incident::Incident* i : sorted) {
    if (b.incidents.size() == kBriefIncidents) {
      ++b.unlisted;
      continue;
    }
    notify::BriefIncident bi;
    bi.ref = incident::DisplayId(config.incidents.id_prefix, i->id);
    bi.title = i->title;
    bi.severity = i->severity;
    bi.status = i->status;
    bi.lead = !i->lead.empty() ? i->lead : (i->ack ? i->ack->by : std::string());
    bi.opened_at = i->opened_at;
    bi.summary = i->summary;
    bi.next = i->next_step;
    bi.eta = i->eta;
    bi.link = fmt::format("{}/api/v1/incidents/{}", config.server.external_url, bi.ref);
    b.incidents.push_back(std::move(bi));
  }
  return b;
}

Result<HandoffPlan> PlanHandoff(const config::Config& config, const config::Schedule& schedule,
                                Time due, Time now, std::span<const incident::Incident> open) {
  HandoffPlan plan;
  // The first handoff at or after `due`, then on while they are not later than now.
  auto first = oncall::NextHandoff(schedule.spec, due - Duration(1));
  if (!first) return Fail(first.error());
  std::optional<oncall::Handover> latest;
  for (auto h = *first; h && h->at <= now;) {
    latest = h;
    auto next = oncall::NextHandoff(schedule.spec, h->at);
    if (!next) return Fail(next.error());
    h = *next;
  }
  auto next = NextHandoffTimer(schedule, latest ? latest->at : now);
  if (!next) return Fail(next.error());
  plan.next = std::move(*next);
  if (!latest) return plan;
  plan.handoff = latest;

  const auto& settings = config.notifications.handoff;
  if (!settings) return plan;
  notify::HandoffBrief brief = BuildBrief(config, schedule, *latest, open);
  std::string key = fmt::format("handoff/{}/{}", schedule.spec.id, ToUnixMillis(latest->at));
  brief.idempotency_key = key;
  for (const auto& channel : settings->channels) plan.rows.push_back(Row(brief, channel, now));
  const config::Person* incoming = config.FindPerson(latest->to);
  if (settings->direct && incoming) {
    notify::HandoffBrief direct = brief;
    direct.recipient = incoming->id;
    direct.idempotency_key = key + "/" + incoming->id;
    if (!incoming->slack_user.empty() && !settings->dm_via.empty()) {
      notify::HandoffBrief dm = direct;
      dm.slack_user = incoming->slack_user;
      plan.rows.push_back(Row(dm, settings->dm_via, now));
    }
    if (!incoming->webhook.empty()) plan.rows.push_back(Row(direct, incoming->webhook, now));
  }
  return plan;
}

}  // namespace klaxon::engine
