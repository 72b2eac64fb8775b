#pragma once
// A small configuration built in code (no YAML), shaped like the CocoPay
// handbook: four severities, RB-001 (api), RB-003 (database, SEV1 when
// scope="all"), RB-008 (wallet, grouped by chain), one integration per type
// and one token per role.

#include "config/config.h"

namespace klaxon::testing {

config::Config SmallConfig();

}  // namespace klaxon::testing
