// Lookups (4.18.1, 4.25.1, 4.26.1, 4.27.1) and jobs (4.28.1, 4.28.2) through the real client
// against wks-sim: a job followed to SUCCESS while it progresses, and to FAILED by a fault rule.
#include <gmock/gmock.h>

#include <algorithm>

#include "cloud/lookups.h"
#include "sim_suite.h"

namespace deskops::it {
namespace {

using ::testing::HasSubstr;
namespace jobs = cloud::jobs;
namespace lookups = cloud::lookups;

template <class T, class Pred>
const T* FindIf(const std::vector<T>& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

class LookupsIT : public SimSuite {};

TEST_F(LookupsIT, ProductsParseWithTheirSpecification) {
  IT_ASSIGN_OR_FAIL(auto products, lookups::ListProducts(client()));
  const auto* general = FindIf(products, [](const auto& p) { return p.product_id == kProduct; });
  ASSERT_NE(general, nullptr);
  EXPECT_EQ(general->flavor_id, "c2.large.2");
  EXPECT_EQ(general->cpu, "2");
  EXPECT_EQ(general->memory, "4096");
  EXPECT_FALSE(general->is_gpu);
  const auto* gpu = FindIf(products, [](const auto& p) { return p.is_gpu; });
  ASSERT_NE(gpu, nullptr);
  EXPECT_EQ(gpu->product_id, "workspace.g5.2xlarge.4.windows");
  EXPECT_EQ(gpu->system_disk_type, "SSD");
}

TEST_F(LookupsIT, ImagesParseWithTheirType) {
  IT_ASSIGN_OR_FAIL(auto images, lookups::ListImages(client()));
  const auto* gold = FindIf(images, [](const auto& i) { return i.id == kImage; });
  const auto* priv = FindIf(images, [](const auto& i) { return i.id == kPrivateImage; });
  ASSERT_NE(gold, nullptr);
  ASSERT_NE(priv, nullptr);
  EXPECT_EQ(gold->image_type, "gold");
  EXPECT_EQ(gold->os_type, "Windows");
  EXPECT_EQ(priv->image_type, "private");
  EXPECT_EQ(priv->name, "WKS_WIN1064_UserImage");
}

TEST_F(LookupsIT, AvailabilityZonesNameTheDefault) {
  IT_ASSIGN_OR_FAIL(auto zones, lookups::ListAvailabilityZones(client()));
  ASSERT_EQ(zones.size(), 2u);
  const auto* def = FindIf(zones, [](const auto& z) { return z.is_default; });
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->code, "az3.manage.x86");
  EXPECT_EQ(def->display_name, "AZ3");
  EXPECT_TRUE(def->visible);
}

TEST_F(LookupsIT, QuotasFollowLimitsAndUse) {
  Control("PUT", "quotas", {{"general_instances", 7}});
  IT_ASSERT_OK(CreateDesktops({{"alice", "it-quota-01"}}));
  IT_ASSIGN_OR_FAIL(auto quotas, lookups::ListQuotas(client()));
  const auto* desktops =
      FindIf(quotas, [](const auto& q) { return q.type == "general_instances"; });
  ASSERT_NE(desktops, nullptr);
  EXPECT_EQ(desktops->quota, 7);
  EXPECT_EQ(desktops->used, 1);
  const auto* cores = FindIf(quotas, [](const auto& q) { return q.type == "cores"; });
  ASSERT_NE(cores, nullptr);
  EXPECT_EQ(cores->used, 2) << "one 2-vCPU desktop";
}

class JobsIT : public SimSuite {};

TEST_F(JobsIT, CreateFollowedToSuccessWhileItProgresses) {
  // Each read of the job moves it on by a third: Wait has to poll several times.
  Control("PUT", "jobs", {{"default", {{"mode", "reads"}, {"value", 3}}}});
  IT_ASSIGN_OR_FAIL(std::string job_id,
                    cloud::desktops::Create(client(), DesktopRequest({{"alice", "it-job-01"}})));
  IT_ASSIGN_OR_FAIL(jobs::Job first, jobs::Get(client(), job_id));
  EXPECT_NE(first.status, "SUCCESS");
  EXPECT_EQ(jobs::Summarize(first).state, jobs::State::kRunning);
  IT_ASSIGN_OR_FAIL(jobs::Outcome outcome, Wait(job_id));
  EXPECT_EQ(outcome.state, jobs::State::kSuccess) << outcome.Describe();
  ASSERT_EQ(outcome.desktop_ids.size(), 1u);
  EXPECT_EQ(outcome.sub_jobs_done, 1);
  EXPECT_GE(observer().Attempts("jobs.get"), 3);

  IT_ASSIGN_OR_FAIL(jobs::Job done, jobs::Get(client(), job_id));
  EXPECT_EQ(done.id, job_id);
  EXPECT_EQ(done.job_type, "createDesktops");
  EXPECT_EQ(done.status, "SUCCESS");
  EXPECT_FALSE(done.end_time.empty());
  IT_ASSIGN_OR_FAIL(auto subs, jobs::ListSubJobs(client(), job_id));
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].job_id, job_id);
  EXPECT_EQ(subs[0].status, "SUCCESS");
  EXPECT_EQ(subs[0].process, 100);
  EXPECT_EQ(subs[0].entities.desktop_id, outcome.desktop_ids[0]);
  IT_ASSIGN_OR_FAIL(auto failed, jobs::ListSubJobs(client(), job_id, "FAILED"));
  EXPECT_TRUE(failed.empty());
  IT_ASSIGN_OR_FAIL(auto desktop, cloud::desktops::Get(client(), outcome.desktop_ids[0]));
  EXPECT_EQ(desktop.status, "ACTIVE");
  EXPECT_EQ(desktop.computer_name, "it-job-01");
}

TEST_F(JobsIT, CreateFollowedToFailure) {
  InjectFault({{"operation", "desktops.create"},
               {"kind", "job_failure"},
               {"error_code", "WKS.0014"},
               {"error_msg", "Failed to invoke EVS interface."}});
  IT_ASSIGN_OR_FAIL(std::string job_id,
                    cloud::desktops::Create(client(), DesktopRequest({{"alice", "it-fail-01"}})));
  IT_ASSIGN_OR_FAIL(jobs::Outcome outcome, Wait(job_id));
  EXPECT_EQ(outcome.state, jobs::State::kFailed);
  ASSERT_EQ(outcome.failures.size(), 1u);
  EXPECT_EQ(outcome.failures[0].error_code, "WKS.0014");
  EXPECT_FALSE(outcome.failures[0].desktop_id.empty());
  EXPECT_THAT(outcome.Describe(), HasSubstr("WKS.0014"));

  IT_ASSIGN_OR_FAIL(jobs::Job job, jobs::Get(client(), job_id));
  EXPECT_EQ(job.status, "FAILED");
  EXPECT_EQ(job.job_error_code, "WKS.0014");
  IT_ASSIGN_OR_FAIL(auto failed, jobs::ListSubJobs(client(), job_id, "FAILED"));
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].error_code, "WKS.0014");
  EXPECT_FALSE(failed[0].fail_reason.empty());
  // A failed create leaves the desktop listed in ERROR.
  IT_ASSIGN_OR_FAIL(auto desktop, cloud::desktops::Get(client(), outcome.failures[0].desktop_id));
  EXPECT_EQ(desktop.status, "ERROR");
}

TEST_F(JobsIT, PowerActionFollowedToFailure) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-fail-02"}, {"bob", "it-fail-03"}}));
  InjectFault({{"operation", "desktops.action"}, {"kind", "job_failure"}});
  IT_ASSIGN_OR_FAIL(auto started, cloud::desktops::Action(client(), ids, "os-stop"));
  IT_ASSIGN_OR_FAIL(jobs::Outcome outcome, Wait(started.job_id));
  EXPECT_EQ(outcome.state, jobs::State::kFailed);
  EXPECT_EQ(outcome.failures.size(), 2u) << "one failed sub-job per desktop";
  for (const auto& f : outcome.failures) EXPECT_EQ(f.error_code, "WKS.0005");
  IT_ASSIGN_OR_FAIL(auto subs, jobs::ListSubJobs(client(), started.job_id));
  EXPECT_EQ(subs.size(), 2u);
}

}  // namespace
}  // namespace deskops::it
