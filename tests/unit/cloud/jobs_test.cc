#include "cloud/jobs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud/json_leaves.h"
#include "fake_api.h"

namespace deskops::cloud {
namespace {

using jobs::Job;
using jobs::State;
using jobs::SubJob;
using nlohmann::json;

SubJob Sub(std::string status, std::string desktop = "", std::string code = "",
           std::string reason = "") {
  SubJob s;
  s.id = "s-" + desktop;
  s.status = std::move(status);
  s.entities.desktop_id = std::move(desktop);
  s.error_code = std::move(code);
  s.fail_reason = std::move(reason);
  return s;
}

TEST(JobsTest, Summarize) {
  struct Case {
    std::string name;
    std::string job_status;
    std::vector<SubJob> subs;
    State want;
    std::size_t want_failures;
  };
  const Case cases[] = {
      {"waiting", "WAITING", {Sub("WAITING", "d1")}, State::kRunning, 0},
      {"running", "RUNNING", {Sub("SUCCESS", "d1"), Sub("RUNNING", "d2")}, State::kRunning, 0},
      {"success", "SUCCESS", {Sub("SUCCESS", "d1"), Sub("SUCCESS", "d2")}, State::kSuccess, 0},
      {"no sub-jobs", "SUCCESS", {}, State::kSuccess, 0},
      {"job failed", "FAILED", {}, State::kFailed, 1},
      {"a successful job with a failed sub-job is a failure", "SUCCESS",
       {Sub("SUCCESS", "d1"), Sub("FAILED", "d2", "WKS.0106", "quota")}, State::kFailed, 1},
      {"failed sub-job while others run: wait", "RUNNING",
       {Sub("FAILED", "d1"), Sub("RUNNING", "d2")}, State::kRunning, 1},
      {"all done, one failed, job still says running", "RUNNING",
       {Sub("FAILED", "d1"), Sub("SUCCESS", "d2")}, State::kFailed, 1},
      {"other families spell it FAIL", "SUCCESS", {Sub("FAIL", "d1")}, State::kFailed, 1},
      {"unknown status is in progress", "PENDING_SOMETHING", {}, State::kRunning, 0},
      {"job SUCCESS but a sub-job still running", "SUCCESS", {Sub("RUNNING", "d1")},
       State::kRunning, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Job job;
    job.id = "j1";
    job.status = c.job_status;
    job.sub_jobs = c.subs;
    jobs::Outcome o = jobs::Summarize(job);
    EXPECT_EQ(o.state, c.want);
    EXPECT_EQ(o.failures.size(), c.want_failures);
  }
}

TEST(JobsTest, DescribeNamesDesktopsAndReasons) {
  Job job;
  job.status = "SUCCESS";
  job.sub_jobs = {Sub("FAILED", "d2", "WKS.0106", "Insufficient quota.")};
  job.sub_jobs[0].entities.desktop_name = "eng-02";
  EXPECT_EQ(jobs::Summarize(job).Describe(),
            "failed: desktop d2 (eng-02): WKS.0106 Insufficient quota.");
}

TEST(JobsTest, WaitFollowsTheJobToTheEnd) {
  testing::FakeClient f;
  int reads = 0;
  f.api->On("GET", "/v2/p1/workspace-jobs/j1", [&](const HttpRequest&) {
    ++reads;
    json j = {{"id", "j1"}, {"status", reads < 3 ? "RUNNING" : "SUCCESS"}, {"sub_jobs_total", 1},
              {"sub_jobs", {{{"id", "s1"}, {"status", reads < 3 ? "RUNNING" : "SUCCESS"},
                             {"entities", {{"desktop_id", "d-new"}}}}}}};
    return HttpResponse{200, {}, j.dump()};
  });
  auto start = f.clock.Monotonic();
  auto o = jobs::Wait(*f.client, "j1", f.clock);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->state, State::kSuccess);
  EXPECT_EQ(o->desktop_ids, std::vector<std::string>{"d-new"});
  EXPECT_EQ(reads, 3);
  EXPECT_EQ(f.clock.Monotonic() - start, std::chrono::seconds(6)) << "2s, then 4s";
}

TEST(JobsTest, WaitReportsFailureAsOutcomeAndTimesOut) {
  testing::FakeClient f;
  f.api->On("GET", "/v2/p1/workspace-jobs/bad", 200,
            R"({"id":"bad","status":"FAILED","job_error_code":"WKS.0106","fail_reason":"quota"})");
  auto failed = jobs::Wait(*f.client, "bad", f.clock);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, State::kFailed);
  f.api->On("GET", "/v2/p1/workspace-jobs/slow", 200, R"({"id":"slow","status":"RUNNING"})");
  jobs::WaitOptions o;
  o.timeout = std::chrono::seconds(20);
  auto slow = jobs::Wait(*f.client, "slow", f.clock, o);
  EXPECT_EQ(slow.status().code(), core::StatusCode::kDeadlineExceeded);
  f.api->On("GET", "/v2/p1/workspace-jobs/gone", 404,
            R"({"error_code":"WKS.00010031","error_msg":"job not found"})");
  EXPECT_EQ(jobs::Wait(*f.client, "gone", f.clock).status().code(), core::StatusCode::kNotFound);
}

TEST(JsonLeavesTest, FlattenAndRebuild) {
  const std::string doc =
      R"({"peripherals":{"usb_port_redirection":{"usb_enable":true,"options":{"x":3}}},)"
      R"("display":{"level":"LEVEL4","ratio":0.5},"empty":{}})";
  auto leaves = FlattenJson(doc);
  ASSERT_TRUE(leaves.ok());
  EXPECT_EQ(*leaves, (std::vector<JsonLeaf>{{"display.level", std::string("LEVEL4")},
                                            {"display.ratio", 0.5},
                                            {"peripherals.usb_port_redirection.options.x",
                                             std::int64_t{3}},
                                            {"peripherals.usb_port_redirection.usb_enable",
                                             true}}));
  EXPECT_EQ(json::parse(UnflattenJson(*leaves)),
            json::parse(R"({"peripherals":{"usb_port_redirection":{"usb_enable":true,)"
                        R"("options":{"x":3}}},"display":{"level":"LEVEL4","ratio":0.5}})"));
  EXPECT_FALSE(FlattenJson("[1,2]").ok());
  EXPECT_FALSE(FlattenJson("{").ok());
}

}  // namespace
}  // namespace deskops::cloud
