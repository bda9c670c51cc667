// Policy groups (4.14.1-4.14.10), access policies (4.14.12-4.14.17) and desktop name policies
// (4.5) through the real client against wks-sim. 4.14.1 (the brief list) has no typed endpoint in
// cloud/, so it goes through ApiClient::Call.
#include <gmock/gmock.h>

#include "cloud/policies.h"
#include "sim_suite.h"

namespace deskops::it {
namespace {

using cloud::JsonLeaf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
namespace access = cloud::access_policies;
namespace names = cloud::name_policies;
namespace pg = cloud::policy_groups;

const JsonLeaf kAutoLock{"session.vdi.auto_lock_enable", true};
const JsonLeaf kLockMinutes{"session.vdi.auto_lock_options.auto_lock_minutes", std::int64_t{10}};
const JsonLeaf kWatermark{"watermark.watermark_enable", true};
const JsonLeaf kAudio{"audio.audio_enable", false};
const pg::Target kAll{"default-apply-all-targets", "All-Targets", "ALL"};

class PolicyGroupsIT : public SimSuite {
 protected:
  static core::StatusOr<std::string> CreatePolicyGroup(const std::string& name) {
    pg::Spec spec;
    spec.name = name;
    spec.description = "d";
    spec.targets = std::vector<pg::Target>{kAll};
    spec.policies = {kAutoLock, kLockMinutes};
    return pg::Create(client(), spec);
  }
};

TEST_F(PolicyGroupsIT, CreateReadModifyAndDelete) {
  IT_ASSIGN_OR_FAIL(std::string id, CreatePolicyGroup("Policy_group_1"));
  IT_ASSIGN_OR_FAIL(pg::PolicyGroup got, pg::Get(client(), id));
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.name, "Policy_group_1");
  EXPECT_EQ(got.description, "d");
  EXPECT_EQ(got.priority, 1);
  EXPECT_FALSE(got.update_time.empty());
  EXPECT_THAT(got.targets, ElementsAre(kAll));
  EXPECT_THAT(got.policies, UnorderedElementsAre(kAutoLock, kLockMinutes));

  IT_ASSIGN_OR_FAIL(auto detail, pg::ListDetail(client()));
  ASSERT_EQ(detail.size(), 1u);
  EXPECT_EQ(detail[0].id, id);
  EXPECT_THAT(detail[0].policies, UnorderedElementsAre(kAutoLock, kLockMinutes));
  // The brief list (4.14.1) carries no policies (L22326).
  IT_ASSIGN_OR_FAIL(cloud::HttpResponse brief,
                    client().Call({&cloud::ops::kListPolicyGroups, {}, {}, ""}));
  json listed = json::parse(brief.body);
  EXPECT_EQ(listed.at("total_count"), 1);
  EXPECT_EQ(listed.at("policy_groups").at(0).at("policy_group_id"), id);
  EXPECT_FALSE(listed.at("policy_groups").at(0).contains("policies"));

  pg::Spec change;
  change.name = "renamed";
  change.priority = 3;
  change.policies = {kWatermark};
  IT_ASSERT_OK(pg::Modify(client(), id, change));
  IT_ASSIGN_OR_FAIL(got, pg::Get(client(), id));
  EXPECT_EQ(got.name, "renamed");
  EXPECT_EQ(got.priority, 3);
  EXPECT_THAT(got.policies, UnorderedElementsAre(kAutoLock, kLockMinutes, kWatermark))
      << "partial updates merge";

  IT_ASSERT_OK(pg::Delete(client(), id));
  EXPECT_EQ(pg::Get(client(), id).status().code(), core::StatusCode::kNotFound);
}

TEST_F(PolicyGroupsIT, PoliciesAndTargets) {
  IT_ASSIGN_OR_FAIL(std::string id, CreatePolicyGroup("Policy_group_2"));
  IT_ASSIGN_OR_FAIL(auto policies, pg::GetPolicies(client(), id));
  EXPECT_THAT(policies, UnorderedElementsAre(kAutoLock, kLockMinutes));
  IT_ASSERT_OK(pg::ModifyPolicies(client(), id, {kAudio}));
  IT_ASSIGN_OR_FAIL(policies, pg::GetPolicies(client(), id));
  EXPECT_THAT(policies, UnorderedElementsAre(kAutoLock, kLockMinutes, kAudio));

  const pg::Target user{"S-1-5-21-1", "alice", "USER"};
  const pg::Target ip{"192.168.1.1", "192.168.1.1", "CLIENTIP"};
  IT_ASSERT_OK(pg::ModifyTargets(client(), id, {user, ip}, {}));
  IT_ASSIGN_OR_FAIL(auto targets, pg::ListTargets(client(), id));
  EXPECT_THAT(targets, Contains(user));
  EXPECT_THAT(targets, Contains(ip));
  IT_ASSERT_OK(pg::ModifyTargets(client(), id, {}, {user}));
  IT_ASSIGN_OR_FAIL(targets, pg::ListTargets(client(), id));
  EXPECT_THAT(targets, ::testing::Not(Contains(user)));
  EXPECT_THAT(targets, Contains(ip));
}

class AccessPoliciesIT : public SimSuite {
 protected:
  static core::StatusOr<access::AccessPolicy> Only() {
    DESKOPS_ASSIGN_OR_RETURN(auto listed, access::List(client()));
    if (listed.size() != 1) return core::Status::Internal("expected one access policy");
    return listed[0];
  }
};

TEST_F(AccessPoliciesIT, Lifecycle) {
  IT_ASSIGN_OR_FAIL(std::string alice, CreateUser("alice"));
  access::CreateRequest r;
  r.policy_name = "PRIVATE_ACCESS";
  r.blacklist_type = "INTERNET";
  r.access_control_type = "IP_WHITE_LIST";
  r.ip_list = {{"10.0.0.0", "255.0.0.0"}};
  r.objects = {{alice, "alice", "USER"}};
  IT_ASSERT_OK(access::Create(client(), r));
  IT_ASSIGN_OR_FAIL(access::AccessPolicy got, Only());
  EXPECT_EQ(got.name, "PRIVATE_ACCESS");
  EXPECT_EQ(got.blacklist_type, "INTERNET");
  EXPECT_EQ(got.access_control_type, "IP_WHITE_LIST");
  EXPECT_THAT(got.ip_list, ElementsAre(access::IpRange{"10.0.0.0", "255.0.0.0"}));
  EXPECT_TRUE(got.is_enable);
  EXPECT_FALSE(got.create_time.empty());
  const std::string id = got.id;
  IT_ASSIGN_OR_FAIL(auto objects, access::ListObjects(client(), id));
  EXPECT_THAT(objects, ElementsAre(access::Object{alice, "alice", "USER"}));

  access::UpdateRequest add;
  add.operation_type = "ADD_IP";
  add.ip_white_list = {{"192.168.0.0", "255.255.0.0"}};
  IT_ASSERT_OK(access::Update(client(), id, add));
  IT_ASSIGN_OR_FAIL(got, Only());
  EXPECT_THAT(got.ip_list, UnorderedElementsAre(access::IpRange{"10.0.0.0", "255.0.0.0"},
                                                access::IpRange{"192.168.0.0", "255.255.0.0"}));
  access::UpdateRequest disable;
  disable.is_enable = false;
  IT_ASSERT_OK(access::Update(client(), id, disable));
  IT_ASSIGN_OR_FAIL(got, Only());
  EXPECT_FALSE(got.is_enable);

  IT_ASSIGN_OR_FAIL(std::string group, CreateGroup("contractors"));
  IT_ASSERT_OK(access::UpdateObjects(client(), id, {{group, "contractors", "USERGROUP"}}));
  IT_ASSIGN_OR_FAIL(objects, access::ListObjects(client(), id));
  EXPECT_THAT(objects, ElementsAre(access::Object{group, "contractors", "USERGROUP"}));

  IT_ASSERT_OK(access::Delete(client(), {id}));
  IT_ASSIGN_OR_FAIL(auto left, access::List(client()));
  EXPECT_THAT(left, IsEmpty());
}

class NamePoliciesIT : public SimSuite {};

TEST_F(NamePoliciesIT, LifecycleAndNaming) {
  names::Spec spec;
  spec.policy_name = "eng_desktops";
  spec.name_prefix = "ENG";
  spec.digit_number = 3;
  spec.start_number = 7;
  spec.single_domain_user_increment = 1;
  spec.is_default_policy = true;
  IT_ASSIGN_OR_FAIL(std::string id, names::Create(client(), spec));
  IT_ASSIGN_OR_FAIL(auto listed, names::List(client()));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, id);
  EXPECT_EQ(listed[0].name, "eng_desktops");
  EXPECT_EQ(listed[0].name_prefix, "ENG");
  EXPECT_EQ(listed[0].digit_number, 3);
  EXPECT_EQ(listed[0].start_number, 7);
  EXPECT_EQ(listed[0].single_domain_user_increment, 1) << "read as single_domain_user_inc";
  EXPECT_TRUE(listed[0].is_default_policy);
  EXPECT_FALSE(listed[0].is_contain_user);

  // A desktop without a name takes the default policy's next name.
  cloud::desktops::CreateRequest unnamed = DesktopRequest({{"u1", "x"}});
  unnamed.desktops[0].computer_name.reset();
  IT_ASSIGN_OR_FAIL(std::string job, cloud::desktops::Create(client(), unnamed));
  IT_ASSERT_OK(WaitSuccess(job));
  IT_ASSIGN_OR_FAIL(auto desktops, cloud::desktops::ListDetail(client()));
  ASSERT_EQ(desktops.size(), 1u);
  EXPECT_EQ(desktops[0].computer_name, "ENG007");

  names::Spec change;
  change.name_prefix = "$DomainUser$-";
  IT_ASSERT_OK(names::Update(client(), id, change));
  IT_ASSIGN_OR_FAIL(listed, names::List(client()));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name_prefix, "$DomainUser$-");
  EXPECT_TRUE(listed[0].is_contain_user);

  IT_ASSERT_OK(names::Delete(client(), {id}));
  IT_ASSIGN_OR_FAIL(listed, names::List(client()));
  EXPECT_THAT(listed, IsEmpty());
}

}  // namespace
}  // namespace deskops::it
