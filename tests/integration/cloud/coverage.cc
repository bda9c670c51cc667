// Which suite exercises which Workspace operation against wks-sim. Every operation of ops::kAll
// belongs to exactly one suite; that suite's teardown fails when one of its operations never got a
// 2xx answer (sim_suite.cc), and the test below fails when an operation is added to kAll without a
// suite, so the integration tests keep up with cloud/.
#include <set>

#include "sim_suite.h"

namespace deskops::it {

using namespace cloud::ops;

const std::map<std::string, std::vector<const cloud::Operation*>>& CoveragePlan() {
  static const std::map<std::string, std::vector<const cloud::Operation*>> kPlan = {
      {"LookupsIT", {&kListProducts, &kListImages, &kListAvailabilityZones, &kListQuotas}},
      {"DesktopLifecycleIT",
       {&kCreateDesktops, &kGetDesktop, &kListDesktopsDetail, &kListDesktops, &kModifyDesktop,
        &kDeleteDesktop, &kBatchDeleteDesktops}},
      {"DesktopActionsIT",
       {&kDesktopsAction, &kResizeDesktops, &kRebuildDesktops, &kSetMaintenanceMode,
        &kChangeDesktopNetwork, &kBatchChangeNetworks}},
      {"DesktopUsersIT",
       {&kDetachDesktops, &kAttachDesktops, &kChangePrivilegeGroup, &kBatchDetachDesktops,
        &kBatchAttachDesktops}},
      {"DesktopTagsIT",
       {&kListDesktopTags, &kDesktopTagsAction, &kListProjectTags, &kBatchCreateTags,
        &kBatchDeleteTags}},
      {"DesktopVolumesIT",
       {&kAddVolumes, &kDeleteVolumes, &kBatchAddVolumes, &kExpandVolume, &kBatchExpandVolumes}},
      {"PoolsIT",
       {&kCreatePool, &kListPools, &kModifyPool, &kDeletePool, &kGetPool, &kExpandPool,
        &kResizePool, &kRebuildPool, &kAddPoolVolumes, &kDeletePoolVolumes, &kExpandPoolVolumes,
        &kPoolAction, &kListPoolUsers, &kAuthorizePool, &kListPoolDesktops}},
      {"NamePoliciesIT",
       {&kListNamePolicies, &kCreateNamePolicy, &kUpdateNamePolicy, &kDeleteNamePolicies}},
      {"UsersIT",
       {&kListUsers, &kCreateUser, &kDeleteUser, &kGetUser, &kModifyUser, &kBatchDeleteUsers,
        &kBatchCreateUsers, &kUserAction, &kListOus}},
      {"GroupsIT",
       {&kListGroups, &kCreateGroup, &kBatchDeleteGroups, &kDeleteGroup, &kModifyGroup,
        &kGroupAction, &kListGroupUsers}},
      {"PolicyGroupsIT",
       {&kListPolicyGroups, &kCreatePolicyGroup, &kDeletePolicyGroup, &kGetPolicyGroup,
        &kModifyPolicyGroup, &kGetPolicies, &kModifyPolicies, &kListPolicyTargets,
        &kModifyPolicyTargets, &kListPolicyGroupsDetail}},
      {"AccessPoliciesIT",
       {&kCreateAccessPolicy, &kListAccessPolicies, &kDeleteAccessPolicies, &kUpdateAccessPolicy,
        &kListAccessPolicyObjects, &kUpdateAccessPolicyObjects}},
      {"JobsIT", {&kGetJob, &kListSubJobs}},
      // Lists of several pages, and retries under faults; their operations are owned above.
      {"PaginationIT", {}},
      {"FaultsIT", {}},
      {"IdleConnectionIT", {}},
  };
  return kPlan;
}

namespace {

TEST(CoveragePlanTest, EveryOperationBelongsToExactlyOneSuite) {
  std::map<std::string_view, int> owners;
  for (const auto& [suite, ops] : CoveragePlan()) {
    for (const cloud::Operation* op : ops) ++owners[op->id];
  }
  for (const cloud::Operation* op : kAll) {
    EXPECT_EQ(owners[op->id], 1) << op->id << " (" << op->section << ")";
  }
  EXPECT_EQ(owners.size(), std::size(kAll)) << "coverage.cc names an operation not in ops::kAll";
}

TEST(CoveragePlanTest, EverySuiteInThePlanExists) {
  std::set<std::string> suites;
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    suites.insert(unit->GetTestSuite(i)->name());
  }
  for (const auto& [suite, ops] : CoveragePlan()) {
    EXPECT_TRUE(suites.count(suite)) << suite << " is planned but has no tests";
  }
}

}  // namespace
}  // namespace deskops::it
