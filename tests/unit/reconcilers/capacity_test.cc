#include "reconcilers/engine/capacity.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deskops::reconcilers::capacity {
namespace {

const char* kSmall = "workspace.c2.large.windows.2";  // 2 vCPUs, 4 GB
const char* kBig = "workspace.c2.xlarge.windows.2";   // 4 vCPUs, 8 GB
const char* kGpu = "workspace.g5.2xlarge.4.windows";  // 8 vCPUs, 32 GB, GPU
const char* kImage = "img-win11";

Catalogue Tenant() {
  Catalogue c;
  c.quotas = {{"general_instances", {500, 495}},
              {"gpu_instances", {10, 0}},
              {"cores", {4000, 100}},
              {"Memory", {16000, 0}},
              {"volumes", {5000, 0}},
              {"volume_gigabytes", {500000, 0}},
              {"users", {3000, 2999}},
              {"policy_groups", {-1, 80}}};
  c.products = {{kSmall, {2, 4096, false, "normal"}},
                {kBig, {4, 8192, false, "normal"}},
                {kGpu, {8, 32768, true, "normal"}},
                {"sold-out", {2, 4096, false, "sellout"}},
                {"withdrawn", {2, 4096, false, "abandon"}}};
  c.not_offered = {{kBig, "az-2"}};
  c.images = {kImage};
  return c;
}

Action Desktops(const std::string& name, std::int64_t n, const std::string& product,
                const std::string& az = "", const std::string& image = kImage) {
  Action a;
  a.kind = "Desktop";
  a.name = name;
  a.verb = Verb::kCreate;
  a.need = NewDesktops(n, product, az, image, {"SSD", 80}, {{"SSD", 100, "data"}});
  return a;
}

Action Need(const std::string& name, CapacityNeed need, Gate held = Gate::kNone) {
  Action a;
  a.kind = "X";
  a.name = name;
  a.need = std::move(need);
  a.held_by = held;
  return a;
}

CapacityNeed Resize(const std::string& from, const std::string& to, std::int64_t n) {
  CapacityNeed need;
  need.product_id = to;
  need.from_product_id = from;
  need.resized = n;
  return need;
}

CapacityNeed Users(std::int64_t n) {
  CapacityNeed need;
  need.users = n;
  return need;
}

TEST(CapacityTest, NewDesktopsCountsEveryDisk) {
  CapacityNeed n =
      NewDesktops(3, kSmall, "az-1", kImage, {"SSD", 80}, {{"SSD", 100, "a"}, {"SAS", 50, "b"}});
  EXPECT_EQ(n.desktops, 3);
  EXPECT_EQ(n.volumes, 9);
  EXPECT_EQ(n.volume_gb, 3 * 230);
  EXPECT_EQ(n.availability_zone, "az-1");
}

struct Case {
  const char* what;
  std::vector<Action> actions;
  // Expected refusal text (a substring) per action index; absent: allowed.
  std::map<std::size_t, std::string> refused;
};

TEST(CapacityTest, Table) {
  const std::vector<Case> cases = {
      {"within every quota", {Desktops("a", 5, kSmall)}, {}},
      {"one desktop too many: every creating action is refused, with the numbers",
       {Desktops("a", 4, kSmall), Desktops("b", 2, kSmall), Need("u", Users(1))},
       {{0, "the plan needs 6 desktops, the quota leaves 5 (general_instances: 495 of 500 used"},
        {1, "the plan needs 6 desktops, the quota leaves 5"}}},
      {"held actions take nothing",
       {Desktops("a", 5, kSmall),
        [] {
          Action a = Desktops("b", 5, kSmall);
          a.held_by = Gate::kDestructive;
          return a;
        }()},
       {}},
      {"GPU desktops count against gpu_instances, not general_instances",
       {Desktops("g", 6, kGpu)},
       {}},
      {"vCPUs and memory add up over products",
       {Need("r", Resize(kSmall, kBig, 2000))},
       {{0, "the plan needs 4000 vCPUs, the quota leaves 3900 (cores: 100 of 4000 used"}}},
      {"a resize to a smaller product takes nothing", {Need("r", Resize(kBig, kSmall, 5000))}, {}},
      {"users", {Need("u", Users(2))}, {{0, "needs 2 users, the quota leaves 1"}}},
      {"a negative quota is no limit",
       {[] {
         CapacityNeed n;
         n.policy_groups = 1000;
         return Need("p", n);
       }()},
       {}},
      {"unknown product",
       {Desktops("a", 1, "nope")},
       {{0, "spec.productId: product \"nope\" is not offered to this tenant (4.18.1)"}}},
      {"sold out", {Desktops("a", 1, "sold-out")}, {{0, "is sold out (4.18.1 status sellout)"}}},
      {"withdrawn", {Desktops("a", 1, "withdrawn")}, {{0, "is withdrawn"}}},
      {"not offered in its availability zone",
       {Desktops("a", 1, kBig, "az-2")},
       {{0, "is not offered in availability zone \"az-2\""}}},
      {"offered in another zone", {Desktops("a", 1, kBig, "az-1")}, {}},
      {"missing image",
       {Desktops("a", 1, kSmall, "", "img-gone")},
       {{0, "spec.imageId: image \"img-gone\" does not exist (4.26.1)"}}},
      {"a refused action's need is not counted against the others",
       {Desktops("bad", 5, kSmall, "", "img-gone"), Desktops("ok", 5, kSmall)},
       {{0, "does not exist"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const auto refused = Evaluate(c.actions, Tenant());
    std::vector<std::size_t> got, want;
    for (const auto& [i, why] : refused) got.push_back(i);
    for (const auto& [i, why] : c.refused) want.push_back(i);
    EXPECT_EQ(got, want);
    for (const auto& [i, text] : c.refused) {
      if (!refused.contains(i)) continue;
      EXPECT_NE(refused.at(i).find(text), std::string::npos) << refused.at(i);
    }
  }
}

TEST(CapacityTest, WantsReadOnlyWhatRunnableActionsNeed) {
  EXPECT_FALSE(WantsOf({}).any());
  Action held = Desktops("h", 1, kSmall, "az-1");
  held.held_by = Gate::kObserveMode;
  EXPECT_FALSE(WantsOf({held}).any()) << "held actions are not checked";
  const Wants w = WantsOf({Desktops("a", 1, kSmall, "az-1"), Need("r", Resize(kSmall, kBig, 1))});
  EXPECT_TRUE(w.quotas);
  EXPECT_EQ(w.products, (std::set<std::string>{kSmall, kBig}));
  EXPECT_EQ(w.placements, (std::set<std::pair<std::string, std::string>>{{kSmall, "az-1"}}));
  EXPECT_EQ(w.images, (std::set<std::string>{kImage}));
  CapacityNeed rebuild;
  rebuild.image_id = kImage;
  const Wants r = WantsOf({Need("x", rebuild)});
  EXPECT_FALSE(r.quotas) << "a rebuild takes no quota";
  EXPECT_EQ(r.images.size(), 1u);
}

}  // namespace
}  // namespace deskops::reconcilers::capacity
