// The Approve button end to end: a remediation step with requires_approval
// stops the run and the Slack thread reply that says so carries an Approve
// button; a signed click by a person below the step's role is refused on the
// click's response_url and runs nothing; a click by a lead approves it as
// that person via slack, and the step runs (a real child process) and is
// audited with who approved it.
#include <filesystem>

#include "tests/e2e/inbound_fixture.h"

namespace klaxon::e2e {
namespace {

namespace fs = std::filesystem;

class SlackApprovalE2E : public InboundE2E {
 protected:
  std::string ExtraYaml() const override {
    return fmt::format(R"yaml(
people:
  - {{id: sam, name: Sam Lead, role: lead, slack: U0SAM}}
runbooks:
  - id: RB-009
    title: Payments database saturated
    severity: SEV2
    match: ['alertname="PaymentsDbSaturated"']
    auto_remediate: true
    actions:
      - name: Terminate idle connections
        exec: [touch, "{}/terminated"]
        requires_approval: lead
)yaml",
                       dir_.path());
  }
  std::string FirstAlert() const override {
    return R"({"labels":{"alertname":"PaymentsDbSaturated","service":"payments"}})";
  }
  bool Ran() const { return fs::exists(fs::path(dir_.path()) / "terminated"); }
  // The thread reply asking for the approval, once posted.
  std::optional<standins::SlackStandin::Message> AskingReply() {
    std::optional<standins::SlackStandin::Message> found;
    std::string ts = TopTs();
    WaitFor([&] {
      for (const auto& m : slack_->Replies(kSlackChannel, ts)) {
        if (m.text.find("waits for approval by lead") != std::string::npos) found = m;
      }
      return found.has_value();
    });
    return found;
  }
};

TEST_F(SlackApprovalE2E, OnlyAPersonWithTheStepsRoleMayApproveItFromSlack) {
  auto ask = AskingReply();
  ASSERT_TRUE(ask) << "the approval is asked for in the incident's thread";
  EXPECT_NE(ask->text.find("Approval needed: step 1 \"Terminate idle connections\" (lead or above)"),
            std::string::npos)
      << ask->text;
  const boost::json::object* button = nullptr;
  for (const auto& b : ask->blocks) {
    if (Str(b, "type") == "actions") button = &b.at("elements").at(0).as_object();
  }
  ASSERT_NE(button, nullptr) << boost::json::serialize(ask->blocks);
  EXPECT_EQ(Str(*button, "action_id"), "remediation_approve");
  std::string value = Str(*button, "value");
  EXPECT_EQ(value, "INC-1:1");

  auto refused = AnswerAt(Click("U0EDDIE", "remediation_approve", value));
  EXPECT_EQ(refused,
            "You are not allowed to approve step 1 of INC-1: role engineer (approve step 1 of "
            "INC-1 needs lead or above). Nothing was changed.");
  auto stranger = AnswerAt(Click("U0NOBODY", "remediation_approve", value));
  EXPECT_NE(stranger.find("not a person in klaxon's configuration"), std::string::npos) << stranger;
  auto steps = Call("GET", "/api/v1/incidents/INC-1/actions", "", Viewer());
  ASSERT_EQ(steps.status, 200) << steps.body;
  EXPECT_TRUE(Json(steps).at("steps").as_array().empty()) << "nothing ran";
  EXPECT_FALSE(Ran());

  auto approved = AnswerAt(Click("U0SAM", "remediation_approve", value));
  EXPECT_EQ(approved, "Step 1 of INC-1 approved by Sam Lead: it runs now.");
  ASSERT_TRUE(WaitForReply("Automated remediation tried \"Terminate idle connections\": exit 0"));
  EXPECT_TRUE(Ran());
  auto lines = Lines("remediation");
  bool recorded = false;
  for (const auto& l : lines) {
    if (Str(l, "text") == "Step 1 \"Terminate idle connections\" approved by sam via slack") {
      recorded = Str(l, "actor") == "sam" && Str(l, "via") == "slack";
    }
  }
  EXPECT_TRUE(recorded) << "approved by sam via slack, on the timeline";
  steps = Call("GET", "/api/v1/incidents/INC-1/actions", "", Viewer());
  auto audit = Json(steps);
  const auto& rows = audit.at("steps").as_array();
  ASSERT_EQ(rows.size(), 1u) << steps.body;
  EXPECT_EQ(Str(rows[0], "actor"), "sam");
  EXPECT_EQ(Str(rows[0], "via"), "slack");
  EXPECT_EQ(Str(rows[0], "state"), "succeeded");

  auto again = AnswerAt(Click("U0SAM", "remediation_approve", value));
  EXPECT_EQ(again.find("Could not approve step 1 of INC-1: "), 0u) << again;
  EXPECT_NE(again.find("not waiting for an approval"), std::string::npos) << again;
}

}  // namespace
}  // namespace klaxon::e2e
