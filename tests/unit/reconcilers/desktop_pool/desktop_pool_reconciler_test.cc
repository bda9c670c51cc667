// Golden tests of the DesktopPool diff: manifests and observed pools in, plan text (after the
// gates) out, for every kind of change, disruption class and gate a pool can meet.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "desktop_pool_test_data.h"

namespace deskops::reconcilers::pool_test {
namespace {

TEST(DesktopPoolReconcilerTest, EveryKindOfChangeToOnePool) {
  Fixture f(kSupport);
  IndexReferences(f.index);
  f.kind.SetObserved({LiveSupport()});
  f.Own("support-pool", "pool-1");
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "DesktopPool\n"
            "  ~ support-pool                        update\n"
            "      spec.description: \"Old\" -> \"Support desktops\"\n"
            "      spec.availabilityZone: \"az1\" -> \"az2\"\n"
            "      spec.disconnectedRetentionPeriod: 30 -> 60\n"
            "      spec.autoscalePolicy.minIdle: 1 -> 2\n"
            "      spec.desktopNamePolicy: \"old_names\" -> \"support_names\"\n"
            "      spec.maintenanceMode: false -> true\n"
            "  ~ support-pool                        authorize  (one 4.4.14 ADD call)\n"
            "      spec.authorizedObjects: (unset) -> USER \"alice\" (administrators)\n"
            "  ~ support-pool                        authorize  (one 4.4.14 REMOVE call)\n"
            "      spec.authorizedObjects: USER \"bob\" (users) -> (unset)\n"
            "  ~ support-pool                        expand  (adds 2 desktop(s); 4.4.6 is sent the "
            "number to add)\n"
            "      spec.size: 2 -> 4\n"
            "  ~ support-pool                        resize [disruptive]  (stops the pool's 2 "
            "desktop(s) to change them)\n"
            "      spec.productId: \"workspace.c2.large\" -> \"workspace.c3.xlarge\"\n"
            "  ~ support-pool                        rebuild [destructive]  (rebuilds the system "
            "disks of 2 desktop(s): data on them is lost)\n"
            "      spec.imageId: \"img-1\" -> \"img-2\"\n"
            "      HELD by destructive: it loses data; allow it with the object's "
            "deskops.io/allow-destroy: \"true\" or --allow-destructive\n"
            "  ~ support-pool                        disks\n"
            "      spec.dataVolumes[1]: (unset) -> SAS 50 GB\n"
            "  ~ support-pool                        expand\n"
            "      spec.dataVolumes[0].size: 80 -> 100\n"
            "  ~ support-pool                        power [disruptive]  (1 of 2 desktop(s) not "
            "running: 4.4.12 os-start)\n"
            "      spec.powerState: 1 running, 1 stopped -> running\n"
            "Plan: 1 update, 1 power, 1 resize, 2 expand, 2 authorize, 1 disks; 2 disruptive; 1 "
            "held; 0 in sync.\n");
  for (const auto& a : plan.actions) EXPECT_EQ(a.batch_key, "DesktopPool/support-pool");
}

TEST(DesktopPoolReconcilerTest, DestructiveChangesRunWithAllowDestroy) {
  Fixture f(Doc("lab-pool", Base("workspace.c2.large", "img-2") + "  size: 2\n",
                "deskops.io/allow-destroy: \"true\""));
  Observed lab{LivePool("lab-pool", "pool-2"), std::nullopt, std::nullopt};
  lab.pool.data_volumes = {{"SSD", 100, "dv-1", "", "/dev/vdb"},
                           {"SAS", 50, "dv-2", "", "/dev/vdc"}};
  f.kind.SetObserved({lab});
  f.Own("lab-pool", "pool-2");
  EXPECT_EQ(RenderText(f.Diff()),
            "DesktopPool\n"
            "  ~ lab-pool                            rebuild [destructive]  (rebuilds the system "
            "disks of 2 desktop(s): data on them is lost)\n"
            "      spec.imageId: \"img-1\" -> \"img-2\"\n"
            "  ~ lab-pool                            disks [destructive]  (the removed disks' data "
            "is lost)\n"
            "      spec.dataVolumes: SSD 100 GB -> (unset)\n"
            "      spec.dataVolumes: SAS 50 GB -> (unset)\n"
            "Plan: 1 rebuild, 1 disks; 2 destructive; 0 in sync.\n");
}

// Pool reads carry no device for data disks, so disks pair by identity first, then by position
// among disks of the same type.
TEST(DesktopPoolReconcilerTest, DataDisksPairByTypeAndSize) {
  struct Case {
    std::string name, want;           // the manifest's dataVolumes
    std::vector<cloud::Volume> have;  // as observed (ordered by record ID)
    std::string plan;
  };
  const cloud::Volume sas50{"SAS", 50, "dv-a", "", ""}, ssd100{"SSD", 100, "dv-b", "", ""};
  const std::vector<Case> cases = {
      {"same disks in another order",
       "[{type: SSD, size: 100}, {type: SAS, size: 50}]",
       {sas50, ssd100},
       "Plan: no changes; 1 in sync.\n"},
      {"one grows",
       "[{type: SSD, size: 200}, {type: SAS, size: 50}]",
       {sas50, ssd100},
       "DesktopPool\n"
       "  ~ disk-pool                           expand\n"
       "      spec.dataVolumes[0].size: 100 -> 200\n"
       "Plan: 1 expand; 0 in sync.\n"},
      {"a type changes",
       "[{type: SSD, size: 100}, {type: SSD, size: 50}]",
       {sas50, ssd100},
       "DesktopPool\n"
       "  ~ disk-pool                           disks\n"
       "      spec.dataVolumes[1]: (unset) -> SSD 50 GB\n"
       "  ~ disk-pool                           disks [destructive]  (the removed disks' data is "
       "lost)\n"
       "      spec.dataVolumes: SAS 50 GB -> (unset)\n"
       "Plan: 2 disks; 1 destructive; 0 in sync.\n"},
      {"one is added",
       "[{type: SAS, size: 50}, {type: SSD, size: 100}, {type: SSD, size: 10}]",
       {sas50, ssd100},
       "DesktopPool\n"
       "  ~ disk-pool                           disks\n"
       "      spec.dataVolumes[2]: (unset) -> SSD 10 GB\n"
       "Plan: 1 disks; 0 in sync.\n"},
      {"one shrinks",
       "[{type: SSD, size: 50}]",
       {ssd100},
       "error: DesktopPool/disk-pool: spec.dataVolumes[0].size: disks cannot shrink (100 GB -> 50 "
       "GB)\n"
       "Plan: no changes; 1 error(s); 0 in sync.\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(Doc("disk-pool", Base() + "  size: 2\n  dataVolumes: " + c.want + "\n",
                  "deskops.io/allow-destroy: \"true\""));
    pools::Pool live = LivePool("disk-pool", "pool-1");
    live.data_volumes = c.have;
    f.kind.SetObserved({{live, std::nullopt, std::nullopt}});
    f.Own("disk-pool", "pool-1");
    EXPECT_EQ(RenderText(f.Diff()), c.plan);
  }
}

// Which gate holds each of a power change (disruptive), a rebuild (destructive) and a deletion.
TEST(DesktopPoolReconcilerTest, GatesHoldWhatTheirOptionsSay) {
  struct Case {
    std::string name;
    std::function<void(EngineOptions&, Inventory&)> arrange;
    std::string power, rebuild, deletion;  // held_by, "" when it runs
  };
  const std::vector<Case> cases = {
      {"defaults", [](EngineOptions&, Inventory&) {}, "", "destructive", "prune-disabled"},
      {"prune", [](EngineOptions& o, Inventory&) { o.prune = true; }, "", "destructive", ""},
      {"prune, but the object opted out",
       [](EngineOptions& o, Inventory& inv) {
         o.prune = true;
         inv.Upsert({"DesktopPool", "old-pool", "pool-5", true});
       },
       "", "destructive", "prune-protected"},
      {"prune over the deletion budget",
       [](EngineOptions& o, Inventory&) {
         o.prune = true;
         o.max_deletions = 0;
       },
       "", "destructive", "deletion-budget"},
      {"destructive allowed", [](EngineOptions& o, Inventory&) { o.allow_destructive = true; }, "",
       "", "prune-disabled"},
      {"a disruption budget of one",
       [](EngineOptions& o, Inventory&) {
         o.allow_destructive = true;
         o.max_disruptive = 1;  // the rebuild comes first in the plan and takes it
       },
       "disruption-budget", "", "prune-disabled"},
      {"observe only", [](EngineOptions& o, Inventory&) { o.observe_only = true; }, "observe-mode",
       "observe-mode", "observe-mode"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(Doc("lab-pool",
                  Base("workspace.c2.large", "img-2") + "  size: 1\n  powerState: stopped\n"));
    f.kind.SetObserved({{LivePool("lab-pool", "pool-2", 1), std::nullopt,
                         std::vector<cloud::desktops::Desktop>{Member("d-1", "ACTIVE")}},
                        {LivePool("old-pool", "pool-5"), std::nullopt, std::nullopt}});
    f.Own("lab-pool", "pool-2");
    f.Own("old-pool", "pool-5");
    f.options.max_deletion_percent = -1;
    c.arrange(f.options, f.inventory);
    std::map<Verb, std::string> held;
    for (const auto& a : f.Diff().actions) held[a.verb] = a.held_by;
    EXPECT_EQ(held[Verb::kPower], c.power);
    EXPECT_EQ(held[Verb::kRebuild], c.rebuild);
    EXPECT_EQ(held[Verb::kDelete], c.deletion);
  }
}

TEST(DesktopPoolReconcilerTest, CreateAdoptInFlightInSyncAndDeletion) {
  Fixture f(Doc("new-pool", Base() + R"(  size: 3
  ouName: OU=Support
  tags: {team: support}
  authorizedObjects: [{objectType: USER, objectName: alice, userGroup: users}]
  desktopNamePolicy: support_names
)") + Doc("found-pool", Base() + "  size: 2\n") +
            Doc("pending-pool", Base() + "  size: 2\n") +
            Doc("steady-pool", Base() + "  size: 2\n  powerState: stopped\n"));
  IndexReferences(f.index);
  Observed steady{LivePool("steady-pool", "pool-4"), std::nullopt,
                  std::vector<cloud::desktops::Desktop>{Member("d-1", "SHUTOFF")}};
  f.kind.SetObserved({{LivePool("found-pool", "pool-3"), std::nullopt, std::nullopt},
                      steady,
                      {LivePool("old-pool", "pool-5", 3), std::nullopt, std::nullopt}});
  f.Own("steady-pool", "pool-4");
  f.Own("old-pool", "pool-5");
  Plan plan =
      f.Diff({{"pending-pool", "i1", "job-9", "job job-9 from an earlier run is still running"}});
  EXPECT_EQ(RenderText(plan),
            "DesktopPool\n"
            "  + new-pool                            create  (with 3 desktop(s))\n"
            "  = found-pool                          adopt\n"
            "  + pending-pool                        create\n"
            "      HELD by in-flight: job job-9 from an earlier run is still running\n"
            "  - old-pool                            delete [destructive]  (deletes its 3 "
            "desktop(s) with it: a pool is deleted empty)\n"
            "      HELD by prune-disabled: it left the manifests; deleting it needs --prune\n"
            "Plan: 1 create, 1 adopt; 2 held; 1 in sync.\n");
  EXPECT_EQ(plan.in_sync, 1u);
}

TEST(DesktopPoolReconcilerTest, FieldsThatCannotChangeAreErrorsOrAReplacement) {
  const std::string changed = R"(  type: STATIC
  size: 2
  productId: workspace.c2.large
  imageId: img-1
  rootVolume: {type: SSD, size: 100}
  subnetIds: [subnet-2]
  securityGroups: [{id: sg-2}]
)";
  Fixture f(Doc("strict-pool", changed) +
            Doc("replaced-pool", changed, "deskops.io/allow-replace: \"true\"") +
            Doc("gone-pool", changed,
                "deskops.io/allow-replace: \"true\", deskops.io/allow-destroy: \"true\""));
  f.kind.SetObserved({{LivePool("strict-pool", "pool-1"), std::nullopt, std::nullopt},
                      {LivePool("replaced-pool", "pool-2"), std::nullopt, std::nullopt},
                      {LivePool("gone-pool", "pool-3", 0), std::nullopt, std::nullopt}});
  f.Own({"strict-pool", "replaced-pool", "gone-pool"});
  EXPECT_EQ(RenderText(f.Diff()),
            "DesktopPool\n"
            "  # replaced-pool                       replace [destructive]  (deletes the pool and "
            "its 2 desktop(s), then creates it again)\n"
            "      spec.type: \"DYNAMIC\" -> \"STATIC\"\n"
            "      spec.subnetIds: \"subnet-1\" -> \"subnet-2\"\n"
            "      spec.securityGroups: \"sg-1\" -> \"sg-2\"\n"
            "      spec.rootVolume.type: \"SAS\" -> \"SSD\"\n"
            "      spec.rootVolume.size: 80 -> 100\n"
            "      HELD by destructive: it loses data; allow it with the object's "
            "deskops.io/allow-destroy: \"true\" or --allow-destructive\n"
            "  # gone-pool                           replace [destructive]  (deletes the pool and "
            "its 0 desktop(s), then creates it again)\n"
            "      spec.type: \"DYNAMIC\" -> \"STATIC\"\n"
            "      spec.subnetIds: \"subnet-1\" -> \"subnet-2\"\n"
            "      spec.securityGroups: \"sg-1\" -> \"sg-2\"\n"
            "      spec.rootVolume.type: \"SAS\" -> \"SSD\"\n"
            "      spec.rootVolume.size: 80 -> 100\n"
            "error: DesktopPool/strict-pool: spec.type cannot change in place (\"DYNAMIC\" -> "
            "\"STATIC\"); add the annotation deskops.io/allow-replace: \"true\" to delete and "
            "re-create it, or change it back\n"
            "error: DesktopPool/strict-pool: spec.subnetIds cannot change in place (\"subnet-1\" "
            "-> \"subnet-2\"); add the annotation deskops.io/allow-replace: \"true\" to delete and "
            "re-create it, or change it back\n"
            "error: DesktopPool/strict-pool: spec.securityGroups cannot change in place (\"sg-1\" "
            "-> \"sg-2\"); add the annotation deskops.io/allow-replace: \"true\" to delete and "
            "re-create it, or change it back\n"
            "error: DesktopPool/strict-pool: spec.rootVolume.type cannot change in place (\"SAS\" "
            "-> \"SSD\"); add the annotation deskops.io/allow-replace: \"true\" to delete and "
            "re-create it, or change it back\n"
            "error: DesktopPool/strict-pool: spec.rootVolume.size cannot change in place (80 -> "
            "100); add the annotation deskops.io/allow-replace: \"true\" to delete and re-create "
            "it, or change it back\n"
            "Plan: 1 replace; 1 destructive; 1 held; 5 error(s); 0 in sync.\n");
}

TEST(DesktopPoolReconcilerTest, ShrinkingAndUnknownReferencesArePlanErrorsUnlessIgnored) {
  Fixture f(Doc("small-pool", Base() + "  size: 1\n") + Doc("scaled-pool", Base() + "  size: 1\n") +
            Doc("disk-pool", Base() + "  size: 2\n  dataVolumes: [{type: SSD, size: 50}]\n") +
            Doc("ghost-pool", Base() + R"(  size: 2
  authorizedObjects: [{objectType: USER, objectName: ghost, userGroup: users}]
  desktopNamePolicy: no_such_policy
)") +
            Doc("ignoring-pool", Base() + R"(  size: 1
  authorizedObjects: [{objectType: USER, objectName: ghost, userGroup: users}]
)",
                "deskops.io/ignore-changes: \"spec.size, spec.authorizedObjects\""));
  pools::Pool scaled = LivePool("scaled-pool", "pool-2", 5);
  scaled.enable_autoscale = true;  // auto scaling made the extra desktops: not an error
  pools::Pool disks = LivePool("disk-pool", "pool-3");
  disks.data_volumes = {{"SSD", 100, "dv-1", "", "/dev/vdb"}};
  f.kind.SetObserved({{LivePool("small-pool", "pool-1", 3), std::nullopt, std::nullopt},
                      {scaled, std::nullopt, std::nullopt},
                      {disks, std::nullopt, std::nullopt},
                      {LivePool("ignoring-pool", "pool-4", 3), std::nullopt, std::nullopt}});
  f.Own({"small-pool", "scaled-pool", "disk-pool", "ignoring-pool"});
  EXPECT_EQ(RenderText(f.Diff()),
            "error: DesktopPool/small-pool: spec.size: the pool has 3 desktops and the manifest "
            "asks for 1; deskops never shrinks a pool: delete its desktops\n"
            "error: DesktopPool/disk-pool: spec.dataVolumes[0].size: disks cannot shrink (100 GB "
            "-> 50 GB)\n"
            "error: DesktopPool/ghost-pool: spec.authorizedObjects[0].objectName: User \"ghost\" "
            "neither exists nor is declared in the manifests\n"
            "error: DesktopPool/ghost-pool: spec.desktopNamePolicy: DesktopNamePolicy "
            "\"no_such_policy\" neither exists nor is declared in the manifests\n"
            "Plan: no changes; 4 error(s); 2 in sync.\n");
}

}  // namespace
}  // namespace deskops::reconcilers::pool_test
