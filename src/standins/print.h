#pragma once
// What the stand-ins receive, as readable lines for a person watching (the
// observers `klaxon demo` gives the stand-ins). Each call writes one request
// as one block through `print`, which must be thread-safe: the stand-ins call
// their observers on their server threads.

#include <functional>
#include <string>

#include "standins/pagerduty_standin.h"
#include "standins/slack_standin.h"

namespace klaxon::standins {

using PrintFn = std::function<void(const std::string& block)>;

// "[slack] chat.postMessage #incidents ts 1754550000.000001" and the message
// text indented below it; an edit (chat.update) as "[slack] chat.update
// #incidents ts ... (edited)" and only the lines the edit brought; a refusal
// as "[slack] <endpoint> -> <status> <error>".
SlackStandin::Observer PrintSlack(PrintFn print);

// "[pagerduty] trigger INC-1 "critical" "<summary>"", or the refusal and its errors.
PagerDutyStandin::Observer PrintPagerDuty(PrintFn print);

}  // namespace klaxon::standins
