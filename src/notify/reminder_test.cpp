// Reminders survive the outbox (encode, decode) and refuse what is not one.
#include "notify/reminder.h"

#include <gtest/gtest.h>

namespace klaxon::notify {
namespace {

TEST(ReminderTest, RoundTripsThroughTheOutboxPayload) {
  Reminder r;
  r.kind = "action_item_due";
  r.incident_ref = "INC-42";
  r.incident_title = "API Health Check Failing";
  r.text = "Action item 7 is due";
  r.link = "https://klaxon.example/api/v1/incidents/INC-42";
  r.action_item = 7;
  r.owner = "diego";
  r.at = ParseTimestamp("2026-12-04T00:00:00Z").value();
  r.recipient = "diego";
  r.slack_user = "U0DIEGO";
  r.idempotency_key = "INC-42:action_item:7:1:diego";
  auto back = DecodeReminder(EncodeReminder(r));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->kind, r.kind);
  EXPECT_EQ(back->incident_ref, r.incident_ref);
  EXPECT_EQ(back->incident_title, r.incident_title);
  EXPECT_EQ(back->text, r.text);
  EXPECT_EQ(back->link, r.link);
  EXPECT_EQ(back->action_item, 7);
  EXPECT_EQ(back->owner, "diego");
  EXPECT_EQ(back->at, r.at);
  EXPECT_EQ(back->recipient, "diego");
  EXPECT_EQ(back->slack_user, "U0DIEGO");
  EXPECT_EQ(back->idempotency_key, r.idempotency_key);
}

TEST(ReminderTest, WhatIsNotAReminderIsRefused) {
  EXPECT_FALSE(DecodeReminder("{}"));
  EXPECT_FALSE(DecodeReminder("[1]"));
  EXPECT_FALSE(DecodeReminder("not json"));
}

}  // namespace
}  // namespace klaxon::notify
