// Post-mortems with the real binary on simulated time: a SEV1 resolves, its
// post-mortem is required and drafted (API and `klaxon postmortem`), an
// action item is added from the CLI, the deadline passes (flagged on the
// timeline and in /metrics, the owner reminded), a viewer may read but not
// mark it, and marking it written clears the flag. And `check-config` with a
// template that does not parse.
#include <fstream>
#include <sstream>

#include "tests/e2e/fixture.h"

namespace klaxon::e2e {
namespace {

constexpr const char* kPostmortems = R"yaml(
postmortems:
  required_when:
    - severity: SEV1
    - {severity: SEV2, longer_than: 30m}
    - {reason: affects payments, tags: [payments]}
  write_within: 5d
)yaml";

class PostmortemE2E : public E2E {
 protected:
  void SetUp() override {
    std::ofstream(ConfigPath()) << kConfig << kPostmortems;
    Start();
  }
  http::ClientResponse Get(const std::string& path, const std::string& bearer, const std::string& accept) {
    http::ClientRequest r;
    r.url = server_->url() + path;
    r.headers.emplace_back("Authorization", "Bearer " + bearer);
    r.headers.emplace_back("Accept", accept);
    auto resp = http::Send(r);
    EXPECT_TRUE(resp);
    return resp.value_or(http::ClientResponse{});
  }
  boost::json::value Record() {
    auto r = Get("/api/v1/incidents/INC-1/postmortem", Viewer(), "application/json");
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r);
  }
  // Polls (the engine fires due timers on its own thread) until `pred` holds.
  template <class Pred>
  bool Eventually(Pred pred) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
  }
  std::vector<std::string> Lines(std::string_view kind) {
    std::vector<std::string> out;
    auto inc = Incident("INC-1");  // kept alive while its timeline is walked
    for (const auto& e : inc.at("timeline").as_array()) {
      if (Str(e, "kind") == kind) out.push_back(Str(e, "actor") + " via " + Str(e, "via") + ": " + Str(e, "text"));
    }
    return out;
  }
  std::vector<std::string> Server() const { return {"--server", server_->url()}; }
};

TEST_F(PostmortemE2E, ASev1ResolvesAndItsPostmortemIsDraftedTrackedAndFlagged) {
  ASSERT_EQ(Call("POST", "/api/v1/alerts", R"({"labels":{"alertname":"ApiDown","service":"api"}})",
                 GenericKey()).status, 202);
  ASSERT_TRUE(Eventually([&] { return Incidents().size() == 1; }));
  AdvanceClock("4m");  // within resolve_timeout: the alert still fires
  auto resolved = Call("POST", "/api/v1/incidents/INC-1/resolve",
                       R"({"root_cause":"Connection pool exhausted by a leaking job",
                           "resolution":"Restarted the API and disabled the job",
                           "impact":{"users":"about 300","payments":"12 delayed"}})",
                       Alice());
  ASSERT_EQ(resolved.status, 200) << resolved.body;

  // Required, and why, on the record and the timeline.
  auto rec = Record();
  EXPECT_EQ(Str(rec, "state"), "required");
  EXPECT_EQ(rec.at("reasons").as_array(), boost::json::array{"SEV1"});
  auto decided = Lines("postmortem");
  ASSERT_EQ(decided.size(), 1u);
  EXPECT_TRUE(decided[0].starts_with("klaxon via engine: Post-mortem required (SEV1): write it by ")) << decided[0];

  // The draft, through the API (Markdown by default) ...
  auto md = Get("/api/v1/incidents/INC-1/postmortem", Viewer(), "text/markdown");
  ASSERT_EQ(md.status, 200) << md.body;
  EXPECT_NE(md.body.find("# Incident Post-Mortem: API Health Check Failing\n\n**Date:** "), std::string::npos) << md.body;
  for (const char* want : {"**Duration:** 0 hours 4 minutes\n", "**Severity:** SEV1\n", "**Author:** [Name]\n",
                           "## Summary\nINC-1 API Health Check Failing (SEV1) lasted 0 hours 4 minutes",
                           " - Opened: API Health Check Failing (SEV1, runbook RB-001)\n",
                           " - Resolved by alice via api: Connection pool exhausted by a leaking job",
                           "- Users affected: about 300\n- Payments affected: 12 delayed\n- Revenue impact: [if known]\n",
                           "## Root Cause\nConnection pool exhausted by a leaking job\n",
                           "## Resolution\nRestarted the API and disabled the job\n",
                           "| [Action] | [Name] | [Date] | [ ] |\n"}) {
    EXPECT_NE(md.body.find(want), std::string::npos) << want << "\n---\n" << md.body;
  }
  // ... and the CLI, printed or written to a file: the same document.
  auto printed = Klaxon({"postmortem", "INC-1", "--server", server_->url()}, {{"KLAXON_TOKEN", Viewer()}});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_EQ(printed.out, md.body);
  std::string file = dir_.File("INC-1.md");
  auto written = Klaxon({"postmortem", "INC-1", "--server", server_->url(), "--output", file},
                        {{"KLAXON_TOKEN", Viewer()}});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  std::stringstream content;
  content << std::ifstream(file).rdbuf();
  EXPECT_EQ(content.str(), md.body);

  // Roles: reading needs a token; changing it needs an engineer.
  EXPECT_EQ(Get("/api/v1/incidents/INC-1/postmortem", "", "text/markdown").status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/postmortem", R"({"state":"written"})", Viewer()).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/incidents/INC-1/postmortem/action_items",
                 R"({"action":"x","owner":"alice"})", Viewer()).status, 403);
  auto refused = Klaxon({"postmortem", "INC-1", "--server", server_->url(), "--mark", "written"},
                        {{"KLAXON_TOKEN", Viewer()}});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("403"), std::string::npos) << refused.err;
  EXPECT_EQ(Str(Record(), "state"), "required");

  // An action item from the CLI, due the day the post-mortem is.
  auto added = Klaxon({"postmortem", "INC-1", "--server", server_->url(), "--add-item",
                       "Cap the job's connection pool", "--owner", "alice", "--due",
                       std::string(Str(rec, "due")).substr(0, 10)},
                      {{"KLAXON_TOKEN", Alice()}});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("Action item 1: Cap the job's connection pool (owner alice"), std::string::npos) << added.out;
  auto items = Lines("postmortem_action_item");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_TRUE(items[0].starts_with("alice via cli: Action item 1 added by alice")) << items[0];

  // Five days on, it is not written: flagged, and the action item fell due.
  AdvanceClock("121h");
  ASSERT_TRUE(Eventually([&] { return Record().at("overdue").as_bool(); })) << boost::json::serialize(Record());
  auto overdue = Lines("postmortem_overdue");
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_TRUE(overdue[0].starts_with("klaxon via engine: Post-mortem overdue: required (SEV1) and not written within 5d"))
      << overdue[0];
  ASSERT_TRUE(Eventually([&] { return Lines("postmortem_action_item").size() == 2; }));
  EXPECT_NE(Lines("postmortem_action_item")[1].find("Action item 1 due "), std::string::npos);
  EXPECT_NE(Call("GET", "/metrics").body.find("klaxon_postmortems_overdue 1\n"), std::string::npos);

  // Written: the flag clears; the draft names the author and lists the item.
  auto mark = Klaxon({"postmortem", "INC-1", "--server", server_->url(), "--mark", "written", "--url",
                      "https://docs.example/pm/INC-1"},
                     {{"KLAXON_TOKEN", Alice()}});
  ASSERT_EQ(mark.exit_code, 0) << mark.err;
  EXPECT_NE(mark.out.find("Post-mortem: written (https://docs.example/pm/INC-1)"), std::string::npos) << mark.out;
  EXPECT_EQ(Str(Record(), "written_by"), "alice");
  EXPECT_EQ(Lines("postmortem").back(),
            "alice via cli: Post-mortem marked written by alice via cli: https://docs.example/pm/INC-1");
  EXPECT_NE(Call("GET", "/metrics").body.find("klaxon_postmortems_overdue 0\n"), std::string::npos);
  auto after = Get("/api/v1/incidents/INC-1/postmortem", Viewer(), "text/markdown").body;
  EXPECT_NE(after.find("**Author:** Alice Example\n"), std::string::npos) << after;
  EXPECT_NE(after.find("| Cap the job's connection pool | alice | "), std::string::npos) << after;
}

TEST(PostmortemCheckConfig, ATemplateThatDoesNotParseIsReportedWhere) {
  testing::TempDir dir;
  std::ofstream(dir.File("pm.md")) << "# {{title}}\n\n## Timeline\n{{#timeline}}- {{time}}\n";
  std::ofstream(dir.File("klaxon.yaml")) << kConfig << "postmortems:\n  template_file: pm.md\n";
  auto bad = Klaxon({"check-config", dir.File("klaxon.yaml")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find(dir.File("pm.md") + ":4:1: post-mortem template does not parse: unclosed section \"timeline\""),
            std::string::npos)
      << bad.err << bad.out;
  std::ofstream(dir.File("pm.md"), std::ios::trunc) << "# {{title}}\n{{#timeline}}- {{time}}\n{{/timeline}}";
  auto good = Klaxon({"check-config", dir.File("klaxon.yaml")});
  EXPECT_EQ(good.exit_code, 0) << good.err;
}

}  // namespace
}  // namespace klaxon::e2e
