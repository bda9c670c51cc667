// The pure request handler, without sockets: Simulator::Handle over an in-memory tenant.
#include <gtest/gtest.h>

#include "simulator/simulator.h"
#include "test_util.h"

namespace deskops::simulator {
namespace {

using namespace std::chrono_literals;
using testing::Call;
using testing::Control;
using testing::CreateDesktopBody;

std::string DesktopIdOf(Simulator& sim, const std::string& job_id) {
  auto job = Call(sim, "GET", "/workspace-sub-jobs", nullptr, "job_id=" + job_id);
  return job.body["jobs"][0]["entities"]["desktop_id"];
}

TEST(HandlerTest, CreateDesktopWalksThroughItsJob) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(ParseProgression("seconds:10").value()), clock);
  auto created = Call(sim, "POST", "/desktops", CreateDesktopBody("alice", "eng-alice-01"));
  ASSERT_EQ(created.status, 200) << created.raw.body;
  std::string job_id = created.body["job_id"];
  std::string id = DesktopIdOf(sim, job_id);

  // Listed at once, in its transitional state.
  auto desktop = Call(sim, "GET", "/desktops/" + id);
  EXPECT_EQ(desktop.body["desktop"]["status"], "BUILD");
  EXPECT_EQ(desktop.body["desktop"]["task_status"], "scheduling");
  EXPECT_EQ(desktop.body["desktop"]["process"], 0);
  clock.Advance(5s);
  desktop = Call(sim, "GET", "/desktops/" + id);
  EXPECT_EQ(desktop.body["desktop"]["task_status"], "spawning");
  EXPECT_EQ(desktop.body["desktop"]["process"], 50);
  auto job = Call(sim, "GET", "/workspace-jobs/" + job_id);
  EXPECT_EQ(job.body["status"], "RUNNING");
  EXPECT_EQ(job.body["end_time"], "");

  // A conflicting operation while the job runs.
  auto stop =
      Call(sim, "POST", "/desktops/action", {{"desktop_ids", {id}}, {"op_type", "os-stop"}});
  EXPECT_EQ(stop.status, 409);
  EXPECT_EQ(stop.body["error_code"], "WKS.00010032");
  EXPECT_TRUE(stop.body.contains("error_detail")) << "4.3 errors carry four fields";

  clock.Advance(5s);
  job = Call(sim, "GET", "/workspace-jobs/" + job_id);
  EXPECT_EQ(job.body["status"], "SUCCESS");
  EXPECT_EQ(job.body["sub_jobs"][0]["process"], 100);
  desktop = Call(sim, "GET", "/desktops/" + id);
  EXPECT_EQ(desktop.body["desktop"]["status"], "ACTIVE");
  EXPECT_EQ(desktop.body["desktop"]["task_status"], "");
  EXPECT_TRUE(desktop.body["desktop"]["process"].is_null());
  EXPECT_EQ(desktop.body["desktop"]["attach_state"], "ATTACHED");
}

TEST(HandlerTest, ErrorsFollowTheReference) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  ASSERT_EQ(Call(sim, "POST", "/desktops", CreateDesktopBody("bob", "Eng-01")).status, 200);
  struct Case {
    std::string name, method, path;
    nlohmann::json body;
    std::string query;
    int status;
    std::string code;
  };
  nlohmann::json quota_body = CreateDesktopBody("carol", "eng-03");
  const Case cases[] = {
      {"unknown desktop in path", "GET", "/desktops/nope", nullptr, "", 404, "WKS.00010031"},
      {"unknown desktop in body",
       "POST",
       "/desktops/action",
       {{"desktop_ids", {"nope"}}, {"op_type", "os-start"}},
       "",
       400,
       "WKS.0418"},
      {"duplicate name, other case", "POST", "/desktops", CreateDesktopBody("carol", "ENG-01"), "",
       400, "WKS.00010139"},
      {"missing mandatory field",
       "POST",
       "/desktops",
       {{"desktop_type", "DEDICATED"}},
       "",
       400,
       "WKS.0001"},
      {"bad computer name", "POST", "/desktops", CreateDesktopBody("carol", "-bad"), "", 400,
       "WKS.0001"},
      {"unknown product", "POST", "/desktops",
       [] {
         auto b = CreateDesktopBody("carol", "eng-02");
         b["product_id"] = "workspace.nope";
         return b;
       }(),
       "", 400, "WKS.0301"},
      {"limit over 500 on detail", "GET", "/desktops/detail", nullptr, "limit=501", 400,
       "WKS.0509"},
      {"negative offset", "GET", "/desktops", nullptr, "offset=-1", 400, "WKS.0508"},
      {"unknown user", "GET", "/users/nope", nullptr, "", 404, "WKS.00010031"},
      {"unknown route", "GET", "/nothing", nullptr, "", 404, "SIM.0404"},
      {"wrong method", "PATCH", "/desktops", nullptr, "", 405, "SIM.0405"},
      {"empty body", "POST", "/users", nullptr, "", 400, "WKS.0001"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto reply = Call(sim, c.method, c.path, c.body, c.query);
    EXPECT_EQ(reply.status, c.status) << reply.raw.body;
    EXPECT_EQ(reply.body.value("error_code", ""), c.code);
  }
}

// An ID in the path is quoted in the error message; bytes that are not UTF-8 used to make the
// JSON serialiser throw out of the handler (found by fuzz_simulator).
TEST(HandlerTest, ErrorQuotingInvalidUtf8IsStillJson) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  auto reply = Call(sim, "GET", "/desktops/ab\xff\xbd");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body.value("error_code", ""), "WKS.00010031");
  EXPECT_NE(reply.body.value("error_msg", "").find("ab\xEF\xBF\xBD"), std::string::npos)
      << reply.raw.body;
}

TEST(HandlerTest, QuotaRunsOut) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  ASSERT_EQ(Control(sim, "PUT", "quotas", {{"general_instances", 1}}).status, 200);
  EXPECT_EQ(Call(sim, "POST", "/desktops", CreateDesktopBody("a", "q-1")).status, 200);
  auto second = Call(sim, "POST", "/desktops", CreateDesktopBody("b", "q-2"));
  EXPECT_EQ(second.status, 400);
  EXPECT_EQ(second.body["error_code"], "WKS.0106");
  auto quotas = Call(sim, "GET", "/quotas");
  for (const auto& r : quotas.body["quotas"]["resources"]) {
    if (r["type"] == "general_instances") {
      EXPECT_EQ(r["used"], 1);
    }
  }
}

TEST(HandlerTest, FaultsAreSeededAndCounted) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  auto set = Control(sim, "PUT", "faults",
                     {{"seed", 7},
                      {"rules",
                       {{{"operation", "desktops.list"},
                         {"kind", "http_429"},
                         {"retry_after", 3},
                         {"count", 2}}}}});
  ASSERT_EQ(set.status, 200) << set.raw.body;
  for (int i = 0; i < 2; ++i) {
    auto r = Call(sim, "GET", "/desktops");
    EXPECT_EQ(r.status, 429);
    ASSERT_NE(r.raw.Header("Retry-After"), nullptr);
    EXPECT_EQ(*r.raw.Header("Retry-After"), "3");
  }
  EXPECT_EQ(Call(sim, "GET", "/desktops").status, 200) << "count exhausted";
  EXPECT_EQ(Call(sim, "GET", "/users").status, 200) << "other operations unaffected";
  auto stats = Control(sim, "GET", "stats");
  EXPECT_EQ(stats.body["by_operation"]["desktops.list"], 3);
}

TEST(HandlerTest, SnapshotRoundTrip) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  ASSERT_EQ(Call(sim, "POST", "/users", {{"user_name", "dave"}}).status, 201);
  ASSERT_EQ(Call(sim, "POST", "/desktops", CreateDesktopBody("dave", "snap-1")).status, 200);
  nlohmann::json snapshot = sim.TakeSnapshot();
  Simulator restored(testing::TestOptions(), clock);
  core::Status loaded = restored.LoadSnapshot(snapshot);
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  auto list = Call(restored, "GET", "/desktops", nullptr, "computer_name=snap");
  ASSERT_EQ(list.body["total_count"], 1);
  EXPECT_EQ(list.body["desktops"][0]["user_name"], "dave");
  EXPECT_EQ(Call(restored, "GET", "/users").body["total_count"], 1);
  EXPECT_EQ(restored.TakeSnapshot(), snapshot);
}

// What a write accepts is kept, so GET /_sim/state shows it, though no read of the API returns it
// (the reads' tables list none of these fields).
TEST(HandlerTest, AcceptedFieldsAreKeptButNotReadBack) {
  core::FakeClock clock;
  Simulator sim(testing::TestOptions(), clock);
  nlohmann::json body = CreateDesktopBody("erin", "kept-01");
  body["desktops"][0]["os_host_name"] = "kept-host";
  body["desktops"][0]["user_email"] = "erin@example.com";
  body["desktops"][0]["user_phone"] = "+8613800000000";
  body["email_notification"] = false;
  body["eip"] = {{"type", "5_bgp"}, {"charge_mode", "TRAFFIC"}, {"bandwidth_size", 5}};
  body["apply_shared_vpc_dedicated_param"] = {
      {"address", "10.1.1.1"}, {"port", 443}, {"availability_zone", {"az3.manage.x86"}}};
  body["hour_package_product_id"] = "hourly-1";
  body["hour_package_offering_id"] = "offering-1";
  auto created = Call(sim, "POST", "/desktops", body);
  ASSERT_EQ(created.status, 200) << created.raw.body;
  std::string id = DesktopIdOf(sim, created.body["job_id"]);
  // 4.3.3: a String "0"/"1" in the table (L5532), the integer 1 in the example (L5603).
  for (const nlohmann::json& value : {nlohmann::json(1), nlohmann::json("0")}) {
    SCOPED_TRACE(value.dump());
    auto put =
        Call(sim, "PUT", "/desktops/" + id, {{"desktop", {{"self_backup_management", value}}}});
    ASSERT_EQ(put.status, 200) << put.raw.body;
    auto state = Control(sim, "GET", "state");
    EXPECT_EQ(state.body["desktops"][0]["self_backup_management"],
              value.is_string() ? value.get<std::string>() : value.dump());
  }
  const nlohmann::json d = Control(sim, "GET", "state").body["desktops"][0];
  EXPECT_EQ(d["image_type"], "gold");
  EXPECT_EQ(d["os_host_name"], "kept-host");
  EXPECT_EQ(d["user_email"], "erin@example.com");
  EXPECT_EQ(d["user_phone"], "+8613800000000");
  EXPECT_EQ(d["email_notification"], false);
  EXPECT_EQ(d["eip"], body["eip"]);
  EXPECT_EQ(d["apply_shared_vpc_dedicated_param"], body["apply_shared_vpc_dedicated_param"]);
  EXPECT_EQ(d["hour_package_product_id"], "hourly-1");
  EXPECT_EQ(d["hour_package_offering_id"], "offering-1");

  auto read = Call(sim, "GET", "/desktops/" + id).body["desktop"];
  EXPECT_EQ(read["os_host_name"], "kept-host") << "4.3.5 returns os_host_name (L5820)";
  for (const char* hidden : {"self_backup_management", "eip", "email_notification", "user_email",
                             "image_type", "apply_shared_vpc_dedicated_param"}) {
    EXPECT_FALSE(read.contains(hidden)) << hidden;
  }
  auto bad = body;
  bad["desktops"][0]["computer_name"] = "kept-02";
  bad["eip"]["charge_mode"] = "FREE";
  EXPECT_EQ(Call(sim, "POST", "/desktops", bad).status, 400) << "validated as before";
}

TEST(HandlerTest, ControlApiIsOffByDefault) {
  core::FakeClock clock;
  SimulatorOptions options = testing::TestOptions();
  options.control_api = false;
  Simulator sim(options, clock);
  EXPECT_EQ(Control(sim, "GET", "state").status, 404);
  EXPECT_EQ(Control(sim, "POST", "reset").status, 404);
}

}  // namespace
}  // namespace deskops::simulator
