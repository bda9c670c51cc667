// Golden tests of the PolicyGroup reconciler: manifests and observed groups in, plan text out;
// requests sent to a fake API checked to the byte; export loaded back and planned again.
#include "reconcilers/policy_group/policy_group_reconciler.h"

#include <gtest/gtest.h>

#include "../kind_fixture.h"

namespace deskops::reconcilers {
namespace {

namespace groups = cloud::policy_groups;
using Fixture = testing::KindFixture<policy_group::Reconciler>;

groups::PolicyGroup Group(std::string name, std::string id, std::optional<std::int64_t> priority,
                          std::string description = "") {
  groups::PolicyGroup g;
  g.name = std::move(name);
  g.id = std::move(id);
  g.priority = priority;
  g.description = std::move(description);
  return g;
}

std::string Doc(const std::string& name, const std::string& spec,
                const std::string& annotations = "") {
  return testing::Manifest("PolicyGroup", name, spec, annotations);
}

const std::string kContractors = Doc("contractors", R"(  priority: 1
  description: Contractor restrictions
  targets:
    - {targetType: USERGROUP, targetName: contractors}
    - {targetType: INSTANCE, targetName: eng-bob-01}
    - {targetType: CLIENTIP, targetName: 10.0.0.8}
  policies:
    peripherals:
      usbPortRedirection:
        usbEnable: true
        options: {usbStorageEnable: false}
      usbDeviceCommon: {pcscSmartCardEnable: Enable}
    watermark:
      watermarkEnable: true
      options: {fontSize: 30, opacitySetting: "20"}
)");

// What the tenant has for kContractors: a stale description, usbEnable off and a smaller font,
// the rest equal (the smart-card leaf under a request-table alias, the opacity as a number), and
// the targets differing by two additions and one removal.
groups::PolicyGroup LiveContractors() {
  groups::PolicyGroup g = Group("contractors", "pg-1", 1, "Old text");
  g.targets = {{"g-1", "contractors", "USERGROUP"}, {"u-9", "old-user", "USER"}};
  g.policies = {{"peripherals.usb_port_redirection.usb_enable", false},
                {"peripherals.usb_port_redirection.options.usb_storage_enable", false},
                {"peripherals.usb_device_common.pcsc_smartcard_enable", std::string("Enable")},
                {"watermark.watermark_enable", true},
                {"watermark.options.font_size", std::int64_t{24}},
                {"watermark.options.opacity_setting", std::int64_t{20}},
                {"display.options.frame_rate", std::int64_t{18}}};
  return g;
}

void IndexReferences(LiveIndex& index) {
  index.Put({"UserGroup", "contractors", "g-1", {}});
  index.Put({"Desktop", "eng-bob-01", "d-1", {{"sid", "S-1-5-21-7"}}});
  index.Put({"User", "alice", "u-1", {{"sid", "S-1-5-21-1"}}});
  index.Put({"DesktopPool", "support-pool", "pool-1", {}});
}

TEST(PolicyGroupReconcilerTest, CreateUpdateAdoptAndDeletion) {
  Fixture f(kContractors + Doc("engineers", "  priority: 2\n") +
            Doc("kiosk",
                "  priority: 3\n  targets: [{targetType: ALL}]\n"
                "  policies: {client: {sessionPersistenceTime: 30}}\n"));
  IndexReferences(f.index);
  f.Observe({LiveContractors(), Group("engineers", "pg-2", 2), Group("retired", "pg-3", 9),
             Group("someone_elses", "pg-4", 5)});
  f.Own("contractors", "pg-1");
  f.Own("retired", "pg-3");
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan),
            "PolicyGroup\n"
            "  ~ contractors                         update\n"
            "      spec.description: \"Old text\" -> \"Contractor restrictions\"\n"
            "  ~ contractors                         update\n"
            "      spec.policies.peripherals.usbPortRedirection.usbEnable: false -> true\n"
            "      spec.policies.watermark.options.fontSize: 24 -> 30\n"
            "  ~ contractors                         targets\n"
            "      spec.targets: (unset) -> INSTANCE \"eng-bob-01\"\n"
            "      spec.targets: (unset) -> CLIENTIP \"10.0.0.8\"\n"
            "      spec.targets: USER \"old-user\" -> (unset)\n"
            "  = engineers                           adopt\n"
            "  + kiosk                               create\n"
            "      spec.priority: 3\n"
            "      spec.targets[0].targetType: ALL\n"
            "      spec.policies.client.sessionPersistenceTime: 30\n"
            "  - retired                             delete [disruptive]  (its policies stop "
            "applying to 0 target(s))\n"
            "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
            // Changed with the kind contract: engineers, whose only action is its adoption, is in
            // sync.
            "Plan: 1 create, 2 update, 1 adopt, 1 targets; 1 held; 1 in sync.\n")
      << "someone_elses is neither desired nor owned: untouched";
  for (const auto& a : plan.actions) {
    if (a.name == "contractors") {
      EXPECT_EQ(a.batch_key, "PolicyGroup/contractors");
    }
  }
}

TEST(PolicyGroupReconcilerTest, InSyncMakesNoActions) {
  Fixture f(kContractors);
  groups::PolicyGroup live = LiveContractors();
  live.description = "Contractor restrictions";
  live.targets = {{"g-1", "contractors", "USERGROUP"},
                  {"S-1-5-21-7", "ENG-BOB-01", "INSTANCE"},  // desktop names: any case
                  {"10.0.0.8", "10.0.0.8", "CLIENTIP"}};
  live.policies[0].value = true;
  live.policies[4].value = std::int64_t{30};
  // Changed with the kind contract: the engine checks every reference of the manifest, applied
  // or not, so the targets must exist (as they do when the engine observes what the kind needs).
  IndexReferences(f.index);
  f.Observe({live});
  f.Own("contractors", "pg-1");
  Plan plan = f.Diff();
  EXPECT_TRUE(plan.actions.empty()) << RenderText(plan);
  EXPECT_EQ(plan.in_sync, 1u);
}

// Observed leaves come back under other spellings and types than the manifest's. Each case puts
// one observed leaf in the place (slot) of one of the four the manifest sets:
// usbEnable: true, pcscSmartCardEnable: Enable, fontSize: 30, opacitySetting: "20".
TEST(PolicyGroupReconcilerTest, ObservedLeavesAreNormalisedBeforeComparing) {
  struct Case {
    std::string name;
    std::size_t slot;
    cloud::JsonLeaf observed;
    bool in_sync;
  };
  const std::string usb = "peripherals.usb_port_redirection.usb_enable";
  const std::string common = "peripherals.usb_device_common.";
  const std::string pcsc = common + "pcsc_smart_card_enable";
  const std::string font = "watermark.options.font_size";
  const std::string opacity = "watermark.options.opacity_setting";
  const std::string enable = "Enable";
  const std::vector<Case> cases = {
      {"canonical spellings", 1, {pcsc, enable}, true},
      {"request-table spelling", 1, {common + "pcsc_smartcard_enable", enable}, true},
      {"4.14.4 spelling", 1, {common + "pssc_smart_card_enable", enable}, true},
      {"4.14.7 response spelling of the parent",
       1,
       {"peripherals.usb_device_commom.pcsc_smart_card_enable", enable},
       true},
      {"an alias with another value",
       1,
       {common + "pcsc_smartcard_enable", std::string("Closed")},
       false},
      {"integer as a float", 2, {font, 30.0}, true},
      {"integer as text", 2, {font, std::string("30")}, true},
      {"another integer", 2, {font, std::int64_t{31}}, false},
      {"text as a number", 3, {opacity, std::int64_t{20}}, true},
      {"boolean as text", 0, {usb, std::string("true")}, true},
      {"a number is not a boolean", 0, {usb, std::int64_t{1}}, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(Doc("g", R"(  policies:
    peripherals:
      usbPortRedirection: {usbEnable: true}
      usbDeviceCommon: {pcscSmartCardEnable: Enable}
    watermark: {options: {fontSize: 30, opacitySetting: "20"}}
)"));
    groups::PolicyGroup live = Group("g", "pg-1", std::nullopt);
    live.policies = {{usb, true},
                     {pcsc, std::string("Enable")},
                     {font, std::int64_t{30}},
                     {opacity, std::string("20")}};
    live.policies[c.slot] = c.observed;
    f.Observe({live});
    f.Own("g", "pg-1");
    Plan plan = f.Diff();
    EXPECT_EQ(plan.actions.empty(), c.in_sync) << RenderText(plan);
  }
}

// A target naming an object that neither exists nor is declared is a plan error of its group
// only; OU targets resolve like the others (4.14: target_id is the OU's ID, L23165).
TEST(PolicyGroupReconcilerTest, TargetReferencesAreCheckedAndOuTargetsResolve) {
  Fixture f(Doc("ghosts", "  targets: [{targetType: USER, targetName: ghost}]\n") +
            Doc("ghost_ou", "  targets: [{targetType: OU, targetName: Nowhere}]\n") +
            Doc("ous", "  targets: [{targetType: OU, targetName: Sales}]\n") +
            Doc("applied_ou", "  targets: [{targetType: OU, targetName: Sales}]\n") +
            Doc("planned", "  targets: [{targetType: USER, targetName: bob}]\n") +
            "---\napiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: bob}\nspec: {}\n");
  f.index.Put({"OU", "Sales", "ou-1", {}});
  groups::PolicyGroup applied = Group("applied_ou", "pg-3", std::nullopt);
  applied.targets = {{"ou-1", "Sales", "OU"}};
  f.Observe({Group("ous", "pg-2", std::nullopt), applied});
  f.Own("ous", "pg-2");
  f.Own("applied_ou", "pg-3");
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 2u) << RenderText(plan);
  EXPECT_EQ(plan.actions[1].depends_on, std::vector<std::string>{"User/bob"})
      << "a declared user: its ID is resolved when executing";
  EXPECT_EQ(RenderText(plan),
            "PolicyGroup\n"
            "  ~ ous                                 targets\n"
            "      spec.targets: (unset) -> OU \"Sales\"\n"
            "  + planned                             create\n"
            "      spec.targets[0].targetType: USER\n"
            "      spec.targets[0].targetName: bob\n"
            "error: PolicyGroup/ghosts: spec.targets[0].targetName: User \"ghost\" neither exists "
            "nor is declared in the manifests\n"
            "error: PolicyGroup/ghost_ou: spec.targets[0].targetName: OU \"Nowhere\" neither "
            "exists nor is declared in the manifests\n"
            "Plan: 1 create, 1 targets; 2 error(s); 1 in sync.\n");
  f.api.api->On("PUT", "/v2/p1/policy-groups/pg-2/targets", 200, "{}");
  f.api.api->On("POST", "/v2/p1/policy-groups", 200, R"({"id":"pg-new"})");
  f.index.Put({"User", "bob", "u-2", {}});
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  const auto sent = f.Sent("PUT", "/v2/p1/policy-groups/pg-2/targets");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].find(R"("target_id":"ou-1")"), std::string::npos) << sent[0];
  EXPECT_NE(sent[0].find(R"("target_type":"OU")"), std::string::npos) << sent[0];
}

TEST(PolicyGroupReconcilerTest, DeletionIsDisruptiveAndRunsWithPrune) {
  Fixture f(Doc("kept", "  priority: 1\n"));
  groups::PolicyGroup old = Group("retired", "pg-3", 9);
  old.targets = {{"u-1", "alice", "USER"}, {"g-1", "contractors", "USERGROUP"}};
  f.Observe({Group("kept", "pg-1", 1), old});
  f.Own("kept", "pg-1");
  f.Own("retired", "pg-3");
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  EXPECT_EQ(RenderText(f.Diff()),
            "PolicyGroup\n"
            "  - retired                             delete [disruptive]  (its policies stop "
            "applying to 2 target(s))\n"
            "Plan: 1 delete; 1 disruptive; 1 in sync.\n");
}

TEST(PolicyGroupReconcilerTest, CreateInFlightIsNotRepeatedAndAdoptionCanBeRefused) {
  Fixture f(Doc("pending", "  priority: 1\n") +
            Doc("theirs", "  priority: 1\n", "deskops.io/adopt: \"false\""));
  f.Observe({Group("theirs", "pg-9", 1)});
  EXPECT_EQ(
      RenderText(f.Diff({{"pending", "i1", "", "sent before a crash"}})),
      "PolicyGroup\n"
      "  + pending                             create\n"
      "      HELD by in-flight (clears when the earlier create ends or shows up): sent before a "
      "crash\n"
      "error: PolicyGroup/theirs: a live PolicyGroup of this name exists but deskops does not own "
      "it; allow adoption (deskops.io/adopt: \"true\") to manage it\n"
      "Plan: nothing to run now; 1 held; 1 error(s); 0 in sync.\n");
}

TEST(PolicyGroupReconcilerTest, ExecuteSendsOnlyWhatDiffersWithIdsFromTheIndex) {
  Fixture f(kContractors + Doc("kiosk",
                               "  priority: 3\n  targets:\n    - {targetType: ALL}\n"
                               "    - {targetType: USER, targetName: alice}\n"
                               "    - {targetType: DESKTOPPOOL, targetName: support-pool}\n"
                               "  policies: {client: {sessionPersistenceTime: 30}}\n"));
  IndexReferences(f.index);
  f.Observe({LiveContractors(), Group("retired", "pg-3", 9)});
  f.Own("contractors", "pg-1");
  f.Own("retired", "pg-3");
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  f.api.api->On("POST", "/v2/p1/policy-groups", 201, R"({"id":"pg-new"})");
  f.api.api->On("PUT", "/v2/p1/policy-groups/pg-1", 200, R"({"id":"pg-1"})");
  f.api.api->On("PUT", "/v2/p1/policy-groups/pg-1/policies", 200, R"({"policies":{}})");
  f.api.api->On("PUT", "/v2/p1/policy-groups/pg-1/targets", 200, "");
  f.api.api->On("DELETE", "/v2/p1/policy-groups/pg-3", 204, "");
  ApplyReport report = f.Apply(f.Diff());
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(
      f.Sent("POST", "/v2/p1/policy-groups"),
      std::vector<std::string>{
          "{\"policy_group\":{\"policies\":{\"client\":{\"session_persistence_time\":30}},\"policy_"
          "group_name\":\"kiosk\",\"priority\":3,\"targets\":[{\"target_id\":\"default-apply-all-"
          "targets\",\"target_name\":\"All-Targets\",\"target_type\":\"ALL\"},{\"target_id\":\"u-"
          "1\",\"target_name\":\"alice\",\"target_type\":\"USER\"},{\"target_id\":\"pool-1\","
          "\"target_name\":\"support-pool\",\"target_type\":\"DESKTOPPOOL\"}]}}"});
  EXPECT_EQ(
      f.Sent("PUT", "/v2/p1/policy-groups/pg-1"),
      std::vector<std::string>{"{\"policy_group\":{\"description\":\"Contractor restrictions\"}}"});
  EXPECT_EQ(
      f.Sent("PUT", "/v2/p1/policy-groups/pg-1/policies"),
      std::vector<std::string>{"{\"policies\":{\"peripherals\":{\"usb_port_redirection\":{\"usb_"
                               "enable\":true}},\"watermark\":{\"options\":{\"font_size\":30}}}}"});
  EXPECT_EQ(f.Sent("PUT", "/v2/p1/policy-groups/pg-1/targets"),
            std::vector<std::string>{
                "{\"add\":[{\"target_id\":\"S-1-5-21-7\",\"target_name\":\"eng-bob-01\",\"target_"
                "type\":\"INSTANCE\"},{\"target_id\":\"10.0.0.8\",\"target_name\":\"10.0.0.8\","
                "\"target_type\":\"CLIENTIP\"}],\"delete\":[{\"target_id\":\"u-9\",\"target_name\":"
                "\"old-user\",\"target_type\":\"USER\"}]}"});
  EXPECT_EQ(f.Sent("DELETE", "/v2/p1/policy-groups/pg-3").size(), 1u);
  EXPECT_EQ(f.inventory.Find("PolicyGroup", "kiosk")->id, "pg-new");
  EXPECT_EQ(f.index.Find("PolicyGroup", "kiosk")->id, "pg-new");
  EXPECT_FALSE(f.inventory.Find("PolicyGroup", "retired"));
}

// deskops.io/ignore-changes drops changes from the plan, and Execute leaves them out of the calls.
TEST(PolicyGroupReconcilerTest, IgnoredChangesAreNotSent) {
  std::string contractors = kContractors;
  contractors.replace(contractors.find("metadata: {name: contractors}"), 29,
                      "metadata:\n  name: contractors\n  annotations:\n"
                      "    deskops.io/ignore-changes: spec.description, spec.policies.watermark, "
                      "spec.targets");
  Fixture f(contractors);  // no Desktop eng-bob-01 in the index: ignored targets are not checked
  f.Observe({LiveContractors()});
  f.Own("contractors", "pg-1");
  f.api.api->On("PUT", "/v2/p1/policy-groups/pg-1/policies", 200, R"({"policies":{}})");
  Plan plan = f.Diff();
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  ASSERT_EQ(f.api.api->requests.size(), 1u) << RenderText(plan);
  EXPECT_EQ(f.api.api->requests[0].body,
            "{\"policies\":{\"peripherals\":{\"usb_port_redirection\":{\"usb_enable\":true}}}}");
}

TEST(PolicyGroupReconcilerTest, ExportLoadsBackAndPlansNothing) {
  Fixture f(kContractors);
  groups::PolicyGroup contractors = LiveContractors();
  groups::PolicyGroup all = Group("everyone", "pg-2", 4, "For all");
  all.targets = {{"default-apply-all-targets", "All-Targets", "ALL"}};
  all.policies = {{"watermark.options.show_style", std::string("SIDEWAYS")},  // not in the enum
                  {"no_such_section.flag", true}};
  f.Observe({contractors, all});
  const std::string exported =
      f.kind.Export(*f.observed, ExportContext{f.inventory, f.index, false});
  EXPECT_EQ(
      exported,
      "---\n"
      "apiVersion: deskops.io/v1alpha1\n"
      "kind: PolicyGroup\n"
      "metadata:\n"
      "  name: contractors\n"
      "spec:\n"
      "  priority: 1\n"
      "  description: Old text\n"
      "  targets:\n"
      "    - targetType: USERGROUP\n"
      "      targetName: contractors\n"
      "    - targetType: USER\n"
      "      targetName: old-user\n"
      "  policies:\n"
      "    peripherals:\n"
      "      usbPortRedirection:\n"
      "        usbEnable: false\n"
      "        options:\n"
      "          usbStorageEnable: false\n"
      "      usbDeviceCommon:\n"
      "        pcscSmartCardEnable: Enable\n"
      "    watermark:\n"
      "      watermarkEnable: true\n"
      "      options:\n"
      "        fontSize: 24\n"
      "        opacitySetting: \"20\"\n"
      "    display:\n"
      "      options:\n"
      "        frameRate: 18\n"
      "---\n"
      "apiVersion: deskops.io/v1alpha1\n"
      "kind: PolicyGroup\n"
      "metadata:\n"
      "  name: everyone\n"
      "  annotations:\n"
      "    export.deskops.io/left-out: 2 policy value(s) the manifest schema does not accept\n"
      "spec:\n"
      "  priority: 4\n"
      "  description: For all\n"
      "  targets:\n"
      "    - targetType: ALL\n");
  Fixture g(exported);
  // Changed with the kind contract: every exported target is a reference the engine checks; in a
  // real export the objects the live targets name are in the index.
  IndexReferences(g.index);
  g.index.Put({"User", "old-user", "u-9", {}});
  g.Observe({contractors, all});
  g.ExpectNothingToDo();
}

}  // namespace
}  // namespace deskops::reconcilers
