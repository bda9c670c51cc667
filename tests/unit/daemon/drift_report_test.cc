// ReportDrift: one log line and one metric sample per event, and the pass's payload handed to the
// webhook (a real one, against the loopback TestServer); nothing posted for a pass without drift.
#include "daemon/drift_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud/operations.h"
#include "test_server.h"

namespace deskops::daemon {
namespace {

DriftEvent Held() {
  DriftEvent e;
  e.kind = "User";
  e.name = "alice";
  e.field = "spec.userEmail";
  e.field_label = "spec.userEmail";
  e.before = "x@corp";
  e.after = "alice@example.com";
  e.action = DriftAction::kHeld;
  e.gate = reconcilers::Gate::kObserveMode;
  e.reason = "deskops is only observing";
  return e;
}

DriftEvent Taken() {
  DriftEvent e = Held();
  e.name = "bob";
  e.action = DriftAction::kTaken;
  e.gate = reconcilers::Gate::kNone;
  e.reason.clear();
  e.result = DriftResult::kFailed;
  return e;
}

class DriftReportTest : public ::testing::Test {
 protected:
  std::vector<nlohmann::json> Lines() {
    std::vector<nlohmann::json> out;
    for (const auto& l : sink_->Lines()) out.push_back(nlohmann::json::parse(l));
    return out;
  }
  double Events() {
    const std::string text = metrics_.Render();
    const std::string series = R"(deskops_drift_events_total{field="spec.userEmail",kind="User"} )";
    const auto at = text.find(series);
    return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size()));
  }

  core::FakeClock clock_;
  Metrics metrics_{clock_,
                   {"1.2.3", "abc"},
                   {"User"},
                   {std::begin(cloud::ops::kAll), std::end(cloud::ops::kAll)}};
  std::shared_ptr<core::MemorySink> sink_ = std::make_shared<core::MemorySink>();
  core::Logger log_{sink_, {core::LogFormat::kJson, core::LogLevel::kInfo}};
};

TEST_F(DriftReportTest, OneLineAndOneSamplePerEventAndOnePostPerPass) {
  testing::TestServer server([](const auto&) { return testing::Reply::Json(204, ""); });
  DriftWebhookOptions o;
  o.url = server.url() + "/hook";
  auto webhook = DriftWebhook::Start(o, nullptr, nullptr);
  ASSERT_TRUE(webhook.ok());
  ReportDrift({Held(), Taken()}, DriftPass{"1.2.3", clock_.Now(), true}, log_, metrics_,
              webhook->get());
  (*webhook)->Drain(std::chrono::minutes(2));

  auto lines = Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["msg"], "drift");
  EXPECT_EQ(lines[0]["kind"], "User");
  EXPECT_EQ(lines[0]["name"], "alice");
  EXPECT_EQ(lines[0]["field"], "spec.userEmail");
  EXPECT_EQ(lines[0]["before"], "x@corp");
  EXPECT_EQ(lines[0]["after"], "alice@example.com");
  EXPECT_EQ(lines[0]["action"], "held");
  EXPECT_EQ(lines[0]["gate"], "observe-mode");
  EXPECT_FALSE(lines[0].contains("result"));
  EXPECT_EQ(lines[1]["action"], "taken");
  EXPECT_EQ(lines[1]["result"], "failed");
  EXPECT_FALSE(lines[1].contains("gate"));
  EXPECT_EQ(Events(), 2);

  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  auto body = nlohmann::json::parse(reqs[0].body);
  EXPECT_EQ(body["events"].size(), 2u);
  EXPECT_EQ(body["observeOnly"], true);
}

TEST_F(DriftReportTest, NoDriftNoLineNoPost) {
  testing::TestServer server([](const auto&) { return testing::Reply::Json(204, ""); });
  DriftWebhookOptions o;
  o.url = server.url() + "/hook";
  auto webhook = DriftWebhook::Start(o, nullptr, nullptr);
  ASSERT_TRUE(webhook.ok());
  ReportDrift({}, DriftPass{"1.2.3", clock_.Now(), false}, log_, metrics_, webhook->get());
  (*webhook)->Drain(std::chrono::minutes(2));
  EXPECT_TRUE(sink_->Lines().empty());
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(DriftReportTest, WithoutAWebhookOnlyLogsAndCounts) {
  ReportDrift({Held()}, DriftPass{}, log_, metrics_, nullptr);
  EXPECT_EQ(Lines().size(), 1u);
  EXPECT_EQ(Events(), 1);
}

}  // namespace
}  // namespace deskops::daemon
