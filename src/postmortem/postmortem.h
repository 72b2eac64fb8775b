#pragma once
// A post-mortem: whether an incident needs one, where writing it stands, and
// its action items. The durable record the engine keeps per resolved
// incident (store::UnitOfWork::PutPostmortem); pure data, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace klaxon::postmortem {

// Where the document stands. kNotRequired and kRequired are decided when the
// incident resolves; kDrafted once a draft was fetched; kWritten and
// kPublished are set by people. Only kRequired and kDrafted can be overdue.
enum class State { kNotRequired, kRequired, kDrafted, kWritten, kPublished };

std::string_view ToString(State s);                      // "not_required", "required", ...
std::optional<State> ParseState(std::string_view text);  // the same names

// True while a required post-mortem still waits to be written.
inline bool Outstanding(State s) { return s == State::kRequired || s == State::kDrafted; }

enum class ItemStatus { kOpen, kDone };
std::string_view ToString(ItemStatus s);                          // "open", "done"
std::optional<ItemStatus> ParseItemStatus(std::string_view text);

struct ActionItem {
  int64_t id = 0;            // assigned by the store; unique across incidents
  int64_t incident_id = 0;
  std::string action;
  std::string owner;         // a person id (validated by the caller) or a free name
  std::optional<Time> due;   // nullopt: no due date (never reminded)
  ItemStatus status = ItemStatus::kOpen;
  std::optional<Time> reminded_at;  // when its owner was last reminded
  Time created_at{};
  std::string created_by;
};

struct Record {
  int64_t incident_id = 0;
  State state = State::kNotRequired;
  std::vector<std::string> reasons;  // why it is required (empty when not)
  Time decided_at{};                 // the resolution that decided it
  std::optional<Time> due;           // to be written by; nullopt when not required
  bool overdue = false;              // flagged: not written by `due`
  std::optional<Time> written_at;
  std::string written_by;
  std::string url;                   // where the written document lives ("" if not given)
};

// The record after the incident resolved at `resolved_at`, given the rules'
// verdict and the record of an earlier resolution (nullopt: first). A
// post-mortem already written or published stays so; otherwise the verdict
// decides afresh and the deadline counts from this resolution.
Record Decide(int64_t incident_id, const std::optional<Record>& previous, bool required,
              std::vector<std::string> reasons, Time resolved_at, Duration write_within);

// What a person may do to a record: say a draft is being worked on, mark it
// written (optionally with where it lives) or published.
enum class Mark { kDrafted, kWritten, kPublished };
std::string_view ToString(Mark m);

}  // namespace klaxon::postmortem
