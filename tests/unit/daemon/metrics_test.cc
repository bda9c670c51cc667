#include "daemon/metrics/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "cloud/operations.h"
#include "reconcilers/engine/action.h"
#include "reconcilers/engine/executor.h"

namespace deskops::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The value of one series in the exposition text, or -1 when absent.
double Sample(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

class MetricsTest : public ::testing::Test {
 protected:
  core::FakeClock clock_;
  Metrics m_{clock_,
             {"1.2.3", "abc123"},
             {"User", "Desktop"},
             {std::begin(cloud::ops::kAll), std::end(cloud::ops::kAll)}};
};

TEST_F(MetricsTest, SeriesArePreInitialisedSoTheFirstEventCounts) {
  const std::string text = m_.Render();
  struct Case {
    std::string series;
    double want;
  };
  const Case cases[] = {
      {R"(deskops_reconcile_runs_total{result="failure"})", 0},
      {R"(deskops_config_reloads_total{result="failure"})", 0},
      {R"(deskops_config_last_reload_successful)", 1},
      {R"(deskops_objects{condition="Ready",kind="Desktop",status="False"})", 0},
      {R"(deskops_held_actions{gate="deletion-budget"})", 0},
      {R"(deskops_actions_total{kind="User",result="failed",verb="create"})", 0},
      {R"(deskops_api_retries_total{operation="desktops.create"})", 0},
      {R"(deskops_manifest_load_errors_total)", 0},
      {R"(deskops_leader)", 0},
      {R"(deskops_build_info{revision="abc123",version="1.2.3"})", 1},
      {R"(deskops_jobs_in_flight)", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.series);
    EXPECT_EQ(Sample(text, c.series), c.want);
  }
}

TEST_F(MetricsTest, ApiCallsAreCountedByOperationStatusAndCode) {
  m_.OnAttempt(cloud::ops::kListDesktopsDetail, 200, "", std::chrono::milliseconds(30));
  m_.OnAttempt(cloud::ops::kListDesktopsDetail, 429, "WKS.0001", std::chrono::milliseconds(5));
  m_.OnThrottled(cloud::ops::kListDesktopsDetail, std::chrono::seconds(1));
  m_.OnRetry(cloud::ops::kListDesktopsDetail, std::chrono::seconds(1));
  m_.OnAttempt(cloud::ops::kCreateDesktops, 0, "", std::chrono::milliseconds(5));
  const std::string text = m_.Render();
  EXPECT_EQ(
      Sample(
          text,
          R"(deskops_api_requests_total{code="200",error_code="",operation="desktops.list_detail"})"),
      1);
  EXPECT_EQ(
      Sample(
          text,
          R"(deskops_api_requests_total{code="429",error_code="WKS.0001",operation="desktops.list_detail"})"),
      1);
  EXPECT_EQ(
      Sample(text,
             R"(deskops_api_requests_total{code="0",error_code="",operation="desktops.create"})"),
      1);
  EXPECT_EQ(Sample(text, R"(deskops_api_throttled_total{operation="desktops.list_detail"})"), 1);
  EXPECT_EQ(Sample(text, R"(deskops_api_retries_total{operation="desktops.list_detail"})"), 1);
  EXPECT_EQ(
      Sample(text,
             R"(deskops_api_request_duration_seconds_count{operation="desktops.list_detail"})"),
      2);
  EXPECT_EQ(
      Sample(
          text,
          R"(deskops_api_request_duration_seconds_bucket{operation="desktops.list_detail",le="0.05"})"),
      2);
  EXPECT_EQ(
      Sample(
          text,
          R"(deskops_api_request_duration_seconds_bucket{operation="desktops.list_detail",le="0.025"})"),
      1);
}

TEST_F(MetricsTest, ErrorCodeLabelsStayBounded) {
  struct Case {
    std::string code, want;
  };
  const Case cases[] = {
      {"WKS.0001", "WKS.0001"}, {"APIGW.0308", "APIGW.0308"}, {"", ""},
      {"has space", "other"},   {"<script>", "other"},        {std::string(40, 'A'), "other"}};
  for (const auto& c : cases) EXPECT_EQ(ErrorCodeLabel(c.code), c.want) << c.code;
  for (int i = 0; i < 300; ++i) {
    m_.OnAttempt(cloud::ops::kGetJob, 400, "X." + std::to_string(i), std::chrono::milliseconds(1));
  }
  const std::string text = m_.Render();
  EXPECT_GT(
      Sample(text,
             R"(deskops_api_requests_total{code="400",error_code="other",operation="jobs.get"})"),
      0)
      << "codes beyond the cap fold into other";
  EXPECT_EQ(
      Sample(text,
             R"(deskops_api_requests_total{code="400",error_code="X.250",operation="jobs.get"})"),
      -1);
}

TEST_F(MetricsTest, JobsInFlightAgeAndDuration) {
  m_.OnJobStarted("j1", "desktops.create");
  clock_.Advance(std::chrono::seconds(40));
  m_.OnJobStarted("j2", "desktops.action");
  clock_.Advance(std::chrono::seconds(20));
  std::string text = m_.Render();
  EXPECT_EQ(Sample(text, "deskops_jobs_in_flight"), 2);
  EXPECT_EQ(Sample(text, "deskops_oldest_job_age_seconds"), 60);
  m_.OnJobEnded("j1", "desktops.create", "success");
  m_.OnJobEnded("j2", "desktops.action", "abandoned");
  text = m_.Render();
  EXPECT_EQ(Sample(text, "deskops_jobs_in_flight"), 0);
  EXPECT_EQ(
      Sample(text, R"(deskops_job_duration_seconds_sum{outcome="success",type="desktops.create"})"),
      60);
  EXPECT_THAT(text, Not(HasSubstr("abandoned"))) << "deskops stopping is not a job outcome";
}

TEST_F(MetricsTest, DriftEventsByKindAndFieldAndWebhookResults) {
  m_.InitDriftFields({{"User", {"spec.userEmail", "other"}}});
  std::string text = m_.Render();
  EXPECT_EQ(Sample(text, R"(deskops_drift_events_total{field="spec.userEmail",kind="User"})"), 0);
  EXPECT_EQ(Sample(text, R"(deskops_drift_events_total{field="other",kind="User"})"), 0);
  for (const char* r : {"delivered", "failed", "dropped"}) {
    EXPECT_EQ(
        Sample(text, std::string(R"(deskops_drift_webhook_deliveries_total{result=")") + r + "\"}"),
        0)
        << r;
  }
  m_.DriftEvent("User", "spec.userEmail");
  m_.DriftEvent("User", "spec.userEmail");
  m_.WebhookDelivery("failed");
  text = m_.Render();
  EXPECT_EQ(Sample(text, R"(deskops_drift_events_total{field="spec.userEmail",kind="User"})"), 2);
  EXPECT_EQ(Sample(text, R"(deskops_drift_webhook_deliveries_total{result="failed"})"), 1);
}

TEST_F(MetricsTest, PassResultsConditionsAndActions) {
  clock_.SetNow(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)));
  m_.ReconcileFinished(true, std::chrono::milliseconds(1500));
  m_.ReconcileFinished(false, std::chrono::milliseconds(200));
  m_.SetObjects({{"User", "Ready", "True", 3}, {"User", "Synced", "False", 1}});
  m_.SetHeld({{"prune-disabled", 2}, {"maintenance-window", 1}}, {{"maintenance-window", 1.9e9}});
  reconcilers::Action a;
  a.kind = "User";
  a.verb = reconcilers::Verb::kCreate;
  m_.OnOutcome(a, {"User/x", "create", true, false, ""});
  m_.OnOutcome(a, {"User/y", "create", false, false, "boom"});
  m_.DriftDetected("User", 2);
  m_.DriftCorrected("User", 1);
  m_.ConfigReloaded(false);
  m_.SetLeader(true);
  std::string text = m_.Render();
  EXPECT_EQ(Sample(text, R"(deskops_reconcile_runs_total{result="success"})"), 1);
  EXPECT_EQ(Sample(text, R"(deskops_reconcile_runs_total{result="failure"})"), 1);
  EXPECT_EQ(Sample(text, "deskops_last_successful_reconcile_timestamp_seconds"), 1.8e9);
  EXPECT_EQ(Sample(text, R"(deskops_objects{condition="Ready",kind="User",status="True"})"), 3);
  EXPECT_EQ(Sample(text, R"(deskops_objects{condition="Synced",kind="User",status="False"})"), 1);
  EXPECT_EQ(Sample(text, R"(deskops_held_actions{gate="prune-disabled"})"), 2);
  EXPECT_EQ(
      Sample(text, R"(deskops_held_actions_clear_timestamp_seconds{gate="maintenance-window"})"),
      1.9e9);
  EXPECT_EQ(Sample(text, R"(deskops_held_actions_clear_timestamp_seconds{gate="prune-disabled"})"),
            0)
      << "a gate that does not know when reads 0";
  EXPECT_EQ(Sample(text, R"(deskops_actions_total{kind="User",result="succeeded",verb="create"})"),
            1);
  EXPECT_EQ(Sample(text, R"(deskops_actions_total{kind="User",result="failed",verb="create"})"), 1);
  EXPECT_EQ(Sample(text, R"(deskops_drift_detected_total{kind="User"})"), 2);
  EXPECT_EQ(Sample(text, R"(deskops_drift_corrected_total{kind="User"})"), 1);
  EXPECT_EQ(Sample(text, "deskops_config_last_reload_successful"), 0);
  EXPECT_EQ(Sample(text, "deskops_leader"), 1);
  // A later pass replaces the conditions and held counts instead of adding to them.
  m_.SetObjects({{"User", "Ready", "True", 1}});
  m_.SetHeld({});
  text = m_.Render();
  EXPECT_EQ(Sample(text, R"(deskops_objects{condition="Ready",kind="User",status="True"})"), 1);
  EXPECT_EQ(Sample(text, R"(deskops_objects{condition="Synced",kind="User",status="False"})"), 0);
  EXPECT_EQ(Sample(text, R"(deskops_held_actions{gate="prune-disabled"})"), 0);
  EXPECT_EQ(
      Sample(text, R"(deskops_held_actions_clear_timestamp_seconds{gate="maintenance-window"})"),
      0);
}

TEST_F(MetricsTest, NoUnboundedLabels) {
  reconcilers::Action a;
  a.kind = "Desktop";
  a.name = "eng-alice-01";
  m_.OnOutcome(a, {"Desktop/eng-alice-01", "update", true, false, ""});
  m_.OnJobStarted("job-8d6f", "desktops.create");
  const std::string text = m_.Render();
  EXPECT_THAT(text, Not(HasSubstr("eng-alice-01")));
  EXPECT_THAT(text, Not(HasSubstr("job-8d6f")));
}

}  // namespace
}  // namespace deskops::daemon

namespace deskops::daemon {
namespace {

TEST(ProcessMetricsTest, ExportedUnderPrometheusNames) {
  core::FakeClock clock;
  Metrics m(clock, {"1", "x"}, {"User"}, {});
  const std::string first = m.Render();
  EXPECT_THAT(first, HasSubstr("# TYPE process_cpu_seconds_total counter"));
  for (const char* gauge :
       {"process_resident_memory_bytes", "process_open_fds", "process_max_fds"}) {
    EXPECT_THAT(first, HasSubstr(std::string("# TYPE ") + gauge + " gauge"));
    EXPECT_GT(Sample(first, gauge), 0) << gauge;
  }
  // CPU time only grows, scrape after scrape.
  double cpu = Sample(first, "process_cpu_seconds_total");
  double spin = 0;
  for (int i = 0; i < 20'000'000; ++i) spin = spin * 0.5 + i;
  EXPECT_GT(spin, 0);
  EXPECT_GE(Sample(m.Render(), "process_cpu_seconds_total"), cpu);
  EXPECT_GT(Sample(m.Render(), "process_cpu_seconds_total"), 0);
}

}  // namespace
}  // namespace deskops::daemon
