// Site lookups (resources/site): 4.25.2 quota details of a site, 4.27.2 AZ summary and 4.27.3 AZ
// details, from the seeded catalog and current use.
#include <gtest/gtest.h>

#include "simulator/simulator.h"
#include "test_util.h"

namespace deskops::simulator {
namespace {

using testing::Call;
using testing::Control;
using testing::CreateDesktopBody;

constexpr char kCentral[] = "0e2dae94-23ff-449a-bb9c-1b808cf2106d";

std::shared_ptr<const Catalog> SeedWithEdgeSite() {
  nlohmann::json seed = DefaultSeed();
  seed["site_quotas"] = {
      {{"site_id", 147258369},
       {"resources", {{{"type", "gpu_instances"}, {"quota", 50}, {"used", 0}}}}}};
  seed["availability_zone_details"] = {{"cn-north-7c", {{"category", 41}, {"mode", "dedicated"}}}};
  return std::make_shared<const Catalog>(LoadCatalog(seed).value());
}

TEST(SiteLookupsTest, QuotaDetailsOfASite) {
  core::FakeClock clock;
  SimulatorOptions options = testing::TestOptions();
  options.catalog = SeedWithEdgeSite();
  Simulator sim(options, clock);
  ASSERT_EQ(Call(sim, "POST", "/desktops", CreateDesktopBody("alice", "q-1")).status, 200);
  ASSERT_EQ(Control(sim, "PUT", "quotas", {{"general_instances", 7}}).status, 200);
  struct Case {
    std::string name, query;
    int status;
    std::string code, site_id;
    nlohmann::json general;  // the general_instances resource, for the central site
  };
  const nlohmann::json live = {
      {"type", "general_instances"}, {"quota", 7}, {"used", 1}, {"unit", ""}};
  const Case cases[] = {
      {"no site: the central one", "", 200, "", kCentral, live},
      {"the central site by ID, an AZ of it",
       std::string("site_id=") + kCentral + "&az_code=cn-north-7c", 200, "", kCentral, live},
      {"an edge site of the seed", "site_id=147258369&az_code=cn-north-7-ies-ohzce", 200, "",
       "147258369", nullptr},
      {"an unknown site", "site_id=nope", 404, "WKS.00010031", "", nullptr},
      {"an AZ of no site", "az_code=nowhere", 404, "WKS.00010031", "", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto reply = Call(sim, "GET", "/quotas/detail", nullptr, c.query);
    EXPECT_EQ(reply.status, c.status) << reply.raw.body;
    if (c.status != 200) {
      EXPECT_EQ(reply.body.value("error_code", ""), c.code);
      continue;
    }
    EXPECT_EQ(reply.body["site_id"], c.site_id);
    if (c.general.is_null()) {
      EXPECT_EQ(reply.body["resources"][0]["quota"], 50);
      continue;
    }
    auto quotas = Call(sim, "GET", "/quotas");
    EXPECT_EQ(reply.body["resources"], quotas.body["quotas"]["resources"]) << "same as 4.25.1";
    bool found = false;
    for (const auto& r : reply.body["resources"]) found |= r == c.general;
    EXPECT_TRUE(found) << reply.raw.body;
  }
}

TEST(SiteLookupsTest, AvailabilityZoneDetailsAndSummary) {
  core::FakeClock clock;
  SimulatorOptions options = testing::TestOptions();
  options.catalog = SeedWithEdgeSite();
  Simulator sim(options, clock);
  struct Case {
    std::string name, query;
    int status;
    nlohmann::json want;  // fields that must have these values
  };
  const Case cases[] = {
      {"the default AZ",
       "availability_zone_id=az3.manage.x86",
       200,
       {{"id", "az3.manage.x86"},
        {"region_id", "cn-north-7"},
        {"type", "Workspace"},
        {"display_name", "AZ3"},
        {"sold_out", {{"products", nlohmann::json::array()}}},
        {"product_ids", nlohmann::json::array()},
        {"mode", "shared"},
        {"alias", "AZ3"},
        {"category", 0}}},
      {"seeded overrides",
       "availability_zone_id=cn-north-7c",
       200,
       {{"id", "cn-north-7c"}, {"category", 41}, {"mode", "dedicated"}}},
      {"unknown AZ", "availability_zone_id=nowhere", 404, {{"error_code", "WKS.00010031"}}},
      {"no AZ", "", 400, {{"error_code", "WKS.0001"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto reply = Call(sim, "GET", "/availability-zones/detail", nullptr, c.query);
    EXPECT_EQ(reply.status, c.status) << reply.raw.body;
    for (const auto& [key, value] : c.want.items()) EXPECT_EQ(reply.body[key], value) << key;
  }
  auto summary = Call(sim, "GET", "/availability-zones/summary");
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(summary.body["support_type"], nlohmann::json({"CENTER"}));
  EXPECT_EQ(summary.body["default_type"], "CENTER");
  const auto& center = summary.body["azs"]["CENTER"];
  ASSERT_EQ(center.size(), 2u);
  EXPECT_EQ(center[0], nlohmann::json({{"availability_zone", "az3.manage.x86"},
                                       {"i18n", {{"en_us", "AZ3"}, {"zh_cn", "AZ3"}}},
                                       {"default_availability_zone", true}}));
  EXPECT_EQ(center[1]["default_availability_zone"], false);
}

}  // namespace
}  // namespace deskops::simulator
