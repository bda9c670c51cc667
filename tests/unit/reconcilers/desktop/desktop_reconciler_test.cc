// Golden tests of the Desktop diff and of the calls its actions make.
#include "reconcilers/desktop/desktop_reconciler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../kind_fixture.h"

namespace deskops::reconcilers {
namespace {

namespace api = cloud::desktops;
using nlohmann::json;

std::string DesktopDoc(const std::string& name, const std::string& extra = "",
                       const std::string& annotations = "") {
  return "---\napiVersion: deskops.io/v1alpha1\nkind: Desktop\nmetadata:\n  name: " + name + "\n" +
         (annotations.empty() ? "" : "  annotations: {" + annotations + "}\n") +
         "spec:\n  productId: p.large\n  imageType: gold\n  imageId: img-1\n"
         "  availabilityZone: az1\n  rootVolume: {type: SAS, size: 80}\n"
         "  nics: [{subnetId: subnet-1}]\n" +
         extra;
}

const char* kUser =
    "---\napiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: alice}\nspec: {}\n";

api::Desktop Live(const std::string& name, const std::string& id, std::string status = "ACTIVE") {
  api::Desktop d;
  d.computer_name = name;
  d.id = id;
  d.status = std::move(status);
  d.product_id = "p.large";
  d.image_id = "img-1";
  d.availability_zone = "az1";
  d.root_volume = {"SAS", 80, "root-" + id, "", "/dev/vda"};
  d.subnet_id = "subnet-1";
  d.tags = {{"deskops-owner", "deskops"}};
  d.sid = "S-" + id;
  return d;
}

struct Fixture : testing::KindFixture<desktop::Reconciler> {
  using KindFixture::KindFixture;
  // The desktops, as Observe would return them, owned by deskops unless `owned` is false.
  void ObserveDesktops(std::vector<api::Desktop> live, bool owned = true) {
    if (owned) {
      for (const auto& d : live) Own(d.computer_name, d.id);
    }
    Observe(std::move(live));
  }
  // The kind's Execute of these actions, as the executor would call it for one batch.
  std::vector<ActionResult> Execute(const std::vector<const Action*>& batch) {
    ExecContext ctx{*api.client, inventory, *ledger, index, api.clock, log, options};
    return kind.Execute(ctx, batch);
  }
};

TEST(DesktopReconcilerTest, CreatesBatchByConfiguration) {
  Fixture f(std::string(kUser) + DesktopDoc("d1", "  userName: alice\n") +
            DesktopDoc("d2", "  userName: alice\n") + DesktopDoc("d3", "  userName: bob\n") +
            DesktopDoc("big", "  userName: alice\n").replace(0, 0, "") + DesktopDoc("spare"));
  // `big` differs only in its product, so it cannot share a request with d1-d3.
  f.Load(std::string(kUser) + DesktopDoc("d1", "  userName: alice\n") +
         DesktopDoc("d2", "  userName: alice\n") + DesktopDoc("d3", "  userName: alice\n") +
         std::string(DesktopDoc("big", "  userName: alice\n"))
             .replace(DesktopDoc("big").find("p.large"), 7, "p.xlarg") +
         DesktopDoc("spare"));
  f.index.Put({"User", "alice", "u1", {}});
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 5u) << RenderText(plan);
  std::map<std::string, std::string> keys;
  for (const auto& a : plan.actions) {
    EXPECT_EQ(a.verb, Verb::kCreate);
    keys[a.name] = a.batch_key;
  }
  EXPECT_EQ(keys["d1"], keys["d2"]);
  EXPECT_EQ(keys["d1"], keys["d3"]);
  EXPECT_NE(keys["d1"], keys["big"]);
  EXPECT_NE(keys["spare"], keys["d1"]) << "an unassigned desktop is created on its own";
  EXPECT_EQ(plan.actions[0].depends_on, std::vector<std::string>{"User/alice"});
}

TEST(DesktopReconcilerTest, InSyncAndAdoption) {
  Fixture f(DesktopDoc("d1", "  powerState: running\n  tags: {team: eng}\n"));
  api::Desktop d = Live("d1", "id1");
  d.tags.push_back({"team", "eng"});
  f.ObserveDesktops({d});
  f.ExpectInSync(1);

  Fixture unowned(DesktopDoc("d1", "  tags: {team: eng}\n"));
  unowned.ObserveDesktops({d}, /*owned=*/false);
  EXPECT_EQ(RenderText(unowned.Diff()),
            "Desktop\n"
            "  = d1                                  adopt\n"
            "Plan: 1 adopt; 1 in sync.\n")
      << "adopting changes what deskops owns, not the desktop: it is in sync";
  Fixture refused(DesktopDoc("d1", "", "deskops.io/adopt: \"false\""));
  refused.ObserveDesktops({d}, /*owned=*/false);
  Plan p = refused.Diff();
  EXPECT_TRUE(p.actions.empty());
  ASSERT_EQ(p.errors.size(), 1u);

  Fixture ignoring(
      DesktopDoc("d1", "  powerState: stopped\n", "deskops.io/ignore-changes: spec.powerState"));
  ignoring.ObserveDesktops({d}, /*owned=*/false);
  EXPECT_EQ(RenderText(ignoring.Diff()),
            "Desktop\n"
            "  = d1                                  adopt\n"
            "Plan: 1 adopt; 1 in sync.\n")
      << "adopted, and its only change ignored: in sync";
}

// A disruptive change waits while the desktop's user works on it: connected, or disconnected for
// less than the grace (counted from when deskops first saw it); safe changes go on; an opt-in
// (annotation or flag) lets it through. The plan names the user.
TEST(DesktopReconcilerTest, AConnectedUserHoldsDisruption) {
  struct Case {
    std::string name, extra, annotations, login_status;
    bool disrupt_connected = false;
    std::chrono::minutes later{0};  // between a first and a second plan
    std::string want_held = {};     // in the second plan: "" when nothing is held
  };
  const Case cases[] = {
      {"connected: the resize waits", "", "", "CONNECTED", false, std::chrono::minutes(0),
       "HELD by user-connected (clears when the session ends (disconnected for "
       "--disconnected-grace), or with deskops.io/disrupt-connected: \"true\" or "
       "--disrupt-connected): alice is connected"},
      {"connected, and an hour later still", "", "", "CONNECTED", false, std::chrono::minutes(60),
       "alice is connected"},
      {"disconnected moments ago", "", "", "DISCONNECTED", false, std::chrono::minutes(5),
       "alice disconnected 5 min ago (a disconnected session counts as ended after 30 min)"},
      {"disconnected for longer than the grace", "", "", "DISCONNECTED", false,
       std::chrono::minutes(31), ""},
      {"registered: nobody is there", "", "", "REGISTERED"},
      {"the annotation lets it through", "", "deskops.io/disrupt-connected: \"true\"", "CONNECTED"},
      {"so does --disrupt-connected", "", "", "CONNECTED", true},
      {"a safe change is not held", "  powerState: running\n", "", "CONNECTED"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(std::string(kUser) +
              DesktopDoc("d1", "  userName: alice\n" + c.extra, c.annotations));
    f.options.disrupt_connected = c.disrupt_connected;
    api::Desktop d = Live("d1", "id-1");
    d.user_name = "alice";
    d.login_status = c.login_status;
    if (c.extra.empty()) {
      d.product_id = "p.small";  // a resize: disruptive
    } else {
      d.status = "SHUTOFF";  // a start: safe
    }
    f.index.Put({"User", "alice", "u-1", {}});
    f.ObserveDesktops({d});
    (void)f.Diff();  // the first sight of the session
    f.clock.Advance(c.later);
    Plan plan = f.Diff();
    ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
    if (c.want_held.empty()) {
      EXPECT_FALSE(plan.actions[0].held()) << RenderText(plan);
    } else {
      EXPECT_EQ(plan.actions[0].held_by, Gate::kUserConnected);
      EXPECT_THAT(RenderText(plan), ::testing::HasSubstr(c.want_held));
      EXPECT_TRUE(plan.HasChanges()) << "a held change to a declared desktop is a change";
    }
  }
}

TEST(DesktopReconcilerTest, ChangesGatesAndSequencing) {
  struct Case {
    std::string name, extra, annotations;
    std::function<void(api::Desktop&)> live;
    std::string want;
  };
  const Case cases[] = {
      {"stop is disruptive and batched by operation", "  powerState: stopped\n", "",
       [](api::Desktop&) {},
       "Desktop\n"
       "  ~ d1                                  power [disruptive]  (its user is disconnected)\n"
       "      spec.powerState: running -> stopped\n"
       "Plan: 1 power; 1 disruptive; 0 in sync.\n"},
      {"start is safe", "  powerState: running\n", "",
       [](api::Desktop& d) { d.status = "SHUTOFF"; },
       "Desktop\n"
       "  ~ d1                                  power\n"
       "      spec.powerState: stopped -> running\n"
       "Plan: 1 power; 0 in sync.\n"},
      {"resize first, power waits", "  powerState: stopped\n", "",
       [](api::Desktop& d) { d.product_id = "p.small"; },
       "Desktop\n"
       "  ~ d1                                  resize [disruptive]  (stops the desktop first)\n"
       "      spec.productId: \"p.small\" -> \"p.large\"\n"
       "  ~ d1                                  power [disruptive]  (its user is disconnected)\n"
       "      spec.powerState: running -> stopped\n"
       "      HELD by sequenced (clears in a later round, after the steps before it): a desktop "
       "runs one task at a time; this follows the one before\n"
       "Plan: 1 resize; 1 disruptive; 1 held; 0 in sync.\n"},
      {"rebuild needs an opt-in", "", "", [](api::Desktop& d) { d.image_id = "img-0"; },
       "Desktop\n"
       "  ~ d1                                  rebuild [destructive]  (rebuilds the system disk: "
       "data on C: is lost)\n"
       "      spec.imageId: \"img-0\" -> \"img-1\"\n"
       "      spec.imageType: (not read back) -> \"gold\"  (write-only: drift is not "
       "detectable)\n"
       "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
       "--allow-destructive): it loses data\n"
       "Plan: nothing to run now; 1 held; 0 in sync.\n"},
      {"rebuild allowed by annotation", "", "deskops.io/allow-destroy: \"true\"",
       [](api::Desktop& d) { d.image_id = "img-0"; },
       "Desktop\n"
       "  ~ d1                                  rebuild [destructive]  (rebuilds the system disk: "
       "data on C: is lost)\n"
       "      spec.imageId: \"img-0\" -> \"img-1\"\n"
       "      spec.imageType: (not read back) -> \"gold\"  (write-only: drift is not "
       "detectable)\n"
       "Plan: 1 rebuild; 1 destructive; 0 in sync.\n"},
      {"busy desktops wait", "  powerState: stopped\n", "",
       [](api::Desktop& d) { d.task_status = "rebooting"; },
       "Desktop\n"
       "  ~ d1                                  power [disruptive]  (its user is disconnected)\n"
       "      spec.powerState: running -> stopped\n"
       "      HELD by busy (clears when the object's task ends): the desktop is busy (rebooting); "
       "tried again next round\n"
       "Plan: nothing to run now; 1 held; 0 in sync.\n"},
      {"a desktop being built gets its power state after", "  powerState: stopped\n", "",
       [](api::Desktop& d) {
         d.status = "BUILD";
         d.task_status = "spawning";
       },
       "Desktop\n"
       "  ~ d1                                  power [disruptive]  (its user is disconnected)\n"
       "      spec.powerState: build -> stopped\n"
       "      HELD by busy (clears when the object's task ends): the desktop is busy (spawning); "
       "tried again next round\n"
       "Plan: nothing to run now; 1 held; 0 in sync.\n"},
      {"tags: set, change, remove; ownership kept", "  tags: {team: eng, cost: cc2}\n", "",
       [](api::Desktop& d) {
         d.tags = {{"team", "ops"}, {"old", "x"}};
       },
       "Desktop\n"
       "  ~ d1                                  tag\n"
       "      spec.tags.cost: (unset) -> \"cc2\"\n"
       "      spec.tags.deskops-owner: (unset) -> \"deskops\"\n"
       "      spec.tags.team: \"ops\" -> \"eng\"\n"
       "  ~ d1                                  tag\n"
       "      spec.tags.old: \"x\" -> (unset)\n"
       "Plan: 2 tag; 0 in sync.\n"},
      // Changed with the kind contract: data disks are named.
      {"new data disk", "  dataVolumes: [{name: data1, type: SAS, size: 100}]\n", "",
       [](api::Desktop&) {},
       "Desktop\n"
       "  ~ d1                                  disks\n"
       "      spec.dataVolumes[data1]: (unset) -> SAS 100 GB\n"
       "Plan: 1 disks; 0 in sync.\n"},
      {"removing a data disk is destructive", "", "",
       [](api::Desktop& d) {
         d.data_volumes = {{"SAS", 100, "v1", "", "/dev/vdb"}};
       },
       ""},
      {"disks do not shrink", "", "", [](api::Desktop& d) { d.root_volume.size = 100; }, ""},
      {"the AZ cannot change", "", "", [](api::Desktop& d) { d.availability_zone = "az2"; }, ""},
      {"no power state from FROZEN without a task", "  powerState: running\n", "",
       [](api::Desktop& d) { d.status = "FROZEN"; }, ""},
      {"assigning a free desktop", "  userName: alice\n", "", [](api::Desktop&) {},
       "Desktop\n"
       "  ~ d1                                  attach [disruptive]\n"
       "      spec.userName: (unset) -> \"alice\"\n"
       "Plan: 1 attach; 1 disruptive; 0 in sync.\n"},
      {"re-assignment clears data", "  userName: alice\n", "",
       [](api::Desktop& d) { d.user_name = "bob"; },
       "Desktop\n"
       "  ~ d1                                  attach [destructive]  (the previous user's data "
       "on the desktop is cleared)\n"
       "      spec.userName: \"bob\" -> \"alice\"\n"
       "      HELD by destructive (clears with deskops.io/allow-destroy: \"true\" or "
       "--allow-destructive): it loses data\n"
       "Plan: nothing to run now; 1 held; 0 in sync.\n"},
      {"ignore-changes drops a field", "  powerState: stopped\n",
       "deskops.io/ignore-changes: spec.powerState", [](api::Desktop&) {},
       "Plan: no changes; 1 in sync.\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(std::string(kUser) + DesktopDoc("d1", c.extra, c.annotations));
    f.index.Put({"User", "alice", "u1", {}});
    api::Desktop d = Live("d1", "id1");
    c.live(d);
    f.ObserveDesktops({d});
    Plan plan = f.Diff();
    if (c.want.empty()) {
      // Data-losing removal and impossible changes.
      if (c.name == "removing a data disk is destructive") {
        ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
        EXPECT_EQ(plan.actions[0].disruption, Disruption::kDestructive);
        EXPECT_EQ(plan.actions[0].held_by, Gate::kDestructive);
      } else {
        EXPECT_EQ(plan.errors.size(), 1u) << RenderText(plan);
      }
      continue;
    }
    EXPECT_EQ(RenderText(plan), c.want);
  }
}

TEST(DesktopReconcilerTest, DeletionOfOwnedDesktopsIsHeldWithoutPrune) {
  Fixture f(DesktopDoc("keep"));
  f.Own("keep", "k");
  f.Own("gone", "g");
  f.Observe({Live("keep", "k"), Live("gone", "g"), Live("notmine", "n")});
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
  EXPECT_EQ(plan.actions[0].name, "gone");
  EXPECT_EQ(plan.actions[0].held_by, Gate::kPruneDisabled);
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  Plan pruned = f.Diff();
  EXPECT_FALSE(pruned.actions[0].held());
  EXPECT_EQ(pruned.actions[0].batch_key, "desktops.batch_delete");

  api::Desktop deleting = Live("gone", "g");
  deleting.task_status = "deleting";  // an earlier run's delete, still going
  f.Observe({Live("keep", "k"), deleting});
  Plan busy = f.Diff();
  ASSERT_EQ(busy.actions.size(), 1u) << RenderText(busy);
  EXPECT_EQ(busy.actions[0].held_by, Gate::kBusy);
  EXPECT_EQ(busy.Waiting(), 1u) << "apply waits for it to end";
  f.options.prune = false;
  EXPECT_EQ(f.Diff().actions[0].held_by, Gate::kPruneDisabled) << "the reason it stays comes first";
}

TEST(DesktopReconcilerTest, ExecuteCreatesFiftyPerRequest) {
  std::string yaml = kUser;
  for (int i = 0; i < 120; ++i) yaml += DesktopDoc("d" + std::to_string(i), "  userName: alice\n");
  Fixture f(yaml);
  std::vector<json> bodies;
  f.api.api->On("POST", "/v2/p1/desktops", [&](const cloud::HttpRequest& r) {
    bodies.push_back(json::parse(r.body));
    return cloud::HttpResponse{
        200, {}, R"({"job_id":"job-)" + std::to_string(bodies.size()) + R"("})"};
  });
  f.index.Put({"User", "alice", "u1", {}});
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 120u);
  std::vector<const Action*> batch;
  for (const auto& a : plan.actions) batch.push_back(&a);
  auto results = f.Execute(batch);
  ASSERT_EQ(results.size(), 120u);
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[0]["desktops"].size(), 50u);
  EXPECT_EQ(bodies[2]["desktops"].size(), 20u);
  EXPECT_EQ(bodies[0]["desktops"][0]["computer_name"], "d0");
  EXPECT_EQ(bodies[0]["desktops"][0]["user_name"], "alice");
  EXPECT_EQ(bodies[0]["tags"], json::parse(R"([{"key":"deskops-owner","value":"deskops"}])"));
  EXPECT_EQ(results[0].job_id, "job-1");
  EXPECT_EQ(results[119].job_id, "job-3");
  EXPECT_EQ(f.ledger->Unfinished().size(), 3u) << "one open intent per request until the jobs end";

  // Through the executor: owned as soon as a request is accepted, before its job ends (here
  // deskops stops while the jobs run, and the next run follows them).
  Fixture g(yaml);
  g.api.api->On("POST", "/v2/p1/desktops", 200, R"({"job_id":"job-1"})");
  g.api.api->On("GET", "/v2/p1/workspace-jobs/job-1", [&](const cloud::HttpRequest&) {
    g.stop = true;
    return cloud::HttpResponse{200, {}, R"({"status":"RUNNING"})"};
  });
  g.index.Put({"User", "alice", "u1", {}});
  ApplyReport report = g.Apply(g.Diff());
  EXPECT_EQ(report.Skipped(), 120u) << report.Summary();
  EXPECT_TRUE(g.inventory.Find("Desktop", "d119")) << "owned as soon as the request is accepted";
  EXPECT_EQ(g.inventory.size(), 120u);
}

TEST(DesktopReconcilerTest, ExecutePowerTreatsAlreadyThereAsDone) {
  Fixture f(DesktopDoc("d1", "  powerState: stopped\n") +
            DesktopDoc("d2", "  powerState: stopped\n") +
            DesktopDoc("d3", "  powerState: stopped\n"));
  f.api.api->On("POST", "/v2/p1/desktops/action", 200,
                R"({"job_id":"j","failed_operation_list":[)"
                R"({"desktop_id":"id1","error_code":"WKS.00010108","error_msg":"not running"},)"
                R"({"desktop_id":"id2","error_code":"WKS.0016","error_msg":"maintenance"}]})");
  f.ObserveDesktops({Live("d1", "id1"), Live("d2", "id2"), Live("d3", "id3")});
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 3u);
  std::vector<const Action*> batch;
  for (const auto& a : plan.actions) batch.push_back(&a);
  auto results = f.Execute(batch);
  ASSERT_EQ(f.api.api->requests.size(), 1u) << "one call for all three";
  EXPECT_EQ(
      json::parse(f.api.api->requests[0].body),
      json::parse(R"({"desktop_ids":["id1","id2","id3"],"op_type":"os-stop","type":"SOFT"})"));
  EXPECT_TRUE(results[0].status.ok());
  EXPECT_FALSE(results[1].status.ok());
  EXPECT_THAT(std::string(results[1].status.message()), ::testing::HasSubstr("WKS.0016"));
  EXPECT_EQ(results[2].job_id, "j");
}

TEST(DesktopReconcilerTest, FailedCreateLeftInErrorIsCreatedAgain) {
  Fixture f(DesktopDoc("d1", "", "deskops.io/allow-destroy: \"false\"") + DesktopDoc("d2"));
  f.ObserveDesktops({Live("d1", "id1", "ERROR"), Live("d2", "id2", "ERROR")});
  f.inventory.MarkCreateFailed("Desktop", "d1", true);
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
  const Action& a = plan.actions[0];
  EXPECT_EQ(a.name, "d1");
  EXPECT_EQ(a.verb, Verb::kReplace);
  EXPECT_EQ(a.disruption, Disruption::kSafe) << "a failed create holds nothing";
  EXPECT_FALSE(a.held()) << RenderText(plan);
  EXPECT_EQ(a.calls, (std::vector<const cloud::Operation*>{&cloud::ops::kBatchDeleteDesktops,
                                                           &cloud::ops::kCreateDesktops}));
  ASSERT_EQ(plan.errors.size(), 1u) << "an ERROR desktop with a history stays for a person";
  EXPECT_EQ(plan.errors[0].name, "d2");

  f.api.api->On("POST", "/v2/p1/desktops/batch-delete", 202, R"({"job_id":"del-1"})");
  f.api.api->On("GET", "/v2/p1/workspace-jobs/del-1", 200, R"({"status":"SUCCESS"})");
  f.api.api->On("POST", "/v2/p1/desktops", 200, R"({"job_id":"new-1"})");
  f.api.api->On("GET", "/v2/p1/workspace-jobs/new-1", 200, R"({"status":"SUCCESS"})");
  f.api.api->On("GET", "/v2/p1/desktops/detail", 200,
                R"({"total_count":1,"desktops":[{"desktop_id":"id9","computer_name":"d1",)"
                R"("status":"ACTIVE"}]})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  std::vector<std::string> calls;
  for (const auto& r : f.api.api->requests) calls.push_back(r.method + " " + r.path);
  EXPECT_EQ(calls, (std::vector<std::string>{
                       "POST /v2/p1/desktops/batch-delete", "GET /v2/p1/workspace-jobs/del-1",
                       "POST /v2/p1/desktops", "GET /v2/p1/workspace-jobs/new-1",
                       "GET /v2/p1/desktops/detail"}))
      << "the engine follows the new create, then looks its ID up";
  EXPECT_EQ(json::parse(f.api.api->requests[0].body)["desktop_ids"], json::parse(R"(["id1"])"));
  EXPECT_EQ(json::parse(f.api.api->requests[2].body)["desktop_name"], "d1");
  ASSERT_TRUE(f.inventory.Find("Desktop", "d1"));
  EXPECT_FALSE(f.inventory.Find("Desktop", "d1")->create_failed);
  EXPECT_EQ(f.inventory.Find("Desktop", "d1")->id, "id9");
}

TEST(DesktopReconcilerTest, ExportLeavesPoolDesktopsToTheirPool) {
  api::Desktop pooled = Live("sup001", "p1");
  pooled.desktop_type = "POOLED";
  desktop::Reconciler exporter;
  std::string yaml = exporter.Export(*exporter.ObservedOf({Live("d1", "id1"), pooled}),
                                     ExportContext{Inventory(), LiveIndex(), false});
  EXPECT_THAT(yaml, ::testing::HasSubstr("name: d1"));
  EXPECT_THAT(yaml, ::testing::Not(::testing::HasSubstr("sup001")));
}

TEST(DesktopReconcilerTest, ExportThenPlanIsInSync) {
  api::Desktop d = Live("d1", "id1", "SHUTOFF");
  d.data_volumes = {{"SSD", 100, "v1", "", "/dev/vdb"}};
  d.user_name = "alice";
  d.user_group = "users";
  d.tags.push_back({"team", "eng"});
  d.security_groups = {{"sg-1", "default"}};
  desktop::Reconciler exporter;
  const std::string exported =
      exporter.Export(*exporter.ObservedOf({d}), ExportContext{Inventory(), LiveIndex(), false});
  // Changed with the kind contract: a data disk deskops has not named is named after its device.
  EXPECT_THAT(exported, ::testing::HasSubstr("- name: vdb\n"));
  std::string yaml = std::string(kUser) + exported;
  Fixture f(yaml);
  f.index.Put({"User", "alice", "u1", {}});
  f.ObserveDesktops({d});
  Plan plan = f.Diff();
  EXPECT_TRUE(plan.actions.empty()) << yaml << RenderText(plan);
}

// selfBackupManagement is write-only (4.3.3 takes it, no read returns it): deskops compares the
// manifest with the fingerprint of what it last applied.
TEST(DesktopReconcilerTest, SelfBackupManagementIsWriteOnly) {
  const std::string key = AppliedKey("spec.selfBackupManagement");
  struct Case {
    std::string name, extra;
    std::string recorded;  // "" : nothing recorded
    std::string plan, body;
  };
  const std::vector<Case> cases = {
      {"never applied by deskops", "  selfBackupManagement: true\n", "",
       "Desktop\n"
       "  ~ d1                                  update\n"
       "      spec.selfBackupManagement: (not applied by deskops) -> true  (write-only: drift is "
       "not detectable)\n"
       "Plan: 1 update; 0 in sync.\n",
       R"({"desktop":{"self_backup_management":"1"}})"},
      {"what deskops applied", "  selfBackupManagement: true\n", Fingerprint("true"),
       "Plan: no changes; 1 in sync.\n", ""},
      {"the manifest changed", "  selfBackupManagement: false\n", Fingerprint("true"),
       "Desktop\n"
       "  ~ d1                                  update\n"
       "      spec.selfBackupManagement: (last applied differs) -> false  (write-only: drift is "
       "not detectable)\n"
       "Plan: 1 update; 0 in sync.\n",
       R"({"desktop":{"self_backup_management":"0"}})"},
      {"not managed", "", Fingerprint("true"), "Plan: no changes; 1 in sync.\n", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(DesktopDoc("d1", c.extra));
    f.ObserveDesktops({Live("d1", "id1")});
    if (!c.recorded.empty()) f.inventory.Record("Desktop", "d1", {{key, c.recorded}});
    Plan plan = f.Diff();
    EXPECT_EQ(RenderText(plan), c.plan);
    for (const Action& a : plan.actions) {
      ASSERT_EQ(a.changes.size(), 1u);
      EXPECT_TRUE(a.changes[0].write_only);
    }
    f.api.api->On("PUT", "/v2/p1/desktops/id1", 200, "{}");
    ApplyReport report = f.Apply(plan);
    EXPECT_TRUE(report.ok()) << report.Summary();
    EXPECT_EQ(f.Sent("PUT", "/v2/p1/desktops/id1"),
              c.body.empty() ? std::vector<std::string>{} : std::vector<std::string>{c.body});
    if (!c.extra.empty()) {
      EXPECT_EQ(f.inventory.Find("Desktop", "d1")->Record(key),
                Fingerprint(c.extra.find("true") != std::string::npos ? "true" : "false"))
          << "recorded once applied";
      EXPECT_TRUE(f.Diff().actions.empty()) << "applied: nothing left";
    }
  }
}

TEST(DesktopReconcilerTest, AFailedWriteOnlyUpdateRecordsNothing) {
  Fixture f(DesktopDoc("d1", "  selfBackupManagement: true\n"));
  f.ObserveDesktops({Live("d1", "id1")});
  f.api.api->On("PUT", "/v2/p1/desktops/id1", 409,
                R"({"error_code":"WKS.0016","error_msg":"maintenance"})");
  EXPECT_FALSE(f.Apply(f.Diff()).ok());
  EXPECT_EQ(f.inventory.Find("Desktop", "d1")->Record(AppliedKey("spec.selfBackupManagement")), "");
  EXPECT_EQ(f.Diff().actions.size(), 1u) << "tried again next run";
}

// Data disks are named; the inventory maps each name to its volume, paired once from the tenant
// (identical disks first, then by device). Removing the first of two disks of different sizes
// deletes exactly that disk's volume, even when the manifest grows the other one in the same
// change: position would pair the grown disk with the first volume, and delete the wrong one.
TEST(DesktopReconcilerTest, RemovingADataDiskDeletesExactlyItsVolume) {
  api::Desktop d = Live("d1", "id1");
  d.data_volumes = {{"SAS", 50, "v1", "", "/dev/vdb"}, {"SAS", 100, "v2", "", "/dev/vdc"}};
  Fixture f(DesktopDoc("d1",
                       "  dataVolumes: [{name: data1, type: SAS, size: 50}, "
                       "{name: data2, type: SAS, size: 100}]\n"));
  f.ObserveDesktops({d});
  Plan adopted = f.Diff();
  EXPECT_TRUE(adopted.actions.empty()) << RenderText(adopted);
  EXPECT_TRUE(f.Apply(adopted).ok());
  EXPECT_EQ(f.inventory.Find("Desktop", "d1")->records,
            (std::map<std::string, std::string>{{"disk:data1", "v1"}, {"disk:data2", "v2"}}))
      << "the pairing is recorded when the plan is applied";

  // data1 leaves the manifest and data2 grows: one job at a time on a desktop.
  f.Load(DesktopDoc("d1", "  dataVolumes: [{name: data2, type: SAS, size: 150}]\n",
                    "deskops.io/allow-destroy: \"true\""));
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "Desktop\n"
            "  ~ d1                                  disks\n"
            "      spec.dataVolumes[data2].size: SAS 100 GB (/dev/vdc, id v2) -> 150 GB\n"
            "  ~ d1                                  disks [destructive]  (the data on the "
            "removed disks is lost)\n"
            "      spec.dataVolumes[data1]: SAS 50 GB (/dev/vdb, id v1) -> (unset)\n"
            "      HELD by sequenced (clears in a later round, after the steps before it): a "
            "desktop runs one task at a time; this follows the one "
            "before\n"
            "Plan: 1 disks; 1 held; 0 in sync.\n");
  f.api.api->On("POST", "/v2/p1/volumes/expand", 200, R"({"job_id":"j1"})");
  f.api.api->On("POST", "/v2/p1/desktops/id1/volumes/batch-delete", 200, R"({"job_id":"j1"})");
  f.api.api->On("GET", "/v2/p1/workspace-jobs/j1", 200, R"({"status":"SUCCESS"})");
  EXPECT_TRUE(f.Apply(plan).ok());
  EXPECT_EQ(f.Sent("POST", "/v2/p1/volumes/expand"),
            std::vector<std::string>{R"({"desktop_volumes_expansion":[{"desktop_id":"id1",)"
                                     R"("new_size":150,"volume_id":"v2"}]})"});

  d.data_volumes[1].size = 150;  // the next round
  f.Observe({d});
  plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 1u) << RenderText(plan);
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Sent("POST", "/v2/p1/desktops/id1/volumes/batch-delete"),
            std::vector<std::string>{R"({"volume_ids":["v1"]})"});
  EXPECT_EQ(f.inventory.Find("Desktop", "d1")->records,
            (std::map<std::string, std::string>{{"disk:data2", "v2"}}))
      << "the removed disk's name is forgotten once it is gone";
}

// An unowned desktop adopted in the same plan keeps the disk pairing too.
TEST(DesktopReconcilerTest, AnAdoptedDesktopRecordsItsDisks) {
  api::Desktop d = Live("d1", "id1");
  d.data_volumes = {{"SAS", 50, "v1", "", "/dev/vdb"}};
  Fixture f(DesktopDoc("d1", "  dataVolumes: [{name: data1, type: SAS, size: 50}]\n"));
  f.ObserveDesktops({d}, /*owned=*/false);
  EXPECT_TRUE(f.Apply(f.Diff()).ok());
  ASSERT_TRUE(f.inventory.Find("Desktop", "d1"));
  EXPECT_EQ(f.inventory.Find("Desktop", "d1")->Record("disk:data1"), "v1");
}

// A desktop that changes hands is unassigned first, and assigned once that job has ended (the
// engine's one job waiter): a failed unassign stops there, and a stop while waiting leaves the
// job to the next run without assigning.
TEST(DesktopReconcilerTest, ReassignmentWaitsForTheUnassign) {
  struct Case {
    std::string name;
    std::string detach_job;  // "" : RUNNING until deskops stops
    std::vector<std::string> want_calls;
    bool ok, skipped;
  };
  const std::string detach = "POST /v2/p1/desktops/detach", poll = "GET /v2/p1/workspace-jobs/det";
  const std::string attach = "POST /v2/p1/desktops/attach",
                    attach_poll = "GET /v2/p1/workspace-jobs/att";
  const std::vector<Case> cases = {
      {"unassigned, then assigned",
       R"({"status":"SUCCESS"})",
       {detach, poll, attach, attach_poll},
       true,
       false},
      {"a failed unassign assigns nothing",
       R"({"status":"FAILED","fail_reason":"busy"})",
       {detach, poll},
       false,
       false},
      {"a stop while waiting assigns nothing", "", {detach, poll}, false, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(std::string(kUser) +
              DesktopDoc("d1", "  userName: alice\n", "deskops.io/allow-destroy: \"true\""));
    f.index.Put({"User", "alice", "u1", {}});
    api::Desktop d = Live("d1", "id1");
    d.user_name = "bob";
    f.ObserveDesktops({d});
    f.api.api->On("POST", "/v2/p1/desktops/detach", 200, R"({"job_id":"det"})");
    if (c.detach_job.empty()) {
      f.api.api->On("GET", "/v2/p1/workspace-jobs/det", [&](const cloud::HttpRequest&) {
        f.stop = true;
        return cloud::HttpResponse{200, {}, R"({"status":"RUNNING"})"};
      });
    } else {
      f.api.api->On("GET", "/v2/p1/workspace-jobs/det", 200, c.detach_job);
    }
    f.api.api->On("POST", "/v2/p1/desktops/attach", 200, R"({"job_id":"att"})");
    f.api.api->On("GET", "/v2/p1/workspace-jobs/att", 200, R"({"status":"SUCCESS"})");
    Plan plan = f.Diff();
    ASSERT_EQ(plan.Runnable(), 1u) << RenderText(plan);
    ApplyReport report = f.Apply(plan);
    std::vector<std::string> calls;
    for (const auto& r : f.api.api->requests) calls.push_back(r.method + " " + r.path);
    EXPECT_EQ(calls, c.want_calls);
    EXPECT_EQ(report.ok(), c.ok) << report.Summary();
    EXPECT_EQ(report.Skipped(), c.skipped ? 1u : 0u) << report.Summary();
    if (c.ok) {
      EXPECT_EQ(f.Sent("POST", "/v2/p1/desktops/attach"),
                std::vector<std::string>{R"({"desktops":[{"computer_name":"d1","desktop_id":"id1",)"
                                         R"("is_clear_data":true,"user_name":"alice"}]})"});
    }
    if (c.skipped) {
      EXPECT_EQ(f.ledger->Unfinished().size(), 1u) << "the unassign is left to the next run";
    }
  }
}

}  // namespace
}  // namespace deskops::reconcilers
