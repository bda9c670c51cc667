// Desktop pools (4.4) through the real client against wks-sim: every typed endpoint of
// cloud/pools.h, each answer parsed into its DTO and its effect read back.
#include <gmock/gmock.h>

#include <algorithm>

#include "cloud/pools.h"
#include "sim_suite.h"

namespace deskops::it {
namespace {

using ::testing::Each;
using ::testing::Field;
using ::testing::UnorderedElementsAre;
namespace pools = cloud::pools;

class PoolsIT : public SimSuite {
 protected:
  // Creates a DYNAMIC pool of `size` desktops with one 50 GB SAS data disk; returns its ID.
  static core::StatusOr<std::string> CreatePool(const std::string& name, std::int64_t size) {
    pools::CreateRequest r;
    r.name = name;
    r.type = "DYNAMIC";
    r.size = size;
    r.description = "support team";
    r.product_id = kProduct;
    r.image_type = "gold";
    r.image_id = kImage;
    r.root_volume = {"SAS", 80, "", "", ""};
    r.data_volumes = {{"SAS", 50, "", "", ""}};
    r.subnet_ids = {kSubnet};
    r.security_group_ids = {kSecurityGroup};
    DESKOPS_ASSIGN_OR_RETURN(std::string job, pools::Create(client(), r));
    DESKOPS_RETURN_IF_ERROR(WaitSuccess(job));
    // The job does not carry the pool's ID: find it by name.
    DESKOPS_ASSIGN_OR_RETURN(auto found, pools::List(client(), name));
    for (const pools::Pool& p : found) {
      if (p.name == name) return p.id;
    }
    return core::Status::NotFound("pool " + name + " not listed after create");
  }

  static const cloud::Volume* BySize(const std::vector<cloud::Volume>& volumes, std::int64_t size) {
    auto it = std::find_if(volumes.begin(), volumes.end(),
                           [&](const cloud::Volume& v) { return v.size == size; });
    return it == volumes.end() ? nullptr : &*it;
  }
};

TEST_F(PoolsIT, CreateReadModifyAndDelete) {
  IT_ASSIGN_OR_FAIL(std::string id, CreatePool("support-pool", 2));
  IT_ASSIGN_OR_FAIL(pools::Pool got, pools::Get(client(), id));
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.name, "support-pool");
  EXPECT_EQ(got.type, "DYNAMIC");
  EXPECT_EQ(got.description, "support team");
  EXPECT_EQ(got.desktop_count, 2);
  EXPECT_EQ(got.desktop_used, 0);
  EXPECT_EQ(got.subnet_id, kSubnet) << "written as subnet_ids, read as subnet_id";
  EXPECT_EQ(got.product.product_id, kProduct);
  EXPECT_EQ(got.image_id, kImage);
  EXPECT_EQ(got.root_volume.size, 80);
  ASSERT_EQ(got.data_volumes.size(), 1u);
  EXPECT_EQ(got.data_volumes[0].size, 50);
  ASSERT_EQ(got.security_groups.size(), 1u);
  EXPECT_EQ(got.security_groups[0].name, "WorkspaceUserSecurityGroup");
  EXPECT_EQ(got.status, "STEADY");
  IT_ASSIGN_OR_FAIL(auto all, pools::List(client()));
  EXPECT_THAT(all, UnorderedElementsAre(Field(&pools::Pool::id, id)));

  IT_ASSIGN_OR_FAIL(auto members, pools::ListDesktops(client(), id));
  ASSERT_EQ(members.size(), 2u);
  EXPECT_THAT(members, Each(Field(&cloud::desktops::Desktop::desktop_type, "POOLED")));

  pools::ModifyRequest change;
  change.name = "support-pool-2";
  change.description = "renamed";
  change.in_maintenance_mode = true;
  change.autoscale_policy = pools::Autoscale{"AUTO_CREATED", 5, std::nullopt, std::nullopt};
  IT_ASSERT_OK(pools::Modify(client(), id, change));
  IT_ASSIGN_OR_FAIL(got, pools::Get(client(), id));
  EXPECT_EQ(got.name, "support-pool-2");
  EXPECT_EQ(got.description, "renamed");
  EXPECT_TRUE(got.in_maintenance_mode);
  ASSERT_TRUE(got.autoscale_policy.has_value());
  EXPECT_EQ(got.autoscale_policy->max_auto_created, 5);

  // Only an empty pool can be deleted (L12211). WKS.00010032 is the busy code, so the client
  // retries it with backoff before it gives up.
  auto refused = pools::Delete(client(), id);
  EXPECT_EQ(refused.http_status(), 409) << refused.ToString();
  EXPECT_EQ(refused.api_code(), "WKS.00010032");
  EXPECT_EQ(observer().Attempts("pools.delete"), cloud::RetryPolicy{}.max_attempts);
  std::vector<std::string> ids;
  for (const auto& d : members) ids.push_back(d.id);
  IT_ASSIGN_OR_FAIL(std::string job, cloud::desktops::BatchDelete(client(), ids));
  IT_ASSERT_OK(WaitSuccess(job));
  IT_ASSERT_OK(pools::Delete(client(), id));
  EXPECT_EQ(pools::Get(client(), id).status().code(), core::StatusCode::kNotFound);
}

TEST_F(PoolsIT, ExpandResizeRebuildAndPowerAction) {
  IT_ASSIGN_OR_FAIL(std::string id, CreatePool("ops-pool", 1));
  IT_ASSIGN_OR_FAIL(std::string expand, pools::Expand(client(), id, 2));
  IT_ASSERT_OK(WaitSuccess(expand));
  IT_ASSIGN_OR_FAIL(pools::Pool got, pools::Get(client(), id));
  EXPECT_EQ(got.desktop_count, 3) << "size is the number to add";

  IT_ASSIGN_OR_FAIL(std::string resize, pools::Resize(client(), id, kBiggerProduct));
  IT_ASSERT_OK(WaitSuccess(resize));
  IT_ASSIGN_OR_FAIL(got, pools::Get(client(), id));
  EXPECT_EQ(got.product.product_id, kBiggerProduct);

  IT_ASSIGN_OR_FAIL(std::string rebuild, pools::Rebuild(client(), id, "private", kPrivateImage));
  IT_ASSERT_OK(WaitSuccess(rebuild));
  IT_ASSIGN_OR_FAIL(got, pools::Get(client(), id));
  EXPECT_EQ(got.image_id, kPrivateImage);

  IT_ASSIGN_OR_FAIL(std::string stop, pools::Action(client(), id, "os-stop", "SOFT"));
  IT_ASSERT_OK(WaitSuccess(stop));
  IT_ASSIGN_OR_FAIL(auto members, pools::ListDesktops(client(), id));
  ASSERT_EQ(members.size(), 3u);
  EXPECT_THAT(members, Each(Field(&cloud::desktops::Desktop::status, "SHUTOFF")));
  EXPECT_THAT(members, Each(Field(&cloud::desktops::Desktop::product_id, kBiggerProduct)));
  EXPECT_THAT(members, Each(Field(&cloud::desktops::Desktop::image_id, kPrivateImage)));
}

TEST_F(PoolsIT, DataDisksAddExpandAndDelete) {
  IT_ASSIGN_OR_FAIL(std::string id, CreatePool("disk-pool", 1));
  IT_ASSIGN_OR_FAIL(std::string add, pools::AddVolumes(client(), id, {{"SSD", 20, "", "", ""}}));
  IT_ASSERT_OK(WaitSuccess(add));
  IT_ASSIGN_OR_FAIL(pools::Pool got, pools::Get(client(), id));
  ASSERT_EQ(got.data_volumes.size(), 2u);
  const cloud::Volume* sas = BySize(got.data_volumes, 50);
  const cloud::Volume* ssd = BySize(got.data_volumes, 20);
  ASSERT_TRUE(sas && ssd);
  EXPECT_EQ(ssd->type, "SSD");
  const cloud::Volume keep = *ssd, drop = *sas;

  IT_ASSIGN_OR_FAIL(std::string expand,
                    pools::ExpandVolumes(client(), id, {{"SSD", 40, keep.id, "", ""}}));
  IT_ASSERT_OK(WaitSuccess(expand));
  IT_ASSIGN_OR_FAIL(std::string del,
                    pools::DeleteVolumes(client(), id, {{"SAS", 50, drop.id, "", ""}}));
  IT_ASSERT_OK(WaitSuccess(del));
  IT_ASSIGN_OR_FAIL(got, pools::Get(client(), id));
  ASSERT_EQ(got.data_volumes.size(), 1u);
  EXPECT_EQ(got.data_volumes[0].id, keep.id);
  EXPECT_EQ(got.data_volumes[0].type, "SSD");
  EXPECT_EQ(got.data_volumes[0].size, 40);
  IT_ASSIGN_OR_FAIL(auto members, pools::ListDesktops(client(), id));
  ASSERT_EQ(members.size(), 1u);
  ASSERT_EQ(members[0].data_volumes.size(), 1u) << "the pool's desktops follow";
  EXPECT_EQ(members[0].data_volumes[0].size, 40);
}

TEST_F(PoolsIT, AuthorizedUsersAndGroups) {
  IT_ASSIGN_OR_FAIL(std::string id, CreatePool("auth-pool", 1));
  IT_ASSIGN_OR_FAIL(std::string alice, CreateUser("alice"));
  IT_ASSIGN_OR_FAIL(std::string support, CreateGroup("support"));
  pools::AuthorizedObject user{"USER", alice, "alice", "users", ""};
  pools::AuthorizedObject group{"USER_GROUP", support, "support", "administrators", ""};
  IT_ASSERT_OK(pools::Authorize(client(), id, {user, group}, "ADD"));
  IT_ASSIGN_OR_FAIL(auto objects, pools::ListAuthorized(client(), id));
  ASSERT_EQ(objects.size(), 2u);
  for (const auto& o : objects) {
    SCOPED_TRACE(o.object_name);
    EXPECT_EQ(o.object_id, o.object_type == "USER" ? alice : support);
    EXPECT_EQ(o.object_name, o.object_type == "USER" ? "alice" : "support");
    EXPECT_EQ(o.user_group, o.object_type == "USER" ? "users" : "administrators");
  }
  IT_ASSERT_OK(pools::Authorize(client(), id, {user}, "REMOVE"));
  IT_ASSIGN_OR_FAIL(objects, pools::ListAuthorized(client(), id));
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].object_type, "USER_GROUP");
}

}  // namespace
}  // namespace deskops::it
