#include "postmortem/postmortem.h"

namespace klaxon::postmortem {

std::string_view ToString(State s) {
  switch (s) {
    case State::kNotRequired: return "not_required";
    case State::kRequired: return "required";
    case State::kDrafted: return "drafted";
    case State::kWritten: return "written";
    case State::kPublished: return "published";
  }
  return "not_required";
}

std::optional<State> ParseState(std::string_view text) {
  for (State s : {State::kNotRequired, State::kRequired, State::kDrafted, State::kWritten,
                  State::kPublished}) {
    if (ToString(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view ToString(ItemStatus s) { return s == ItemStatus::kDone ? "done" : "open"; }

std::optional<ItemStatus> ParseItemStatus(std::string_view text) {
  if (text == "open") return ItemStatus::kOpen;
  if (text == "done") return ItemStatus::kDone;
  return std::nullopt;
}

Record Decide(int64_t incident_id, const std::optional<Record>& previous, bool required,
              std::vector<std::string> reasons, Time resolved_at, Duration write_within) {
  if (previous && (previous->state == State::kWritten || previous->state == State::kPublished)) {
    return *previous;
  }
  Record r;
  r.incident_id = incident_id;
  r.decided_at = resolved_at;
  if (!required) return r;
  r.state = previous && previous->state == State::kDrafted ? State::kDrafted : State::kRequired;
  r.reasons = std::move(reasons);
  r.due = resolved_at + write_within;
  if (previous) r.url = previous->url;
  return r;
}

std::string_view ToString(Mark m) {
  switch (m) {
    case Mark::kDrafted: return "drafted";
    case Mark::kWritten: return "written";
    case Mark::kPublished: return "published";
  }
  return "written";
}

}  // namespace klaxon::postmortem
