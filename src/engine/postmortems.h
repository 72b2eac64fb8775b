#pragma once
// The engine's post-mortem module (src/postmortem has the pure rules, record
// and draft). Everything here runs on the engine thread inside a unit of work
// the caller commits:
//
//   - when an incident resolves (IncidentWriter::Apply sees its "resolved"
//     line), Decided records whether a post-mortem is required and why, on
//     the incident's record and as a timeline line, and sets the durable
//     timer `incident/<id>/postmortem_due` at the deadline (write_within);
//     a re-opened incident loses the timer until it resolves again;
//   - when that timer fires and the post-mortem is still not written, it is
//     flagged overdue (record, timeline line, reminders to
//     postmortems.reminders.notify; klaxon_postmortems_overdue in /metrics);
//   - action items with a due date carry a timer `action_item/<id>/due`; when
//     it fires and the item is still open, its owner (a Slack DM, if they
//     have a slack user) and the reminder channels are told, once;
//   - people mark the post-mortem written or published and add or update
//     action items through PostmortemCommand, recorded with the actor.

#include <optional>
#include <string>

#include "config/config.h"
#include "postmortem/rules.h"
#include "core/result.h"
#include "engine/incident_writer.h"
#include "postmortem/postmortem.h"
#include "store/store.h"

namespace klaxon::engine {

inline constexpr std::string_view kPostmortemDueTimer = "postmortem_due";
inline constexpr std::string_view kActionItemDueTimer = "action_item_due";
// Timeline kinds written by this module.
inline constexpr std::string_view kPostmortemLine = "postmortem";
inline constexpr std::string_view kPostmortemOverdueLine = "postmortem_overdue";
inline constexpr std::string_view kActionItemLine = "postmortem_action_item";

std::string ActionItemTimerKey(int64_t item_id);  // "action_item/7/due"

// Whether `inc` needs a post-mortem by the configured rules (its runbook's
// service and tags included); its duration runs to resolved_at, or `now`.
postmortem::Requirement PostmortemRequirement(const config::Config& cfg,
                                              const incident::Incident& inc, Time now);

// The incident `inc` just resolved (its resolved_at is set) in `writer`'s
// unit of work. Adds to `enqueued` nothing (deciding notifies no one).
Status PostmortemDecided(store::UnitOfWork& uow, IncidentWriter& writer,
                         const config::Config& cfg, const incident::Incident& inc, Time now);
// The incident re-opened: its deadline waits for the next resolution.
Status PostmortemReopened(store::UnitOfWork& uow, const incident::Incident& inc);

// A timer of kind kPostmortemDueTimer or kActionItemDueTimer fired (and was
// deleted by the caller). `enqueued` counts the outbox rows added.
Status PostmortemTimerDue(store::UnitOfWork& uow, IncidentWriter& writer,
                          const config::Config& cfg, const store::Timer& timer, Time now,
                          int& enqueued);

// What a person does to a post-mortem.
struct PostmortemCommand {
  enum class Op { kMark, kAddItem, kUpdateItem };
  Op op = Op::kMark;
  int64_t incident_id = 0;
  // kMark
  postmortem::Mark mark = postmortem::Mark::kWritten;
  std::string url;  // where the document lives; "" keeps the stored one
  // kAddItem (action and owner required) and kUpdateItem (item_id; only what is set changes)
  int64_t item_id = 0;
  std::optional<std::string> action;
  std::optional<std::string> owner;
  std::optional<std::optional<Time>> due;  // set to nullopt: no due date any more
  std::optional<postmortem::ItemStatus> status;
  std::string actor;
  std::string via;
};

struct PostmortemState {
  postmortem::Record record;
  std::vector<postmortem::ActionItem> items;  // only the one added or updated, for item ops
};

// kConflict before the incident first resolved (there is no record yet);
// kNotFound for an unknown incident or item; kInvalidArgument for an empty
// action or owner.
Result<PostmortemState> ApplyPostmortemCommand(store::UnitOfWork& uow, IncidentWriter& writer,
                                               const PostmortemCommand& cmd, Time now,
                                               bool& timers_changed);

}  // namespace klaxon::engine
