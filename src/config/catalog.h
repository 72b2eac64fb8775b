#pragma once
// Private to the config module: the ids each section declares and the ids
// other sections refer to, checked once every file has been read (a runbook
// may name a severity declared later or in another file).

#include <string>
#include <vector>

#include "config/diagnostics.h"
#include "config/reader.h"

namespace klaxon::config {

enum class Kind { kSeverity, kService, kRunbook, kPerson, kIntegration, kApiToken, kSchedule,
                  kEscalationPolicy, kChannel, kProbe, kSlackUser };

class Catalog;

// A list of ids, each a reference to a declared `kind` (reported if it is
// not declared, once every file is read); what could not be read is left out.
std::vector<std::string> ReferIds(Reader& reader, const Ref& list, Catalog& catalog, Kind kind);

class Catalog {
 public:
  // `type` further describes what is declared (a channel's "slack",
  // "webhook", ...), for references that accept only some types.
  void Declare(Kind kind, const Text& id, std::string type = {});
  void Refer(Kind kind, const Text& id);
  // A reference that also requires the declared item to be of one of
  // `types`; otherwise "<noun> <id> is a <type> channel; <purpose>".
  void ReferTyped(Kind kind, const Text& id, std::vector<std::string> types,
                  std::string purpose);
  // A credential (integration key or api token) owned by `owner` of `kind`;
  // two credentials may not be equal, or a request could not be attributed.
  void DeclareSecret(Kind kind, const Text& owner, const Text& secret);

  // Reports duplicate ids, shared secrets and, when `check_references`,
  // references to undeclared ids. Never prints a secret.
  void Check(Diagnostics& diagnostics, bool check_references) const;

 private:
  struct Item {
    Kind kind;
    Text id;
    std::string type;                // declared items
    std::vector<std::string> types;  // references: accepted types; empty: any
    std::string purpose;             // references with types: why
  };
  struct Secret {
    Kind kind;
    Text owner;
    std::string value;
  };
  void CheckDuplicates(Diagnostics& diagnostics) const;
  void CheckReferences(Diagnostics& diagnostics) const;
  void CheckSecrets(Diagnostics& diagnostics) const;

  std::vector<Item> declared_;
  std::vector<Item> referred_;
  std::vector<Secret> secrets_;
};

}  // namespace klaxon::config
