#include "engine/postmortems.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "notify/reminder.h"
#include "postmortem/rules.h"

namespace klaxon::engine {
namespace {

namespace json = boost::json;

std::string Day(Time t) { return fmt::format("{:%Y-%m-%d}", std::chrono::floor<std::chrono::days>(t)); }

std::string Joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : "; ") + p;
  return s;
}

Status Line(IncidentWriter& writer, int64_t incident_id, Time now, std::string_view kind,
            std::string actor, std::string via, std::string text, json::object data) {
  incident::TimelineEntry line;
  line.incident_id = incident_id;
  line.at = now;
  line.kind = std::string(kind);
  line.actor = std::move(actor);
  line.via = std::move(via);
  line.text = std::move(text);
  line.data = json::serialize(data);
  return writer.AppendLine(line);
}

json::array Reasons(const std::vector<std::string>& reasons) {
  json::array a;
  for (const auto& r : reasons) a.emplace_back(r);
  return a;
}

// Enqueues `base` to every reminder channel and, when `person` has a Slack
// user and owners are reminded, to them directly through dm_via.
Status Remind(store::UnitOfWork& uow, const config::Config& cfg, int64_t incident_id,
              notify::Reminder base, const std::string& person, const std::string& key,
              Time now, int& enqueued) {
  const auto& pm = cfg.postmortems;
  auto enqueue = [&](const std::string& channel, notify::Reminder r) -> Status {
    store::OutboxEntry row;
    row.incident_id = incident_id;
    row.channel = channel;
    row.event = std::string(notify::kReminderEvent);
    row.idempotency_key = r.idempotency_key;
    row.payload = notify::EncodeReminder(r);
    row.next_attempt_at = now;
    row.created_at = now;
    auto added = uow.EnqueueNotification(row);
    if (!added) return Fail(added.error());
    enqueued += *added ? 1 : 0;
    return {};
  };
  for (const auto& channel : pm.remind_channels) {
    notify::Reminder r = base;
    r.idempotency_key = key;
    if (auto st = enqueue(channel, r); !st) return st;
  }
  const config::Person* p = person.empty() ? nullptr : cfg.FindPerson(person);
  if (pm.remind_owners && p && !p->slack_user.empty() && !pm.dm_via.empty()) {
    notify::Reminder r = base;
    r.recipient = p->id;
    r.slack_user = p->slack_user;
    r.idempotency_key = key + ":" + p->id;
    if (auto st = enqueue(pm.dm_via, r); !st) return st;
  }
  return {};
}

notify::Reminder BaseReminder(const config::Config& cfg, const incident::Incident& inc,
                              std::string kind, std::string text, Time at) {
  notify::Reminder r;
  r.kind = std::move(kind);
  r.incident_ref = incident::DisplayId(cfg.incidents.id_prefix, inc.id);
  r.incident_title = inc.title;
  r.text = std::move(text);
  r.link = fmt::format("{}/api/v1/incidents/{}", cfg.server.external_url, r.incident_ref);
  r.at = at;
  return r;
}

Status OverdueDue(store::UnitOfWork& uow, IncidentWriter& writer, const config::Config& cfg,
                  const store::Timer& t, Time now, int& enqueued) {
  auto rec = uow.GetPostmortem(t.incident_id);
  if (!rec) return Fail(rec.error());
  // Written meanwhile, re-decided, or already flagged: nothing to say.
  if (!*rec || !postmortem::Outstanding((*rec)->state) || (*rec)->overdue) return {};
  if (!(*rec)->due || *(*rec)->due > now) return {};
  auto inc = writer.Get(t.incident_id);
  if (!inc) return inc.error().code == ErrorCode::kNotFound ? Status{} : Fail(inc.error());
  if ((*inc)->IsOpen()) return {};
  postmortem::Record r = **rec;
  r.overdue = true;
  if (auto st = uow.PutPostmortem(r); !st) return st;
  std::string ref = incident::DisplayId(cfg.incidents.id_prefix, r.incident_id);
  std::string text = fmt::format(
      "Post-mortem overdue: required ({}) and not written within {} of the resolution (due {})",
      Joined(r.reasons), FormatDuration(cfg.postmortems.write_within), FormatTimestamp(*r.due));
  if (auto st = Line(writer, r.incident_id, now, kPostmortemOverdueLine, "klaxon", "engine", text,
                     {{"due", FormatTimestamp(*r.due)}, {"reasons", Reasons(r.reasons)}});
      !st) {
    return st;
  }
  // The incident lead (else whoever acknowledged) is who should write it.
  std::string who = !(*inc)->lead.empty() ? (*inc)->lead : (*inc)->ack ? (*inc)->ack->by : "";
  notify::Reminder base = BaseReminder(
      cfg, **inc, "postmortem_overdue",
      fmt::format("The post-mortem of {} is overdue: it is required ({}) and was due {}. Mark it "
                  "written with `klaxon postmortem {} --written`.",
                  ref, Joined(r.reasons), Day(*r.due), ref),
      *r.due);
  return Remind(uow, cfg, r.incident_id, base, who,
                fmt::format("{}:postmortem_overdue:{}", ref, ToUnixMillis(*r.due)), now, enqueued);
}

Status ItemDue(store::UnitOfWork& uow, IncidentWriter& writer, const config::Config& cfg,
               const store::Timer& t, Time now, int& enqueued) {
  int64_t id = 0;
  if (std::sscanf(t.key.c_str(), "action_item/%ld/due", &id) != 1) return {};
  auto item = uow.GetActionItem(id);
  if (!item) return Fail(item.error());
  if (!*item) return {};
  postmortem::ActionItem a = **item;
  // Done, no due date any more, moved later, or reminded already for this date.
  if (a.status != postmortem::ItemStatus::kOpen || !a.due || *a.due > now ||
      (a.reminded_at && *a.reminded_at >= *a.due)) {
    return {};
  }
  a.reminded_at = now;
  if (auto st = uow.UpdateActionItem(a); !st) return st;
  auto inc = writer.Get(a.incident_id);
  if (!inc) return inc.error().code == ErrorCode::kNotFound ? Status{} : Fail(inc.error());
  std::string ref = incident::DisplayId(cfg.incidents.id_prefix, a.incident_id);
  if (auto st = Line(writer, a.incident_id, now, kActionItemLine, "klaxon", "engine",
                     fmt::format("Action item {} due {}: {} (owner {}): reminded", a.id,
                                 Day(*a.due), a.action, a.owner),
                     {{"item", a.id}, {"owner", a.owner}, {"due", FormatTimestamp(*a.due)},
                      {"reminded", true}});
      !st) {
    return st;
  }
  notify::Reminder base = BaseReminder(
      cfg, **inc, "action_item_due",
      fmt::format("Action item {} from the post-mortem of {} is due ({}): {} (owner: {}).", a.id,
                  ref, Day(*a.due), a.action, a.owner),
      *a.due);
  base.action_item = a.id;
  base.owner = a.owner;
  return Remind(uow, cfg, a.incident_id, base, a.owner,
                fmt::format("{}:action_item:{}:{}", ref, a.id, ToUnixMillis(*a.due)), now,
                enqueued);
}

// The item's timer: due while open with a due date, otherwise none.
Status ItemTimer(store::UnitOfWork& uow, const postmortem::ActionItem& a, bool& changed) {
  changed = true;
  if (a.status == postmortem::ItemStatus::kOpen && a.due &&
      !(a.reminded_at && *a.reminded_at >= *a.due)) {
    return uow.PutTimer(store::Timer{ActionItemTimerKey(a.id), std::string(kActionItemDueTimer),
                                     a.incident_id, *a.due, "{}"});
  }
  return uow.DeleteTimer(ActionItemTimerKey(a.id));
}

std::string DueText(const std::optional<Time>& due) { return due ? ", due " + Day(*due) : ""; }

}  // namespace

std::string ActionItemTimerKey(int64_t item_id) { return fmt::format("action_item/{}/due", item_id); }

namespace {
postmortem::Subject SubjectFor(const config::Config& cfg, const incident::Incident& inc, Time now) {
  const config::Runbook* rb = inc.runbook_id.empty() ? nullptr : cfg.FindRunbook(inc.runbook_id);
  static const std::vector<std::string> kNoTags;
  return postmortem::SubjectOf(inc, rb ? std::string_view(rb->service) : std::string_view(),
                               rb ? rb->tags : kNoTags, now);
}
}  // namespace

postmortem::Requirement PostmortemRequirement(const config::Config& cfg,
                                              const incident::Incident& inc, Time now) {
  return postmortem::Required(SubjectFor(cfg, inc, now), cfg.postmortems.required_when);
}

Status PostmortemDecided(store::UnitOfWork& uow, IncidentWriter& writer,
                         const config::Config& cfg, const incident::Incident& inc, Time now) {
  auto subject = SubjectFor(cfg, inc, now);
  auto verdict = postmortem::Required(subject, cfg.postmortems.required_when);
  auto previous = uow.GetPostmortem(inc.id);
  if (!previous) return Fail(previous.error());
  Time resolved = inc.resolved_at.value_or(now);
  postmortem::Record r = postmortem::Decide(inc.id, *previous, verdict.required, verdict.reasons,
                                            resolved, cfg.postmortems.write_within);
  if (auto st = uow.PutPostmortem(r); !st) return st;
  std::string key = IncidentWriter::TimerKey(inc.id, kPostmortemDueTimer);
  if (postmortem::Outstanding(r.state) && r.due) {
    if (auto st = uow.PutTimer(store::Timer{key, std::string(kPostmortemDueTimer), inc.id, *r.due, "{}"});
        !st) {
      return st;
    }
  } else if (auto st = uow.DeleteTimer(key); !st) {
    return st;
  }
  std::string text;
  if (r.state == postmortem::State::kWritten || r.state == postmortem::State::kPublished) {
    text = fmt::format("Post-mortem already {}", postmortem::ToString(r.state));
  } else if (verdict.required) {
    text = fmt::format("Post-mortem required ({}): write it by {}", Joined(verdict.reasons),
                       FormatTimestamp(*r.due));
  } else {
    text = fmt::format("No post-mortem required ({} lasting {})", inc.severity,
                       FormatDuration(subject.duration));
  }
  json::object data{{"required", verdict.required},
                    {"reasons", Reasons(verdict.reasons)},
                    {"state", postmortem::ToString(r.state)},
                    {"due", r.due ? json::value(FormatTimestamp(*r.due)) : json::value(nullptr)}};
  return Line(writer, inc.id, now, kPostmortemLine, "klaxon", "engine", text, std::move(data));
}

Status PostmortemReopened(store::UnitOfWork& uow, const incident::Incident& inc) {
  return uow.DeleteTimer(IncidentWriter::TimerKey(inc.id, kPostmortemDueTimer));
}

Status PostmortemTimerDue(store::UnitOfWork& uow, IncidentWriter& writer,
                          const config::Config& cfg, const store::Timer& timer, Time now,
                          int& enqueued) {
  if (timer.kind == kPostmortemDueTimer) return OverdueDue(uow, writer, cfg, timer, now, enqueued);
  return ItemDue(uow, writer, cfg, timer, now, enqueued);
}

Result<PostmortemState> ApplyPostmortemCommand(store::UnitOfWork& uow, IncidentWriter& writer,
                                               const PostmortemCommand& cmd, Time now,
                                               bool& timers_changed) {
  auto inc = writer.Get(cmd.incident_id);
  if (!inc) return Fail(inc.error());
  auto rec = uow.GetPostmortem(cmd.incident_id);
  if (!rec) return Fail(rec.error());
  if (!*rec) {
    return Fail(ErrorCode::kConflict,
                "the incident has not resolved yet: its post-mortem is decided when it resolves");
  }
  PostmortemState out{**rec, {}};
  postmortem::Record& r = out.record;
  switch (cmd.op) {
    case PostmortemCommand::Op::kMark: {
      if (cmd.mark == postmortem::Mark::kDrafted) {
        // Only a post-mortem still to write moves to drafted; it stays due.
        if (r.state == postmortem::State::kRequired || r.state == postmortem::State::kNotRequired) {
          r.state = postmortem::State::kDrafted;
          if (!cmd.url.empty()) r.url = cmd.url;
          if (auto st = uow.PutPostmortem(r); !st) return Fail(st.error());
          if (auto st = Line(writer, r.incident_id, now, kPostmortemLine, cmd.actor, cmd.via,
                             fmt::format("Post-mortem drafted by {} via {}", cmd.actor, cmd.via),
                             {{"state", postmortem::ToString(r.state)}, {"url", r.url}});
              !st) {
            return Fail(st.error());
          }
        }
        return out;
      }
      auto to = cmd.mark == postmortem::Mark::kPublished ? postmortem::State::kPublished
                                                         : postmortem::State::kWritten;
      if (r.state == postmortem::State::kPublished && to == postmortem::State::kWritten &&
          cmd.url.empty()) {
        return out;  // already further along
      }
      if (r.state != to) {
        if (!r.written_at) r.written_at = now;
        if (r.written_by.empty()) r.written_by = cmd.actor;
      }
      if (r.state != postmortem::State::kPublished) r.state = to;
      if (!cmd.url.empty()) r.url = cmd.url;
      if (auto st = uow.PutPostmortem(r); !st) return Fail(st.error());
      if (auto st = uow.DeleteTimer(IncidentWriter::TimerKey(r.incident_id, kPostmortemDueTimer)); !st) {
        return Fail(st.error());
      }
      timers_changed = true;
      std::string text = fmt::format("Post-mortem marked {} by {} via {}", postmortem::ToString(cmd.mark),
                                     cmd.actor, cmd.via);
      if (!cmd.url.empty()) text += ": " + cmd.url;
      if (auto st = Line(writer, r.incident_id, now, kPostmortemLine, cmd.actor, cmd.via, text,
                         {{"state", postmortem::ToString(r.state)}, {"url", r.url}});
          !st) {
        return Fail(st.error());
      }
      return out;
    }
    case PostmortemCommand::Op::kAddItem: {
      postmortem::ActionItem a;
      a.incident_id = cmd.incident_id;
      a.action = cmd.action.value_or("");
      a.owner = cmd.owner.value_or("");
      if (a.action.empty() || a.owner.empty()) {
        return Fail(ErrorCode::kInvalidArgument, "an action item needs an action and an owner");
      }
      if (cmd.due) a.due = *cmd.due;
      a.status = cmd.status.value_or(postmortem::ItemStatus::kOpen);
      a.created_at = now;
      a.created_by = cmd.actor;
      if (auto st = uow.InsertActionItem(a); !st) return Fail(st.error());
      if (auto st = ItemTimer(uow, a, timers_changed); !st) return Fail(st.error());
      if (auto st = Line(writer, a.incident_id, now, kActionItemLine, cmd.actor, cmd.via,
                         fmt::format("Action item {} added by {}: {} (owner {}{})", a.id, cmd.actor,
                                     a.action, a.owner, DueText(a.due)),
                         {{"item", a.id}, {"owner", a.owner}, {"status", postmortem::ToString(a.status)}});
          !st) {
        return Fail(st.error());
      }
      out.items.push_back(std::move(a));
      return out;
    }
    case PostmortemCommand::Op::kUpdateItem: {
      auto found = uow.GetActionItem(cmd.item_id);
      if (!found) return Fail(found.error());
      if (!*found || (*found)->incident_id != cmd.incident_id) {
        return Fail(ErrorCode::kNotFound, fmt::format("action item {} is not an action item of "
                                                      "this incident", cmd.item_id));
      }
      postmortem::ActionItem a = **found;
      std::vector<std::string> changes;
      if (cmd.action && *cmd.action != a.action) {
        if (cmd.action->empty()) return Fail(ErrorCode::kInvalidArgument, "the action may not be empty");
        a.action = *cmd.action;
        changes.push_back("action: " + a.action);
      }
      if (cmd.owner && *cmd.owner != a.owner) {
        if (cmd.owner->empty()) return Fail(ErrorCode::kInvalidArgument, "the owner may not be empty");
        a.owner = *cmd.owner;
        changes.push_back("owner " + a.owner);
      }
      if (cmd.due && *cmd.due != a.due) {
        a.due = *cmd.due;
        changes.push_back(a.due ? "due " + Day(*a.due) : "no due date");
      }
      if (cmd.status && *cmd.status != a.status) {
        a.status = *cmd.status;
        changes.push_back(std::string(postmortem::ToString(a.status)));
      }
      if (changes.empty()) {
        out.items.push_back(std::move(a));
        return out;
      }
      if (auto st = uow.UpdateActionItem(a); !st) return Fail(st.error());
      if (auto st = ItemTimer(uow, a, timers_changed); !st) return Fail(st.error());
      std::string what;
      for (const auto& c : changes) what += (what.empty() ? "" : ", ") + c;
      if (auto st = Line(writer, a.incident_id, now, kActionItemLine, cmd.actor, cmd.via,
                         fmt::format("Action item {} updated by {}: {}", a.id, cmd.actor, what),
                         {{"item", a.id}, {"owner", a.owner}, {"status", postmortem::ToString(a.status)}});
          !st) {
        return Fail(st.error());
      }
      out.items.push_back(std::move(a));
      return out;
    }
  }
  return out;
}

}  // namespace klaxon::engine
