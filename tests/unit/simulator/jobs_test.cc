#include "simulator/jobs.h"

#include <gtest/gtest.h>

#include "simulator/catalog.h"

namespace deskops::simulator {
namespace {

using namespace std::chrono_literals;

struct Fixture {
  core::FakeClock clock;
  State state{std::make_shared<const Catalog>(LoadCatalog(DefaultSeed()).value())};
  JobEngine jobs{state, clock};

  Job* Start(const std::string& type) {
    JobSpec spec;
    spec.job_type = type;
    spec.effect = {{"kind", "none"}};
    spec.subs.push_back(SubJob{});
    return jobs.Start(std::move(spec));
  }
  std::string Phase(const Job& job, int* process = nullptr) {
    return std::string(JobPhaseName(jobs.Phase(job, process)));
  }
};

TEST(JobsTest, ParseProgression) {
  struct Case {
    std::string text;
    bool ok;
    Progression::Mode mode;
    std::int64_t value;
  };
  const Case cases[] = {
      {"immediate", true, Progression::Mode::kImmediate, 0},
      {"seconds:5", true, Progression::Mode::kSeconds, 5},
      {"reads:3", true, Progression::Mode::kReads, 3},
      {"seconds:", false, {}, 0},
      {"seconds:-1", false, {}, 0},
      {"minutes:1", false, {}, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto p = ParseProgression(c.text);
    ASSERT_EQ(p.ok(), c.ok);
    if (!c.ok) continue;
    EXPECT_EQ(p->mode, c.mode);
    EXPECT_EQ(p->value, c.value);
  }
}

TEST(JobsTest, ImmediateJobsAreDoneWhenStarted) {
  Fixture f;
  Job* job = f.Start("createDesktops");
  EXPECT_TRUE(job->done);
  EXPECT_EQ(f.Phase(*job), "SUCCESS");
  EXPECT_EQ(job->end_ms, job->created_ms);
}

TEST(JobsTest, SecondsModeFollowsTheClock) {
  Fixture f;
  f.jobs.progression().fallback = ParseProgression("seconds:10").value();
  Job* job = f.Start("operateDesktops");
  struct Step {
    std::chrono::milliseconds advance;
    std::string phase;
    int process;
  };
  const Step steps[] = {{0ms, "WAITING", 0},     {999ms, "WAITING", 0},   {1ms, "RUNNING", 10},
                        {4000ms, "RUNNING", 50}, {4999ms, "RUNNING", 99}, {1ms, "SUCCESS", 100}};
  for (const Step& s : steps) {
    f.clock.Advance(s.advance);
    f.jobs.Tick();
    SCOPED_TRACE(s.phase + " " + std::to_string(s.process));
    int process = -1;
    EXPECT_EQ(f.Phase(*job, &process), s.phase);
    EXPECT_EQ(process, s.process);
  }
  EXPECT_TRUE(job->done);
  EXPECT_EQ(job->end_ms, job->created_ms + 10000);  // the scheduled end, not the observation
}

TEST(JobsTest, ReadsModeAdvancesOneStepPerRead) {
  Fixture f;
  f.jobs.progression().fallback = ParseProgression("reads:3").value();
  Job* job = f.Start("createDesktops");
  EXPECT_EQ(f.Phase(*job), "WAITING");
  f.clock.Advance(1h);  // time does not matter in this mode
  f.jobs.Tick();
  EXPECT_EQ(f.Phase(*job), "WAITING");
  const char* want[] = {"RUNNING", "RUNNING", "SUCCESS", "SUCCESS"};
  for (const char* phase : want) {
    f.jobs.Read(job);
    EXPECT_EQ(f.Phase(*job), phase);
  }
}

TEST(JobsTest, PerTypeProgressionAndFailure) {
  Fixture f;
  f.jobs.progression() = ProgressionConfigFromJson(nlohmann::json::parse(R"({
      "default": {"mode": "immediate"},
      "job_types": {"createDesktops": {"mode": "seconds", "value": 2}}})"))
                             .value();
  Job* create = f.Start("createDesktops");
  Job* power = f.Start("operateDesktops");
  EXPECT_FALSE(create->done);
  EXPECT_TRUE(power->done);
  JobSpec failing;
  failing.job_type = "deleteDesktops";
  failing.fail = true;
  failing.subs.push_back(SubJob{});
  Job* failed = f.jobs.Start(std::move(failing));
  EXPECT_EQ(f.Phase(*failed), "FAILED");
  EXPECT_EQ(failed->subs[0].error_code, "WKS.0005");
  f.clock.Advance(2s);
  f.jobs.Tick();
  EXPECT_EQ(f.Phase(*create), "SUCCESS");
  auto round_trip = ProgressionConfigFromJson(ProgressionConfigToJson(f.jobs.progression()));
  ASSERT_TRUE(round_trip.ok());
  EXPECT_EQ(round_trip->For("createDesktops").value, 2);
}

}  // namespace
}  // namespace deskops::simulator
