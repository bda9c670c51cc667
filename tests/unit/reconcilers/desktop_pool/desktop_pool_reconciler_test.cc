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
  f.Observe({LiveSupport()});
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
            "      spec.imageType: (not read back) -> \"private\"  (write-only: drift is not "
            "detectable)\n"
            "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
            "--allow-destructive): it loses data\n"
            // Changed with the kind contract: data disks are named, and shown with their IDs; a
            // pool's steps build on each other, so those after the held rebuild wait for it.
            "  ~ support-pool                        disks\n"
            "      spec.dataVolumes[data2]: (unset) -> SAS 50 GB\n"
            "      HELD by sequenced (clears in a later round, after the steps before it): follows "
            "a held step of the same object\n"
            "  ~ support-pool                        expand\n"
            "      spec.dataVolumes[data1].size: SSD 80 GB (id dv-1) -> 100 GB\n"
            "      HELD by sequenced (clears in a later round, after the steps before it): follows "
            "a held step of the same object\n"
            "  ~ support-pool                        power [disruptive]  (1 of 2 desktop(s) not "
            "running: 4.4.12 os-start)\n"
            "      spec.powerState: 1 running, 1 stopped -> running\n"
            "      HELD by sequenced (clears in a later round, after the steps before it): follows "
            "a held step of the same object\n"
            "Plan: 1 update, 1 resize, 1 expand, 2 authorize; 1 disruptive; 4 held; 0 in sync.\n");
  for (const auto& a : plan.actions) EXPECT_EQ(a.batch_key, "DesktopPool/support-pool");
}

TEST(DesktopPoolReconcilerTest, DestructiveChangesRunWithAllowDestroy) {
  Fixture f(Doc("lab-pool", Base("workspace.c2.large", "img-2") + "  size: 2\n",
                "deskops.io/allow-destroy: \"true\""));
  Observed lab{LivePool("lab-pool", "pool-2"), std::nullopt, std::nullopt};
  lab.pool.data_volumes = {{"SSD", 100, "dv-1", "", "/dev/vdb"},
                           {"SAS", 50, "dv-2", "", "/dev/vdc"}};
  f.Observe({lab});
  f.Own("lab-pool", "pool-2");
  EXPECT_EQ(RenderText(f.Diff()),
            "DesktopPool\n"
            "  ~ lab-pool                            rebuild [destructive]  (rebuilds the system "
            "disks of 2 desktop(s): data on them is lost)\n"
            "      spec.imageId: \"img-1\" -> \"img-2\"\n"
            "      spec.imageType: (not read back) -> \"private\"  (write-only: drift is not "
            "detectable)\n"
            "  ~ lab-pool                            disks [destructive]  (the removed disks' data "
            "is lost)\n"
            // Changed with the kind contract: a removed disk is shown with its ID.
            "      spec.dataVolumes: SSD 100 GB (id dv-1) -> (unset)\n"
            "      spec.dataVolumes: SAS 50 GB (id dv-2) -> (unset)\n"
            "Plan: 1 rebuild, 1 disks; 2 destructive; 0 in sync.\n");
}

// Changed with the kind contract: data disks are named, and the inventory maps each name to its
// volume ID. Disks the map does not know yet are paired once (pool reads carry no device): by
// identity first, then by position among disks of the same type. Once paired, a disk keeps its
// name whatever its position: changing its type is an error, removing it deletes exactly it.
TEST(DesktopPoolReconcilerTest, DataDisks) {
  struct Case {
    std::string name, want;                     // the manifest's dataVolumes
    std::map<std::string, std::string> mapped;  // the inventory's records
    std::string plan;
  };
  const std::map<std::string, std::string> known = {{"disk:a", "dv-a"}, {"disk:b", "dv-b"}};
  const std::vector<Case> cases = {
      {"same disks in another order",
       "[{name: b, type: SSD, size: 100}, {name: a, type: SAS, size: 50}]",
       {},
       "Plan: no changes; 1 in sync.\n"},
      {"one grows",
       "[{name: b, type: SSD, size: 200}, {name: a, type: SAS, size: 50}]",
       {},
       "DesktopPool\n"
       "  ~ disk-pool                           expand\n"
       "      spec.dataVolumes[b].size: SSD 100 GB (id dv-b) -> 200 GB\n"
       "Plan: 1 expand; 0 in sync.\n"},
      {"a type changes before the disks were paired: a new disk, the old one removed",
       "[{name: b, type: SSD, size: 100}, {name: a, type: SSD, size: 50}]",
       {},
       "DesktopPool\n"
       "  ~ disk-pool                           disks\n"
       "      spec.dataVolumes[a]: (unset) -> SSD 50 GB\n"
       "  ~ disk-pool                           disks [destructive]  (the removed disks' data is "
       "lost)\n"
       "      spec.dataVolumes: SAS 50 GB (id dv-a) -> (unset)\n"
       "Plan: 2 disks; 1 destructive; 0 in sync.\n"},
      {"a type changes after: an error",
       "[{name: b, type: SSD, size: 100}, {name: a, type: SSD, size: 50}]", known,
       "error: DesktopPool/disk-pool: spec.dataVolumes[a]: a data disk's type cannot change and "
       "its size cannot shrink (SAS 50 GB (id dv-a))\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"one is added",
       "[{name: a, type: SAS, size: 50}, {name: b, type: SSD, size: 100}, "
       "{name: c, type: SSD, size: 10}]",
       known,
       "DesktopPool\n"
       "  ~ disk-pool                           disks\n"
       "      spec.dataVolumes[c]: (unset) -> SSD 10 GB\n"
       "Plan: 1 disks; 0 in sync.\n"},
      {"one shrinks", "[{name: a, type: SAS, size: 50}, {name: b, type: SSD, size: 50}]", known,
       "error: DesktopPool/disk-pool: spec.dataVolumes[b]: a data disk's type cannot change and "
       "its size cannot shrink (SSD 100 GB (id dv-b))\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"removing the first of two deletes exactly that disk", "[{name: b, type: SSD, size: 100}]",
       known,
       "DesktopPool\n"
       "  ~ disk-pool                           disks [destructive]  (the removed disks' data is "
       "lost)\n"
       "      spec.dataVolumes[a]: SAS 50 GB (id dv-a) -> (unset)\n"
       "Plan: 1 disks; 1 destructive; 0 in sync.\n"},
  };
  const cloud::Volume sas50{"SAS", 50, "dv-a", "", ""}, ssd100{"SSD", 100, "dv-b", "", ""};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(Doc("disk-pool", Base() + "  size: 2\n  dataVolumes: " + c.want + "\n",
                  "deskops.io/allow-destroy: \"true\""));
    pools::Pool live = LivePool("disk-pool", "pool-1");
    live.data_volumes = {sas50, ssd100};  // as observed, ordered by record ID
    f.Observe({{live, std::nullopt, std::nullopt}});
    f.Own("disk-pool", "pool-1");
    f.inventory.Record("DesktopPool", "disk-pool", c.mapped);
    EXPECT_EQ(RenderText(f.Diff()), c.plan);
  }
}

// The pairing is recorded when the plan is applied, so that a later manifest that drops the
// first of two disks of different sizes and grows the other deletes the dropped disk's volume:
// pairing by position would grow the first volume and delete the second.
TEST(DesktopPoolReconcilerTest, RemovingADataDiskDeletesExactlyItsVolume) {
  const cloud::Volume sas50{"SAS", 50, "dv-a", "", ""}, sas100{"SAS", 100, "dv-b", "", ""};
  Fixture f(Doc("disk-pool", Base() + "  size: 2\n  dataVolumes: [{name: a, type: SAS, size: 50}, "
                                      "{name: b, type: SAS, size: 100}]\n"));
  pools::Pool live = LivePool("disk-pool", "pool-1");
  live.data_volumes = {sas50, sas100};
  f.Observe({{live, std::nullopt, std::nullopt}});
  f.Own("disk-pool", "pool-1");
  Plan adopted = f.Diff();
  EXPECT_TRUE(adopted.actions.empty()) << RenderText(adopted);
  EXPECT_TRUE(f.Apply(adopted).ok());
  EXPECT_EQ(
      f.inventory.Find("DesktopPool", "disk-pool")->records,
      (std::map<std::string, std::string>{{AppliedKey("spec.subnetIds"), Fingerprint("[subnet-1]")},
                                          {"disk:a", "dv-a"},
                                          {"disk:b", "dv-b"}}));

  f.Load(Doc("disk-pool", Base() + "  size: 2\n  dataVolumes: [{name: b, type: SAS, size: 150}]\n",
             "deskops.io/allow-destroy: \"true\""));
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "DesktopPool\n"
            "  ~ disk-pool                           expand\n"
            "      spec.dataVolumes[b].size: SAS 100 GB (id dv-b) -> 150 GB\n"
            "  ~ disk-pool                           disks [destructive]  (the removed disks' data "
            "is lost)\n"
            "      spec.dataVolumes[a]: SAS 50 GB (id dv-a) -> (unset)\n"
            "Plan: 1 expand, 1 disks; 1 destructive; 0 in sync.\n");
  FakePoolApi(*f.api.api);
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Sent("POST", "/v2/p1/desktop-pools/pool-1/volumes/batch-expand"),
            std::vector<std::string>{R"({"volumes":[{"id":"dv-b","size":150,"type":"SAS"}]})"});
  EXPECT_EQ(f.Sent("POST", "/v2/p1/desktop-pools/pool-1/volumes/batch-delete"),
            std::vector<std::string>{R"({"volumes":[{"id":"dv-a","size":50,"type":"SAS"}]})"});
  EXPECT_EQ(f.inventory.Find("DesktopPool", "disk-pool")->records,
            (std::map<std::string, std::string>{
                {AppliedKey("spec.subnetIds"), Fingerprint("[subnet-1]")}, {"disk:b", "dv-b"}}))
      << "the removed disk's name is forgotten once it is gone";
}

// Which gate holds each of a power change (disruptive), a rebuild (destructive) and a deletion.
// They are on different pools: a held step of one pool holds that pool's later steps too
// (GatesTest covers that).
TEST(DesktopPoolReconcilerTest, GatesHoldWhatTheirOptionsSay) {
  struct Case {
    std::string name;
    std::function<void(EngineOptions&, Inventory&)> arrange;
    std::string power, rebuild, deletion;  // the gate that holds it, "" when it runs
  };
  const std::vector<Case> cases = {
      {"defaults", [](EngineOptions&, Inventory&) {}, "", "destructive", "prune-disabled"},
      {"prune", [](EngineOptions& o, Inventory&) { o.prune = true; }, "", "destructive", ""},
      {"prune, but the object opted out",
       [](EngineOptions& o, Inventory& inv) {
         o.prune = true;
         inv.Upsert({"DesktopPool", "old-pool", "pool-5", true, false, {}});
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
         o.max_disruptive = 1;  // lab-pool's rebuild comes first in the plan and takes it
       },
       "disruption-budget", "", "prune-disabled"},
      {"observe only", [](EngineOptions& o, Inventory&) { o.observe_only = true; }, "observe-mode",
       "observe-mode", "observe-mode"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(Doc("lab-pool", Base("workspace.c2.large", "img-2") + "  size: 1\n") +
              Doc("power-pool", Base() + "  size: 1\n  powerState: stopped\n"));
    f.Observe({{LivePool("lab-pool", "pool-2", 1), std::nullopt, std::nullopt},
               {LivePool("power-pool", "pool-3", 1), std::nullopt,
                std::vector<cloud::desktops::Desktop>{Member("d-1", "ACTIVE")}},
               {LivePool("old-pool", "pool-5"), std::nullopt, std::nullopt}});
    f.Own("lab-pool", "pool-2");
    f.Own("power-pool", "pool-3");
    f.Own("old-pool", "pool-5");
    f.options.max_deletion_percent = -1;
    c.arrange(f.options, f.inventory);
    std::map<Verb, std::string> held;
    for (const auto& a : f.Diff().actions) held[a.verb] = GateName(a.held_by);
    EXPECT_EQ(held[Verb::kPower], c.power);
    EXPECT_EQ(held[Verb::kRebuild], c.rebuild);
    EXPECT_EQ(held[Verb::kDelete], c.deletion);
  }
}

TEST(DesktopPoolReconcilerTest, CreateAdoptInFlightInSyncAndDeletion) {
  Fixture f(Doc("new-pool", Base() + R"(  size: 3
  ouName: Support
  tags: {team: support}
  authorizedObjects: [{objectType: USER, objectName: alice, userGroup: users}]
  desktopNamePolicy: support_names
)") + Doc("found-pool", Base() + "  size: 2\n") +
            Doc("pending-pool", Base() + "  size: 2\n") +
            Doc("steady-pool", Base() + "  size: 2\n  powerState: stopped\n"));
  IndexReferences(f.index);
  Observed steady{LivePool("steady-pool", "pool-4"), std::nullopt,
                  std::vector<cloud::desktops::Desktop>{Member("d-1", "SHUTOFF")}};
  f.Observe({{LivePool("found-pool", "pool-3"), std::nullopt, std::nullopt},
             steady,
             {LivePool("old-pool", "pool-5", 3), std::nullopt, std::nullopt}});
  f.Own("steady-pool", "pool-4");
  f.Own("old-pool", "pool-5");
  Plan plan =
      f.Diff({{"pending-pool", "i1", "job-9", "job job-9 from an earlier run is still running"}});
  EXPECT_EQ(RenderText(plan),
            "DesktopPool\n"
            "  + new-pool                            create  (with 3 desktop(s))\n"
            "      spec.type: DYNAMIC\n"
            "      spec.productId: workspace.c2.large\n"
            "      spec.imageId: img-1\n"
            "      spec.rootVolume.type: SAS\n"
            "      spec.rootVolume.size: 80\n"
            "      spec.subnetIds: [subnet-1]\n"
            "      spec.size: 3\n"
            "      spec.ouName: Support\n"
            "      spec.tags.team: support\n"
            "      spec.authorizedObjects[0].objectType: USER\n"
            "      spec.authorizedObjects[0].objectName: alice\n"
            "      spec.authorizedObjects[0].userGroup: users\n"
            "      spec.desktopNamePolicy: support_names\n"
            "  = found-pool                          adopt\n"
            "  + pending-pool                        create\n"
            "      HELD by in-flight (clears when the earlier create ends or shows up): job job-9 "
            "from an earlier run is still running\n"
            "  - old-pool                            delete [destructive]  (deletes its 3 "
            "desktop(s) with it: a pool is deleted empty)\n"
            "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
            // Changed with the kind contract: found-pool, whose only action is its adoption, is in
            // sync too.
            "Plan: 1 create, 1 adopt; 2 held; 2 in sync.\n");
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
  f.Observe({{LivePool("strict-pool", "pool-1"), std::nullopt, std::nullopt},
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
            "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
            "--allow-destructive): it loses data\n"
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
            Doc("disk-pool",
                Base() + "  size: 2\n  dataVolumes: [{name: data1, type: SSD, size: 50}]\n") +
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
  f.Observe({{LivePool("small-pool", "pool-1", 3), std::nullopt, std::nullopt},
             {scaled, std::nullopt, std::nullopt},
             {disks, std::nullopt, std::nullopt},
             {LivePool("ignoring-pool", "pool-4", 3), std::nullopt, std::nullopt}});
  f.Own({"small-pool", "scaled-pool", "disk-pool", "ignoring-pool"});
  EXPECT_EQ(
      RenderText(f.Diff()),
      "error: DesktopPool/small-pool: spec.size: the pool has 3 desktops and the manifest "
      "asks for 1; deskops never shrinks a pool: delete its desktops\n"
      // Changed with the kind contract: a disk is named in the message, and shown with its ID.
      "error: DesktopPool/disk-pool: spec.dataVolumes[data1]: a data disk's type cannot "
      "change and its size cannot shrink (SSD 100 GB (id dv-1))\n"
      "error: DesktopPool/ghost-pool: spec.authorizedObjects[0].objectName: User \"ghost\" "
      "neither exists nor is declared in the manifests\n"
      "error: DesktopPool/ghost-pool: spec.desktopNamePolicy: DesktopNamePolicy "
      "\"no_such_policy\" neither exists nor is declared in the manifests\n"
      "Plan: nothing to run now; 4 error(s); 2 in sync.\n");
}

}  // namespace
}  // namespace deskops::reconcilers::pool_test

namespace deskops::reconcilers::pool_test {
namespace {

// ouName and tags are write-only: 4.4.1 and 4.4.3 take them and no read returns them. deskops
// compares the manifest with the fingerprint of what it last applied: an update when they differ
// (or nothing was recorded), none when they match; the record is stored once the update succeeds.
TEST(DesktopPoolReconcilerTest, WriteOnlyFieldsAreComparedWithWhatDeskopsApplied) {
  const std::string ou = AppliedKey("spec.ouName"), tags = AppliedKey("spec.tags");
  const std::string ou_print = Fingerprint("Support"), tags_print = Fingerprint("{team=support}");
  struct Case {
    std::string name, annotations;
    std::map<std::string, std::string> recorded;
    std::string plan, body;  // the 4.4.3 body ("" : no call)
  };
  const std::vector<Case> cases = {
      {"never applied by deskops: both sent",
       "",
       {},
       "DesktopPool\n"
       "  ~ write-pool                          update\n"
       "      spec.ouName: (not applied by deskops) -> Support  (write-only: drift is not "
       "detectable)\n"
       "      spec.tags: (not applied by deskops) -> {team=support}  (write-only: drift is not "
       "detectable)\n"
       "Plan: 1 update; 0 in sync.\n",
       R"({"ou_name":"Support","tags":[{"key":"team","value":"support"}]})"},
      {"what deskops applied: in sync",
       "",
       {{ou, ou_print}, {tags, tags_print}},
       "Plan: no changes; 1 in sync.\n",
       ""},
      {"the manifest changed one: only it is sent",
       "",
       {{ou, Fingerprint("OU=Sales")}, {tags, tags_print}},
       "DesktopPool\n"
       "  ~ write-pool                          update\n"
       "      spec.ouName: (last applied differs) -> Support  (write-only: drift is not "
       "detectable)\n"
       "Plan: 1 update; 0 in sync.\n",
       R"({"ou_name":"Support"})"},
      {"an ignored one is neither compared nor sent",
       "deskops.io/ignore-changes: spec.tags",
       {{ou, Fingerprint("OU=Sales")}},
       "DesktopPool\n"
       "  ~ write-pool                          update\n"
       "      spec.ouName: (last applied differs) -> Support  (write-only: drift is not "
       "detectable)\n"
       "Plan: 1 update; 0 in sync.\n",
       R"({"ou_name":"Support"})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(Doc("write-pool", Base() + "  size: 2\n  ouName: Support\n  tags: {team: support}\n",
                  c.annotations));
    f.index.Put({"OU", "Support", "ou-1", {}});
    f.Observe({{LivePool("write-pool", "pool-1"), std::nullopt, std::nullopt}});
    f.Own("write-pool", "pool-1");
    f.inventory.Record("DesktopPool", "write-pool", c.recorded);
    Plan plan = f.Diff();
    EXPECT_EQ(RenderText(plan), c.plan);
    for (const Action& a : plan.actions) {
      for (const FieldChange& change : a.changes) EXPECT_TRUE(change.write_only) << change.path;
    }
    f.api.api->On("PUT", "/v2/p1/desktop-pools/pool-1", 204, "");
    ApplyReport report = f.Apply(plan);
    EXPECT_TRUE(report.ok()) << report.Summary();
    EXPECT_EQ(f.Sent("PUT", "/v2/p1/desktop-pools/pool-1"),
              c.body.empty() ? std::vector<std::string>{} : std::vector<std::string>{c.body});
    auto owned = f.inventory.Find("DesktopPool", "write-pool");
    EXPECT_EQ(owned->Record(ou), ou_print) << "recorded once applied";
    if (c.annotations.empty()) {
      EXPECT_EQ(owned->Record(tags), tags_print);
    }
    Plan again = f.Diff();
    EXPECT_TRUE(again.actions.empty()) << "applied: nothing left\n" << RenderText(again);
  }
}

TEST(DesktopPoolReconcilerTest, AFailedWriteOnlyUpdateRecordsNothing) {
  Fixture f(Doc("write-pool", Base() + "  size: 2\n  ouName: Support\n"));
  f.index.Put({"OU", "Support", "ou-1", {}});
  f.Observe({{LivePool("write-pool", "pool-1"), std::nullopt, std::nullopt}});
  f.Own("write-pool", "pool-1");
  f.api.api->On("PUT", "/v2/p1/desktop-pools/pool-1", 400,
                R"({"error_code":"WKS.0001","error_msg":"no such OU"})");
  Plan plan = f.Diff();
  EXPECT_FALSE(f.Apply(plan).ok());
  EXPECT_EQ(f.inventory.Find("DesktopPool", "write-pool")->Record(AppliedKey("spec.ouName")), "");
  EXPECT_EQ(f.Diff().actions.size(), 1u) << "tried again next run";
}

// A pool's resize or rebuild stops or rebuilds its desktops: it waits while a user works on one
// of them (the desktops' login_status, sessions.h), naming them; the safe changes go on.
TEST(DesktopPoolReconcilerTest, ConnectedUsersHoldThePoolsDisruptiveChanges) {
  Fixture f(Doc("a-pool", Base("workspace.c3.xlarge", "img-1") + "  size: 2\n"));
  auto d1 = Member("d-1", "ACTIVE");
  d1.computer_name = "a-pool-001";
  d1.user_name = "alice";
  d1.login_status = "CONNECTED";
  auto d2 = Member("d-2", "ACTIVE");
  d2.login_status = "REGISTERED";
  f.Observe({{LivePool("a-pool", "pool-1"), std::nullopt,
              std::vector<cloud::desktops::Desktop>{d1, d2}}});
  f.Own("a-pool", "pool-1");
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
  EXPECT_EQ(plan.actions[0].verb, Verb::kResize);
  EXPECT_EQ(plan.actions[0].held_by, Gate::kUserConnected);
  EXPECT_EQ(plan.actions[0].held_reason, "alice is connected (a-pool-001)");
  d1.login_status = "REGISTERED";
  f.Observe({{LivePool("a-pool", "pool-1"), std::nullopt,
              std::vector<cloud::desktops::Desktop>{d1, d2}}});
  plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_FALSE(plan.actions[0].held()) << RenderText(plan);
}

}  // namespace
}  // namespace deskops::reconcilers::pool_test
