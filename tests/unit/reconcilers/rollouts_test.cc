#include "reconcilers/engine/rollouts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "specs/annotations.h"
#include "specs/loader.h"

namespace deskops::reconcilers {
namespace {

using core::StrCat;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr long long kMinute = 60'000;

specs::ManifestSet Users(int n, const std::string& rollout) {
  specs::Loader loader;
  std::string yaml;
  for (int i = 0; i < n; ++i) {
    yaml += StrCat("---\napiVersion: deskops.io/v1alpha1\nkind: User\nmetadata:\n  name: d", i,
                   "\n  annotations:\n    deskops.io/rollout: \"", rollout, "\"\nspec: {}\n");
  }
  loader.AddText(yaml, "m.yaml");
  auto r = std::move(loader).Finish();
  EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].ToString());
  return std::move(r.manifests);
}

// The rebuilds a pass plans: one per desktop that does not have the image yet.
Plan Rebuilds(int from, int to, const std::string& image = "img-2") {
  Plan p;
  for (int i = from; i < to; ++i) {
    Action a;
    a.kind = "User";
    a.name = StrCat("d", i);
    a.verb = Verb::kRebuild;
    a.disruption = Disruption::kDestructive;
    a.batch_key = "rebuild|gold|" + image;
    p.actions.push_back(std::move(a));
  }
  return p;
}

Inventory Owned(int n) {
  Inventory inv;
  for (int i = 0; i < n; ++i)
    inv.Upsert({"User", StrCat("d", i), StrCat("id-", i), false, false, {}});
  return inv;
}

std::vector<std::string> Gates(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& a : p.actions) {
    out.push_back(a.name + ":" + (a.held() ? std::string(GateName(a.held_by)) : "runs"));
  }
  return out;
}

// What a successful apply of the plan records.
void Succeed(const Plan& p, Inventory& inv) {
  for (const auto& a : p.actions) {
    if (!a.held()) inv.Record(a.kind, a.name, a.records);
  }
}

TEST(RolloutPolicyTest, Parses) {
  struct Case {
    const char* text;
    int max;
    bool percent;
    long long pause;
    const char* error;  // substring, or "" when valid
  };
  const Case cases[] = {
      {"maxUnavailable=25%,pause=10m", 25, true, 600, ""},
      {"maxUnavailable=3", 3, false, 0, ""},
      {" maxUnavailable = 100% , pause = 2h ", 100, true, 7200, ""},
      {"pause=10m", 0, false, 0, "maxUnavailable is required"},
      {"maxUnavailable=0", 0, false, 0, "at least 1"},
      {"maxUnavailable=101%", 0, false, 0, "from 1% to 100%"},
      {"maxUnavailable=2,pause=10", 0, false, 0, "pause must be a duration"},
      {"maxUnavailable=2,surge=1", 0, false, 0, "unknown setting \"surge\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::string error;
    auto p = specs::ParseRolloutPolicy(c.text, error);
    if (*c.error) {
      EXPECT_FALSE(p.has_value());
      EXPECT_THAT(error, HasSubstr(c.error));
      continue;
    }
    ASSERT_TRUE(p.has_value()) << error;
    EXPECT_EQ(p->max_unavailable, c.max);
    EXPECT_EQ(p->percent, c.percent);
    EXPECT_EQ(p->pause_seconds, c.pause);
  }
}

TEST(RolloutsTest, WavesWaitForTheWaveBeforeAndThePause) {
  const auto manifests = Users(8, "maxUnavailable=25%,pause=10m");
  Inventory inv = Owned(8);
  LiveIndex index;
  long long now = 1'000 * kMinute;

  Plan first = Rebuilds(0, 8);
  ApplyRollouts(first, manifests, inv, index, now);
  EXPECT_THAT(Gates(first), ElementsAre("d0:runs", "d1:runs", "d2:rollout-wave", "d3:rollout-wave",
                                        "d4:rollout-wave", "d5:rollout-wave", "d6:rollout-wave",
                                        "d7:rollout-wave"));
  EXPECT_THAT(first.actions[0].note, HasSubstr("wave 1 of 4"));
  Succeed(first, inv);

  // d0 is back but not registered yet: every other desktop waits.
  index.Put({"User", "d0", "id-0", {{kSettlingAttr, "running, not registered yet"}}});
  Plan second = Rebuilds(2, 8);
  ApplyRollouts(second, manifests, inv, index, now + kMinute);
  for (const auto& a : second.actions) {
    EXPECT_EQ(a.held_by, Gate::kRolloutWave);
    EXPECT_THAT(a.held_reason, HasSubstr("waits for User/d0 to run and register again"));
  }

  // Settled, but the pause has not passed.
  index.Put({"User", "d0", "id-0", {}});
  Plan third = Rebuilds(2, 8);
  ApplyRollouts(third, manifests, inv, index, now + 5 * kMinute);
  EXPECT_EQ(third.actions[0].held_by, Gate::kRolloutWave);
  EXPECT_THAT(third.actions[0].held_reason, HasSubstr("starts 10m after the last one"));

  Plan fourth = Rebuilds(2, 8);
  ApplyRollouts(fourth, manifests, inv, index, now + 11 * kMinute);
  EXPECT_THAT(Gates(fourth), ElementsAre("d2:runs", "d3:runs", "d4:rollout-wave", "d5:rollout-wave",
                                         "d6:rollout-wave", "d7:rollout-wave"));
  EXPECT_THAT(fourth.actions[0].note, HasSubstr("wave 2 of 4"));
}

TEST(RolloutsTest, AFailedDesktopHaltsTheRestUntilItSucceeds) {
  const auto manifests = Users(6, "maxUnavailable=2");
  Inventory inv = Owned(6);
  LiveIndex index;
  Plan first = Rebuilds(0, 6);
  ApplyRollouts(first, manifests, inv, index, 0);
  ApplyReport report;
  report.outcomes = {{"User/d0", "rebuild", true, false, ""},
                     {"User/d1", "rebuild", false, false, "job FAILED: WKS.0001 image broken"}};
  Succeed(first, inv);  // d0's records; d1's come from the failure below
  RecordRolloutFailures(first, report, inv);

  Plan second = Rebuilds(1, 6);
  ApplyRollouts(second, manifests, inv, index, kMinute);
  EXPECT_THAT(Gates(second), ElementsAre("d1:runs", "d2:rollout-halted", "d3:rollout-halted",
                                         "d4:rollout-halted", "d5:rollout-halted"));
  EXPECT_THAT(second.actions[1].held_reason,
              HasSubstr("the rollout halted: User/d1 failed (job FAILED: WKS.0001 image broken)"));

  // d1's retry succeeds: the mark is cleared and the next wave goes.
  second.actions.resize(1);
  Succeed(second, inv);
  Plan third = Rebuilds(2, 6);
  ApplyRollouts(third, manifests, inv, index, 2 * kMinute);
  EXPECT_THAT(Gates(third),
              ElementsAre("d2:runs", "d3:runs", "d4:rollout-wave", "d5:rollout-wave"));
}

TEST(RolloutsTest, OnlyAnnotatedRebuildsAndResizesAreWaved) {
  const auto manifests = Users(3, "maxUnavailable=1");
  Inventory inv = Owned(3);
  LiveIndex index;
  Plan p = Rebuilds(0, 3);
  p.actions[2].verb = Verb::kPower;
  p.actions[1].batch_key = "rebuild|gold|img-3";  // another target: another rollout
  ApplyRollouts(p, manifests, inv, index, 0);
  EXPECT_THAT(Gates(p), ElementsAre("d0:runs", "d1:runs", "d2:runs"));
  specs::Loader loader;
  loader.AddText(
      "apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata:\n  name: d0\n  "
      "annotations:\n    deskops.io/rollout: \"maxUnavailable=0\"\nspec: {}\n",
      "bad.yaml");
  auto r = std::move(loader).Finish();
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.diagnostics.items()[0].ToString(),
              HasSubstr("bad.yaml:6:25: User/d0: metadata.annotations[\"deskops.io/rollout\"]: "
                        "maxUnavailable must be a count of at least 1"));
}

}  // namespace
}  // namespace deskops::reconcilers
