// Users (4.8), user groups (4.9) and OUs (4.10.1) through the real client against wks-sim. 4.10.1
// has no typed endpoint in cloud/, so it goes through ApiClient::Call.
#include <gmock/gmock.h>

#include "cloud/users.h"
#include "sim_suite.h"

namespace deskops::it {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
namespace users = cloud::users;
namespace groups = cloud::groups;

class UsersIT : public SimSuite {};

TEST_F(UsersIT, CreateGetListModifyAndDelete) {
  users::CreateRequest r;
  r.user_name = "api-test";
  r.user_email = "test@example.com";
  r.description = "API test user.";
  r.account_expires = "0";
  r.enable_change_password = true;
  IT_ASSIGN_OR_FAIL(std::string id, users::Create(client(), r));
  IT_ASSIGN_OR_FAIL(users::User got, users::Get(client(), id));
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.user_name, "api-test");
  EXPECT_EQ(got.user_email, "test@example.com");
  EXPECT_EQ(got.description, "API test user.");
  EXPECT_EQ(got.account_expires, "0") << "a Long in 4.8.4, read as text";
  EXPECT_FALSE(got.account_expired);
  EXPECT_TRUE(got.enable_change_password);

  IT_ASSIGN_OR_FAIL(auto listed, users::List(client()));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, id);
  EXPECT_EQ(listed[0].account_expires, "0");

  users::ModifyRequest change;
  change.user_email = "new@example.com";
  change.description = "changed";
  change.disabled = true;
  change.account_expires = "2030-01-01T00:00:00Z";
  IT_ASSERT_OK(users::Modify(client(), id, change));
  IT_ASSIGN_OR_FAIL(got, users::Get(client(), id));
  EXPECT_EQ(got.user_email, "new@example.com");
  EXPECT_EQ(got.description, "changed");
  EXPECT_TRUE(got.disabled);
  EXPECT_EQ(got.account_expires, "1893456000000") << "epoch milliseconds in 4.8.4";

  IT_ASSERT_OK(users::Delete(client(), id));
  auto gone = users::Get(client(), id);
  EXPECT_EQ(gone.status().code(), core::StatusCode::kNotFound) << gone.status().ToString();
}

TEST_F(UsersIT, ListFilters) {
  for (const char* name : {"alice", "alina", "bob"}) IT_ASSERT_OK(CreateUser(name));
  users::CreateRequest described;
  described.user_name = "carol";
  described.description = "Eng lead / Zürich & ops";  // spaces, '/', '&' and UTF-8
  IT_ASSERT_OK(users::Create(client(), described));
  struct Case {
    std::optional<std::string> user_name, description;
    std::vector<std::string> names;
  };
  const std::vector<Case> cases = {
      {"ali", std::nullopt, {"alice", "alina"}},
      {std::nullopt, "lead / zürich & OPS", {"carol"}},
      {std::nullopt, "nobody", {}},
  };
  for (const Case& c : cases) {
    users::Query q;
    q.user_name = c.user_name;
    q.description = c.description;
    IT_ASSIGN_OR_FAIL(auto found, users::List(client(), q));
    std::vector<std::string> names;
    for (const auto& u : found) names.push_back(u.user_name);
    EXPECT_THAT(names, ::testing::UnorderedElementsAreArray(c.names));
  }
}

TEST_F(UsersIT, BatchCreateBatchDeleteAndActions) {
  users::CreateRequest b1, b2;
  b1.user_name = "b1";
  b2.user_name = "b2";
  b2.description = "second";
  IT_ASSERT_OK(users::BatchCreate(client(), {b1, b2}));
  IT_ASSIGN_OR_FAIL(auto listed, users::List(client()));
  ASSERT_THAT(listed, UnorderedElementsAre(Field(&users::User::user_name, "b1"),
                                           Field(&users::User::user_name, "b2")));
  const std::string first = listed[0].id;

  IT_ASSERT_OK(users::Action(client(), first, "LOCK"));
  IT_ASSIGN_OR_FAIL(users::User got, users::Get(client(), first));
  EXPECT_TRUE(got.locked);
  IT_ASSERT_OK(users::Action(client(), first, "UNLOCK"));
  IT_ASSIGN_OR_FAIL(got, users::Get(client(), first));
  EXPECT_FALSE(got.locked);
  IT_ASSERT_OK(users::Action(client(), first, "RESET_PWD"));

  IT_ASSERT_OK(users::BatchDelete(client(), {listed[0].id, listed[1].id}));
  IT_ASSIGN_OR_FAIL(listed, users::List(client()));
  EXPECT_THAT(listed, IsEmpty());
}

TEST_F(UsersIT, OrganizationalUnits) {
  std::size_t total = 0;
  IT_ASSIGN_OR_FAIL(auto ous, RawListAll(cloud::ops::kListOus, "ous", "total_count", &total));
  EXPECT_EQ(total, 3u);
  std::vector<std::string> names;
  for (const json& ou : ous) names.push_back(ou.at("ou_name").get<std::string>());
  EXPECT_THAT(names, UnorderedElementsAre("wggou", "engineering", "finance"));
}

class GroupsIT : public SimSuite {};

TEST_F(GroupsIT, CreateListModifyAndDelete) {
  IT_ASSERT_OK(groups::Create(client(), "engineering", "LOCAL", std::string("eng")));
  IT_ASSIGN_OR_FAIL(auto listed, groups::List(client()));
  ASSERT_EQ(listed.size(), 1u);
  const groups::Group created = listed[0];
  EXPECT_EQ(created.name, "engineering") << "written as group_name, read as name";
  EXPECT_EQ(created.description, "eng");
  EXPECT_EQ(created.platform_type, "LOCAL");
  EXPECT_EQ(created.user_quantity, 0);

  IT_ASSERT_OK(groups::Modify(client(), created.id, std::string("eng"), std::string("renamed")));
  IT_ASSIGN_OR_FAIL(listed, groups::List(client(), std::string("EN")));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "eng");
  EXPECT_EQ(listed[0].description, "renamed");

  IT_ASSERT_OK(groups::Delete(client(), created.id));
  IT_ASSIGN_OR_FAIL(listed, groups::List(client()));
  EXPECT_THAT(listed, IsEmpty());
}

TEST_F(GroupsIT, KeywordWithSpacesAndUtf8) {
  IT_ASSIGN_OR_FAIL(std::string id, CreateGroup("Équipe Support"));
  IT_ASSERT_OK(CreateGroup("other"));
  IT_ASSIGN_OR_FAIL(auto found, groups::List(client(), std::string("Équipe sup")));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, id);
  EXPECT_EQ(found[0].name, "Équipe Support");
}

TEST_F(GroupsIT, MembersAndBatchDelete) {
  IT_ASSIGN_OR_FAIL(std::string eng, CreateGroup("eng"));
  IT_ASSIGN_OR_FAIL(std::string ops, CreateGroup("ops"));
  IT_ASSIGN_OR_FAIL(std::string alice, CreateUser("alice"));
  IT_ASSIGN_OR_FAIL(std::string bob, CreateUser("bob"));
  IT_ASSERT_OK(groups::ChangeMembers(client(), eng, {alice, bob}, "ADD"));
  IT_ASSIGN_OR_FAIL(auto members, groups::ListMembers(client(), eng));
  EXPECT_THAT(members, UnorderedElementsAre(Field(&groups::Member::user_name, "alice"),
                                            Field(&groups::Member::user_name, "bob")));
  IT_ASSIGN_OR_FAIL(users::User a, users::Get(client(), alice));
  EXPECT_THAT(a.group_names, ElementsAre("eng"));

  IT_ASSERT_OK(groups::ChangeMembers(client(), eng, {alice}, "DELETE"));
  IT_ASSIGN_OR_FAIL(members, groups::ListMembers(client(), eng));
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].id, bob);
  EXPECT_EQ(members[0].user_email, "bob@example.com");

  IT_ASSERT_OK(groups::BatchDelete(client(), {eng, ops}));
  IT_ASSIGN_OR_FAIL(auto listed, groups::List(client()));
  EXPECT_THAT(listed, IsEmpty());
}

}  // namespace
}  // namespace deskops::it
