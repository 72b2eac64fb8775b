#include "api/postmortem_handlers.h"

#include <cstdio>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "postmortem/draft.h"

namespace klaxon::api {
namespace {

namespace json = boost::json;

// nullopt: absent; error: present but not a string (or too long).
Result<std::optional<std::string>> Field(const json::object& o, std::string_view key, size_t max = 2000) {
  return OptionalString(o, key, max);
}

// "2026-12-04" (that day, 00:00 UTC) or an RFC 3339 timestamp; "" clears.
Result<std::optional<Time>> DueOf(const std::string& text) {
  if (text.empty()) return std::optional<Time>();
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
    if (ymd.ok()) return std::optional<Time>(Time(std::chrono::sys_days{ymd}));
  } else if (auto t = ParseTimestamp(text)) {
    return std::optional<Time>(*t);
  }
  return Fail(ErrorCode::kInvalidArgument,
              fmt::format("\"due\" must be a date (YYYY-MM-DD) or an RFC 3339 time, not \"{}\"", text));
}

json::object ItemJson(const postmortem::ActionItem& a) {
  return json::object{{"id", a.id},
                      {"action", a.action},
                      {"owner", a.owner},
                      {"due", a.due ? json::value(FormatTimestamp(*a.due)) : json::value(nullptr)},
                      {"status", postmortem::ToString(a.status)},
                      {"reminded_at", a.reminded_at ? json::value(FormatTimestamp(*a.reminded_at))
                                                    : json::value(nullptr)},
                      {"created_at", FormatTimestamp(a.created_at)},
                      {"created_by", a.created_by}};
}

json::object RecordJson(const std::optional<postmortem::Record>& r) {
  auto time = [](const std::optional<Time>& t) {
    return t ? json::value(FormatTimestamp(*t)) : json::value(nullptr);
  };
  if (!r) {
    return json::object{{"state", "undecided"}, {"required", nullptr}, {"reasons", json::array{}}};
  }
  json::array reasons;
  for (const auto& x : r->reasons) reasons.emplace_back(x);
  return json::object{{"state", postmortem::ToString(r->state)},
                      {"required", r->state != postmortem::State::kNotRequired},
                      {"reasons", std::move(reasons)},
                      {"decided_at", FormatTimestamp(r->decided_at)},
                      {"due", time(r->due)},
                      {"overdue", r->overdue},
                      {"written_at", time(r->written_at)},
                      {"written_by", r->written_by},
                      {"url", r->url}};
}

bool WantsJson(const http::Request& req) {
  auto accept = req.Header("accept");
  return accept && accept->find("application/json") != std::string_view::npos &&
         accept->find("text/markdown") == std::string_view::npos;
}

void Show(const Context& ctx, http::Request& req, http::Reply reply) {
  if (!Require(ctx, req, reply, access::Role::kViewer)) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto detail = ctx.store->GetIncidentDetail(*id);
  if (!detail) return reply(ErrorResponse(detail.error()));
  if (!*detail) {
    return reply(http::Response::Error(404, fmt::format("incident {} not found", *req.Param("id"))));
  }
  auto record = ctx.store->GetPostmortem(*id);
  if (!record) return reply(ErrorResponse(record.error()));
  auto items = ctx.store->ListActionItems(*id);
  if (!items) return reply(ErrorResponse(items.error()));
  const auto& cfg = *ctx.config;
  postmortem::DraftInput in;
  in.incident = (*detail)->incident;
  in.timeline = (*detail)->timeline;
  in.id_prefix = cfg.incidents.id_prefix;
  if (const auto* rb = cfg.FindRunbook(in.incident.runbook_id)) in.runbook_title = rb->title;
  // The author: who marked it written, else the incident lead.
  in.author = *record && !(*record)->written_by.empty() ? (*record)->written_by : in.incident.lead;
  if (const auto* p = cfg.FindPerson(in.author); p && !p->name.empty()) in.author = p->name;
  in.record = *record;
  in.action_items = *items;
  auto md = postmortem::Draft(in, cfg.postmortems.template_text);
  if (!md) return reply(ErrorResponse(md.error()));
  if (!WantsJson(req)) {
    http::Response r = http::Response::Text(200, std::move(*md));
    r.content_type = "text/markdown; charset=utf-8";
    return reply(std::move(r));
  }
  json::object out = RecordJson(*record);
  out["incident"] = incident::DisplayId(cfg.incidents.id_prefix, *id);
  json::array list;
  for (const auto& a : *items) list.push_back(ItemJson(a));
  out["action_items"] = std::move(list);
  out["markdown"] = std::move(*md);
  reply(http::Response::Json(200, json::serialize(out)));
}

void Submit(const Context& ctx, engine::PostmortemCommand cmd, http::Reply reply) {
  ctx.engine->SubmitPostmortemCommand(
      std::move(cmd), [reply = std::move(reply)](Result<engine::PostmortemState> r) {
        if (!r) return reply(ErrorResponse(r.error()));
        json::object out = RecordJson(r->record);
        if (!r->items.empty()) out["action_item"] = ItemJson(r->items.front());
        reply(http::Response::Json(200, json::serialize(out)));
      });
}

void Mark(const Context& ctx, http::Request& req, http::Reply reply) {
  auto who = Require(ctx, req, reply, access::Role::kEngineer);
  if (!who) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto body = BodyObject(req);
  if (!body) return reply(ErrorResponse(body.error()));
  auto state = Field(*body, "state");
  auto url = Field(*body, "url");
  for (auto* f : {&state, &url}) {
    if (!*f) return reply(ErrorResponse(f->error()));
  }
  engine::PostmortemCommand cmd;
  cmd.op = engine::PostmortemCommand::Op::kMark;
  cmd.incident_id = *id;
  std::string s = state->value_or("written");
  if (s == "written") {
    cmd.mark = postmortem::Mark::kWritten;
  } else if (s == "published") {
    cmd.mark = postmortem::Mark::kPublished;
  } else if (s == "drafted") {
    cmd.mark = postmortem::Mark::kDrafted;
  } else {
    return reply(http::Response::Error(
        400, fmt::format("unknown state \"{}\" (use drafted, written or published)", s)));
  }
  cmd.url = url->value_or("");
  cmd.actor = who->actor();
  cmd.via = ViaOf(req);
  Submit(ctx, std::move(cmd), std::move(reply));
}

// Reads the item fields present in `body` into `cmd`.
Status ItemFields(const Context& ctx, const json::object& body, engine::PostmortemCommand& cmd) {
  auto action = Field(body, "action");
  auto owner = Field(body, "owner", 200);
  auto due = Field(body, "due", 64);
  auto status = Field(body, "status", 16);
  for (auto* f : {&action, &owner, &due, &status}) {
    if (!*f) return Fail(f->error());
  }
  cmd.action = *action;
  cmd.owner = *owner;
  if (*due) {
    auto t = DueOf(**due);
    if (!t) return Fail(t.error());
    cmd.due = *t;
  }
  if (*status) {
    cmd.status = postmortem::ParseItemStatus(**status);
    if (!cmd.status) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("unknown status \"{}\" (use open or done)", **status));
    }
  }
  (void)ctx;
  return {};
}

void AddItem(const Context& ctx, http::Request& req, http::Reply reply) {
  auto who = Require(ctx, req, reply, access::Role::kEngineer);
  if (!who) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  auto body = BodyObject(req);
  if (!body) return reply(ErrorResponse(body.error()));
  engine::PostmortemCommand cmd;
  cmd.op = engine::PostmortemCommand::Op::kAddItem;
  cmd.incident_id = *id;
  if (auto st = ItemFields(ctx, *body, cmd); !st) return reply(ErrorResponse(st.error()));
  if (!cmd.action || cmd.action->empty() || !cmd.owner || cmd.owner->empty()) {
    return reply(http::Response::Error(400, "\"action\" and \"owner\" are required"));
  }
  cmd.actor = who->actor();
  cmd.via = ViaOf(req);
  Submit(ctx, std::move(cmd), std::move(reply));
}

void UpdateItem(const Context& ctx, http::Request& req, http::Reply reply) {
  auto who = Require(ctx, req, reply, access::Role::kEngineer);
  if (!who) return;
  auto id = IncidentIdParam(req);
  if (!id) return reply(ErrorResponse(id.error()));
  int64_t item = 0;
  auto raw = req.Param("item").value_or("");
  if (std::sscanf(std::string(raw).c_str(), "%ld", &item) != 1 || item <= 0) {
    return reply(http::Response::Error(400, "the action item must be a number"));
  }
  auto body = BodyObject(req);
  if (!body) return reply(ErrorResponse(body.error()));
  engine::PostmortemCommand cmd;
  cmd.op = engine::PostmortemCommand::Op::kUpdateItem;
  cmd.incident_id = *id;
  cmd.item_id = item;
  if (auto st = ItemFields(ctx, *body, cmd); !st) return reply(ErrorResponse(st.error()));
  cmd.actor = who->actor();
  cmd.via = ViaOf(req);
  Submit(ctx, std::move(cmd), std::move(reply));
}

}  // namespace

void AddPostmortemRoutes(http::Router& router, const Context& ctx) {
  const Context* c = &ctx;
  auto bind = [c](void (*fn)(const Context&, http::Request&, http::Reply)) {
    return [c, fn](http::Request& req, http::Reply reply) { fn(*c, req, std::move(reply)); };
  };
  using access::Role;
  router.Add("GET", "/api/v1/incidents/{id}/postmortem", Needs(Role::kViewer), bind(Show));
  router.Add("POST", "/api/v1/incidents/{id}/postmortem", Needs(Role::kEngineer), bind(Mark));
  router.Add("POST", "/api/v1/incidents/{id}/postmortem/action_items", Needs(Role::kEngineer),
             bind(AddItem));
  router.Add("POST", "/api/v1/incidents/{id}/postmortem/action_items/{item}", Needs(Role::kEngineer),
             bind(UpdateItem));
}

}  // namespace klaxon::api
