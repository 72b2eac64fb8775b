#include "config/catalog.h"

#include <algorithm>

#include <fmt/format.h>

#include "config/nearest.h"

namespace klaxon::config {
namespace {

const char* Noun(Kind kind) {
  switch (kind) {
    case Kind::kSeverity: return "severity";
    case Kind::kService: return "service";
    case Kind::kRunbook: return "runbook";
    case Kind::kPerson: return "person";
    case Kind::kIntegration: return "integration";
    case Kind::kApiToken: return "api token";
    case Kind::kSchedule: return "schedule";
    case Kind::kEscalationPolicy: return "escalation policy";
    case Kind::kChannel: return "notification channel";
    case Kind::kProbe: return "probe";
    case Kind::kSlackUser: return "Slack user";
  }
  return "item";
}

const char* Plural(Kind kind) {
  switch (kind) {
    case Kind::kSeverity: return "severities";
    case Kind::kService: return "services";
    case Kind::kRunbook: return "runbooks";
    case Kind::kPerson: return "people";
    case Kind::kIntegration: return "integrations";
    case Kind::kApiToken: return "api tokens";
    case Kind::kSchedule: return "schedules";
    case Kind::kEscalationPolicy: return "escalation policies";
    case Kind::kChannel: return "notification channels";
    case Kind::kProbe: return "probes";
    case Kind::kSlackUser: return "Slack users";
  }
  return "items";
}

std::string Where(const Origin& o) { return fmt::format("{}:{}:{}", o.file, o.line, o.column); }

}  // namespace

void Catalog::Declare(Kind kind, const Text& id, std::string type) {
  declared_.push_back(Item{kind, id, std::move(type), {}, {}});
}

void Catalog::Refer(Kind kind, const Text& id) { referred_.push_back(Item{kind, id, {}, {}, {}}); }

void Catalog::ReferTyped(Kind kind, const Text& id, std::vector<std::string> types,
                         std::string purpose) {
  referred_.push_back(Item{kind, id, {}, std::move(types), std::move(purpose)});
}

void Catalog::DeclareSecret(Kind kind, const Text& owner, const Text& secret) {
  secrets_.push_back(Secret{kind, owner, secret.value});
}

void Catalog::Check(Diagnostics& diagnostics, bool check_references) const {
  CheckDuplicates(diagnostics);
  if (check_references) CheckReferences(diagnostics);
  CheckSecrets(diagnostics);
}

void Catalog::CheckDuplicates(Diagnostics& diagnostics) const {
  for (size_t i = 0; i < declared_.size(); ++i) {
    const Item& item = declared_[i];
    for (size_t j = 0; j < i; ++j) {
      const Item& first = declared_[j];
      if (first.kind == item.kind && first.id.value == item.id.value) {
        diagnostics.Add(item.id.origin,
                        fmt::format("duplicate {} {} {} (first declared at {})", Noun(item.kind),
                                    item.kind == Kind::kApiToken ? "name" : "id",
                                    Describe(item.id), Where(first.id.origin)));
        break;
      }
    }
  }
}

void Catalog::CheckReferences(Diagnostics& diagnostics) const {
  for (const Item& ref : referred_) {
    const Item* found = nullptr;
    std::vector<std::string> known;  // printable: ids that did not come from the environment
    for (const Item& d : declared_) {
      if (d.kind != ref.kind) continue;
      if (!found && d.id.value == ref.id.value) found = &d;
      bool printable = d.id.env_vars.empty();
      if (printable && std::find(known.begin(), known.end(), d.id.value) == known.end()) {
        known.push_back(d.id.value);
      }
    }
    if (found) {
      bool typed = ref.types.empty() || found->type.empty() ||
                   std::find(ref.types.begin(), ref.types.end(), found->type) != ref.types.end();
      if (!typed) {
        diagnostics.Add(ref.id.origin, fmt::format("{} {} is a {} channel; {}", Noun(ref.kind),
                                                   Describe(ref.id), found->type, ref.purpose));
      }
      continue;
    }
    std::string message = fmt::format("unknown {} {}", Noun(ref.kind), Describe(ref.id));
    if (known.empty()) {
      message += fmt::format("; no {} are declared", Plural(ref.kind));
    } else {
      if (ref.id.env_vars.empty()) message += DidYouMean(ref.id.value, known);
      message += fmt::format(" (declared: {})", JoinNames(known));
    }
    diagnostics.Add(ref.id.origin, message);
  }
}

void Catalog::CheckSecrets(Diagnostics& diagnostics) const {
  for (size_t i = 0; i < secrets_.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (secrets_[i].value.empty() || secrets_[i].value != secrets_[j].value) continue;
      diagnostics.Add(secrets_[i].owner.origin,
                      fmt::format("{} {} uses the same secret as {} {} (at {}); every "
                                  "integration key and api token must be unique",
                                  Noun(secrets_[i].kind), Describe(secrets_[i].owner),
                                  Noun(secrets_[j].kind), Describe(secrets_[j].owner),
                                  Where(secrets_[j].owner.origin)));
      break;
    }
  }
}

std::vector<std::string> ReferIds(Reader& r, const Ref& ref, Catalog& catalog, Kind kind) {
  std::vector<std::string> out;
  auto items = r.Items(ref);
  if (!items) return out;
  for (const Ref& item : *items) {
    if (auto id = r.Id(item)) {
      catalog.Refer(kind, *id);
      out.push_back(id->value);
    }
  }
  return out;
}

}  // namespace klaxon::config
