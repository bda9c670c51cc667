// Desktops (4.3) through the real client against wks-sim: create, read, modify, delete, power,
// resize, rebuild, networks, maintenance mode and user assignment. Each call's answer parses into
// its DTO, and a read afterwards shows its effect. 4.3.2, 4.3.18 and 4.3.29 have no typed endpoint
// in cloud/, so they go through ApiClient::Call and their JSON is checked here.
#include <gmock/gmock.h>

#include "cloud/users.h"
#include "sim_suite.h"

namespace deskops::it {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;
namespace desktops = cloud::desktops;
namespace jobs = cloud::jobs;

// Sends a call of an operation cloud/ has no typed endpoint for; the parsed 2xx answer.
core::StatusOr<json> RawCall(cloud::ApiClient& client, const cloud::Operation& op,
                             const json& body) {
  DESKOPS_ASSIGN_OR_RETURN(cloud::HttpResponse res,
                           client.Call({&op, {}, {}, body.is_null() ? "" : body.dump()}));
  json j = json::parse(res.body, nullptr, false);
  if (j.is_discarded()) return core::Status::DataLoss(std::string(op.id) + ": not JSON");
  return j;
}

// Starts a job and fails the test unless it succeeds.
#define IT_EXPECT_JOB_SUCCEEDS(job_expr)                \
  do {                                                  \
    IT_ASSIGN_OR_FAIL(std::string it_job_, (job_expr)); \
    IT_ASSERT_OK(WaitSuccess(it_job_));                 \
  } while (false)

class DesktopLifecycleIT : public SimSuite {};

TEST_F(DesktopLifecycleIT, CreateThenReadBackEveryWay) {
  desktops::CreateRequest request =
      DesktopRequest({{"alice", "it-alice-01"}, {"bob", "it-bob-01"}});
  request.data_volumes = {{"SSD", 50, "", "", ""}};
  request.tags = {{"team", "eng"}};
  IT_ASSIGN_OR_FAIL(std::string job, desktops::Create(client(), request));
  IT_ASSIGN_OR_FAIL(jobs::Outcome outcome, Wait(job));
  ASSERT_EQ(outcome.state, jobs::State::kSuccess) << outcome.Describe();
  ASSERT_EQ(outcome.desktop_ids.size(), 2u);

  IT_ASSIGN_OR_FAIL(desktops::Desktop got, desktops::Get(client(), outcome.desktop_ids[0]));
  EXPECT_EQ(got.id, outcome.desktop_ids[0]);
  EXPECT_THAT(got.computer_name, ::testing::AnyOf("it-alice-01", "it-bob-01"));
  EXPECT_EQ(got.status, "ACTIVE");
  EXPECT_EQ(got.task_status, "");
  EXPECT_EQ(got.desktop_type, "DEDICATED");
  EXPECT_EQ(got.product_id, kProduct);
  EXPECT_EQ(got.image_id, kImage) << "read from metadata[metering.image_id]";
  EXPECT_EQ(got.root_volume.type, "SAS");
  EXPECT_EQ(got.root_volume.size, 80);
  ASSERT_EQ(got.data_volumes.size(), 1u);
  EXPECT_EQ(got.data_volumes[0].type, "SSD");
  EXPECT_EQ(got.data_volumes[0].size, 50);
  EXPECT_EQ(got.subnet_id, kSubnet);
  ASSERT_EQ(got.ip_addresses.size(), 1u);
  EXPECT_THAT(got.ip_addresses[0], StartsWith("172.16."));
  EXPECT_THAT(got.tags, ElementsAre(cloud::Tag{"team", "eng"}));
  ASSERT_EQ(got.attach_user_infos.size(), 1u);
  EXPECT_EQ(got.attach_user_infos[0].user_name, got.user_name);
  EXPECT_EQ(got.user_group, "users");

  IT_ASSIGN_OR_FAIL(auto all, desktops::ListDetail(client()));
  EXPECT_THAT(all, UnorderedElementsAre(Field(&desktops::Desktop::computer_name, "it-alice-01"),
                                        Field(&desktops::Desktop::computer_name, "it-bob-01")));
  desktops::Query by_user;
  by_user.user_name = "bob";
  IT_ASSIGN_OR_FAIL(auto bobs, desktops::ListDetail(client(), by_user));
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_EQ(bobs[0].computer_name, "it-bob-01");
  EXPECT_EQ(bobs[0].user_name, "bob");
  desktops::Query by_ids;
  by_ids.desktop_ids = outcome.desktop_ids;
  IT_ASSIGN_OR_FAIL(auto both, desktops::ListDetail(client(), by_ids));
  EXPECT_EQ(both.size(), 2u);
}

// Filters whose values need percent-encoding (the tag filter's "=" and ",") must be signed as sent.
TEST_F(DesktopLifecycleIT, FiltersThatNeedEncodingAreSignedAndApplied) {
  desktops::CreateRequest tagged = DesktopRequest({{"alice", "it-flt-01"}});
  tagged.tags = {{"team", "eng_ops"}, {"env", "dev"}};
  IT_ASSIGN_OR_FAIL(std::string job, desktops::Create(client(), tagged));
  IT_ASSERT_OK(WaitSuccess(job));
  IT_ASSERT_OK(CreateDesktops({{"bob", "it-flt-02"}}));
  struct Case {
    const char* tag;
    std::size_t found;
  };
  for (const Case& c :
       {Case{"team=eng_ops", 1}, Case{"team=eng_ops,env=dev", 1}, Case{"env=prod", 0}}) {
    SCOPED_TRACE(c.tag);
    desktops::Query q;
    q.tag = c.tag;
    IT_ASSIGN_OR_FAIL(auto found, desktops::ListDetail(client(), q));
    ASSERT_EQ(found.size(), c.found);
    if (c.found) {
      EXPECT_EQ(found[0].computer_name, "it-flt-01");
    }
  }
}

TEST_F(DesktopLifecycleIT, BriefListReadsTheSameDesktops) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-brief-01"}, {"bob", "it-brief-02"}}));
  std::size_t total = 0;
  IT_ASSIGN_OR_FAIL(auto items,
                    RawListAll(cloud::ops::kListDesktops, "desktops", "total_count", &total));
  EXPECT_EQ(observer().Attempts("desktops.list"), 1);
  EXPECT_EQ(total, 2u);
  std::vector<std::string> listed;
  for (const json& d : items) {
    listed.push_back(d.at("desktop_id").get<std::string>());
    EXPECT_EQ(d.at("status"), "ACTIVE");
    EXPECT_EQ(d.at("user_name"), d.at("desktop_id") == ids[0] ? "alice" : "bob");
  }
  EXPECT_THAT(listed, UnorderedElementsAre(ids[0], ids[1]));
}

TEST_F(DesktopLifecycleIT, ModifyRenamesTheDesktop) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-old-01"}}));
  IT_ASSERT_OK(desktops::Modify(client(), ids[0], std::string("it-new-01"), true));
  IT_ASSIGN_OR_FAIL(auto got, desktops::Get(client(), ids[0]));
  EXPECT_EQ(got.computer_name, "it-new-01");
}

TEST_F(DesktopLifecycleIT, DeleteAndBatchDeleteRemoveDesktops) {
  IT_ASSIGN_OR_FAIL(
      auto ids,
      CreateDesktops({{"alice", "it-del-01"}, {"bob", "it-del-02"}, {"carol", "it-del-03"}}));
  IT_ASSERT_OK(desktops::Delete(client(), ids[0]));
  auto gone = desktops::Get(client(), ids[0]);
  EXPECT_EQ(gone.status().code(), core::StatusCode::kNotFound) << gone.status().ToString();
  EXPECT_EQ(gone.status().http_status(), 404);
  EXPECT_EQ(gone.status().api_code(), "WKS.00010031");

  IT_EXPECT_JOB_SUCCEEDS(desktops::BatchDelete(client(), {ids[1], ids[2]}));
  IT_ASSIGN_OR_FAIL(auto left, desktops::ListDetail(client()));
  EXPECT_TRUE(left.empty());
}

class DesktopActionsIT : public SimSuite {};

TEST_F(DesktopActionsIT, PowerActionsChangeTheStatus) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-pwr-01"}}));
  struct Case {
    const char* op_type;
    const char* status;
  };
  for (const Case& c :
       {Case{"os-stop", "SHUTOFF"}, Case{"os-start", "ACTIVE"}, Case{"os-hibernate", "HIBERNATED"},
        Case{"os-start", "ACTIVE"}, Case{"reboot", "ACTIVE"}}) {
    SCOPED_TRACE(c.op_type);
    IT_ASSIGN_OR_FAIL(cloud::AsyncResult r, desktops::Action(client(), ids, c.op_type, "SOFT"));
    EXPECT_TRUE(r.failed.empty());
    IT_ASSERT_OK(WaitSuccess(r.job_id));
    IT_ASSIGN_OR_FAIL(auto got, desktops::Get(client(), ids[0]));
    EXPECT_EQ(got.status, c.status);
  }
}

TEST_F(DesktopActionsIT, RejectedDesktopsComeBackInTheFailedList) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-rej-01"}, {"bob", "it-rej-02"}}));
  IT_ASSIGN_OR_FAIL(cloud::AsyncResult stop, desktops::Action(client(), {ids[1]}, "os-stop"));
  IT_ASSERT_OK(WaitSuccess(stop.job_id));
  // Alone, a refused desktop is an error with the service's code (L50633).
  auto refused = desktops::Action(client(), {ids[0]}, "os-start");
  EXPECT_EQ(refused.status().http_status(), 409) << refused.status().ToString();
  EXPECT_EQ(refused.status().api_code(), "WKS.00010107");
  // Starting a running desktop is refused up front; the stopped one starts.
  IT_ASSIGN_OR_FAIL(cloud::AsyncResult r, desktops::Action(client(), ids, "os-start"));
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].desktop_id, ids[0]);
  EXPECT_EQ(r.failed[0].error_code, "WKS.00010107");
  ASSERT_FALSE(r.job_id.empty());
  IT_ASSERT_OK(WaitSuccess(r.job_id));
  IT_ASSIGN_OR_FAIL(auto got, desktops::Get(client(), ids[1]));
  EXPECT_EQ(got.status, "ACTIVE");
}

TEST_F(DesktopActionsIT, ResizeAndRebuildChangeProductAndImage) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-rsz-01"}}));
  IT_EXPECT_JOB_SUCCEEDS(desktops::Resize(client(), ids, kBiggerProduct));
  IT_ASSIGN_OR_FAIL(auto resized, desktops::Get(client(), ids[0]));
  EXPECT_EQ(resized.product_id, kBiggerProduct);
  EXPECT_EQ(resized.status, "ACTIVE") << "resize keeps the power state";

  IT_EXPECT_JOB_SUCCEEDS(desktops::Rebuild(client(), ids, "private", kPrivateImage));
  IT_ASSIGN_OR_FAIL(auto rebuilt, desktops::Get(client(), ids[0]));
  EXPECT_EQ(rebuilt.image_id, kPrivateImage);
  EXPECT_EQ(rebuilt.image_name, "WKS_WIN1064_UserImage");
}

TEST_F(DesktopActionsIT, MaintenanceModeOnAndOff) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-mnt-01"}, {"bob", "it-mnt-02"}}));
  IT_ASSERT_OK(desktops::SetMaintenanceMode(client(), {ids[0]}, true));
  IT_ASSIGN_OR_FAIL(auto on, desktops::Get(client(), ids[0]));
  IT_ASSIGN_OR_FAIL(auto other, desktops::Get(client(), ids[1]));
  EXPECT_TRUE(on.in_maintenance_mode);
  EXPECT_FALSE(other.in_maintenance_mode);
  IT_ASSERT_OK(desktops::SetMaintenanceMode(client(), {ids[0]}, false));
  IT_ASSIGN_OR_FAIL(auto off, desktops::Get(client(), ids[0]));
  EXPECT_FALSE(off.in_maintenance_mode);
}

TEST_F(DesktopActionsIT, NetworkChangesMoveTheDesktop) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-net-01"}}));
  IT_EXPECT_JOB_SUCCEEDS(desktops::ChangeNetwork(client(), ids[0], kVpc, kSubnet2, {kSecurityGroup},
                                                 std::string("172.26.0.99")));
  IT_ASSIGN_OR_FAIL(auto moved, desktops::Get(client(), ids[0]));
  EXPECT_EQ(moved.subnet_id, kSubnet2);
  EXPECT_THAT(moved.ip_addresses, ElementsAre("172.26.0.99"));
  ASSERT_EQ(moved.security_groups.size(), 1u);
  EXPECT_EQ(moved.security_groups[0].id, kSecurityGroup);

  IT_EXPECT_JOB_SUCCEEDS(desktops::BatchChangeNetwork(client(), ids, kVpc, kSubnet, {}));
  IT_ASSIGN_OR_FAIL(auto back, desktops::Get(client(), ids[0]));
  EXPECT_EQ(back.subnet_id, kSubnet);
  ASSERT_EQ(back.ip_addresses.size(), 1u);
  EXPECT_THAT(back.ip_addresses[0], StartsWith("172.16."));
}

class DesktopUsersIT : public SimSuite {};

TEST_F(DesktopUsersIT, DetachAttachAndPrivilegeGroup) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-usr-01"}}));
  IT_ASSIGN_OR_FAIL(cloud::AsyncResult detach, desktops::Detach(client(), ids));
  EXPECT_TRUE(detach.failed.empty());
  IT_ASSERT_OK(WaitSuccess(detach.job_id));
  IT_ASSIGN_OR_FAIL(auto detached, desktops::Get(client(), ids[0]));
  EXPECT_TRUE(detached.attach_user_infos.empty());
  EXPECT_EQ(detached.user_name, "");
  EXPECT_EQ(detached.attach_state, "DEATTACHED");

  desktops::AttachItem item;
  item.desktop_id = ids[0];
  item.user_name = "bob";
  item.user_group = "administrators";
  IT_EXPECT_JOB_SUCCEEDS(desktops::Attach(client(), {item}));
  IT_ASSIGN_OR_FAIL(auto attached, desktops::Get(client(), ids[0]));
  EXPECT_EQ(attached.user_name, "bob");
  EXPECT_EQ(attached.user_group, "administrators");

  // Without attach_user_infos, the top-level group applies to the desktop's users (L8801).
  IT_EXPECT_JOB_SUCCEEDS(desktops::ChangePrivilegeGroup(client(), ids, "users"));
  IT_ASSIGN_OR_FAIL(auto changed, desktops::Get(client(), ids[0]));
  ASSERT_EQ(changed.attach_user_infos.size(), 1u);
  EXPECT_EQ(changed.attach_user_infos[0].user_name, "bob");
  EXPECT_EQ(changed.attach_user_infos[0].user_group, "users");
}

TEST_F(DesktopUsersIT, BatchDetachAndBatchAttach) {
  IT_ASSIGN_OR_FAIL(auto ids, CreateDesktops({{"alice", "it-bat-01"}}));
  IT_ASSIGN_OR_FAIL(
      json detached,
      RawCall(client(), cloud::ops::kBatchDetachDesktops,
              {{"desktops",
                json::array({{{"desktop_id", ids[0]},
                              {"is_detach_all_users", false},
                              {"detach_user_infos",
                               json::array({{{"user_name", "alice"}, {"type", "USER"}}})}}})}}));
  ASSERT_TRUE(detached.contains("job_id")) << detached.dump();
  IT_ASSERT_OK(WaitSuccess(detached["job_id"].get<std::string>()));
  IT_ASSIGN_OR_FAIL(auto free, desktops::Get(client(), ids[0]));
  EXPECT_EQ(free.user_name, "");

  IT_ASSIGN_OR_FAIL(std::string carol, CreateUser("carol"));
  IT_ASSIGN_OR_FAIL(
      json attached,
      RawCall(client(), cloud::ops::kBatchAttachDesktops,
              {{"desktops", json::array({{{"desktop_id", ids[0]}}})},
               {"users", json::array({{{"user_id", carol}}})},
               {"assign_model",
                {{"assign_dimension", "USER"}, {"priority_strategy", "USER_NO_DESKTOP"}}}}));
  ASSERT_TRUE(attached.contains("job_id")) << attached.dump();
  IT_ASSERT_OK(WaitSuccess(attached["job_id"].get<std::string>()));
  IT_ASSIGN_OR_FAIL(auto got, desktops::Get(client(), ids[0]));
  EXPECT_EQ(got.user_name, "carol");
}

}  // namespace
}  // namespace deskops::it
