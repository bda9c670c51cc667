// Golden tests of the TerminalBinding kind: the switches and the bindings by MAC planned as text,
// the exact requests, the records of what deskops added, prune of owned bindings only (removing
// one binding touches exactly that binding), adoption, and the export round trip.
#include "reconcilers/terminal_binding/terminal_binding_reconciler.h"

#include <gtest/gtest.h>

#include "../kind_test_util.h"

namespace deskops::reconcilers {
namespace {

using Fixture = testing::KindFixture<terminal_binding::Reconciler>;
using nlohmann::json;
using terminal_binding::BindingKey;
using terminal_binding::Tenant;
namespace api = cloud::terminals;

constexpr char kMac1[] = "3C-52-82-1A-4F-01";
constexpr char kMac2[] = "3C-52-82-1A-4F-02";
constexpr char kMac3[] = "AA-BB-CC-DD-EE-FF";

std::string Manifest(const std::string& spec, const std::string& annotations = "") {
  return testing::Doc("TerminalBinding", "default", spec, annotations);
}

Tenant Live(std::vector<api::Binding> bindings = {}, std::string bind = "OFF") {
  return {{std::move(bind), "OFF", 1}, std::move(bindings)};
}

// The desktops the bindings name, as the Desktop kind puts them in the index.
void Desktops(Fixture& f) {
  for (const char* n : {"eng-alice-01", "eng-bob-01", "eng-carol-01"}) {
    f.index.Put({"Desktop", n, std::string("id-") + n, {}});
  }
}

void OwnBindings(Fixture& f, std::initializer_list<const char*> macs) {
  std::map<std::string, std::string> records;
  for (const char* m : macs) records[BindingKey(m)] = "added";
  f.inventory.Upsert({"TerminalBinding", "default", "", false, false, records});
}

std::string Bindings(std::initializer_list<std::pair<const char*, const char*>> items) {
  std::string out = "[";
  for (const auto& [mac, desktop] : items) {
    if (out.size() > 1) out += ", ";
    out += std::string("{mac: ") + mac + ", desktopName: " + desktop + "}";
  }
  return out + "]";
}

TEST(TerminalBindingReconcilerTest, Plans) {
  struct Case {
    std::string name;
    std::string yaml;
    Tenant live;
    std::vector<const char*> owned;
    bool prune;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"the switch, and only what the manifest sets",
       Manifest("{tcBindSwitch: \"ON\", tcAutoBindMax: 3}"),
       Live(),
       {},
       false,
       "TerminalBinding\n  ~ default                             update\n"
       "      spec.tcBindSwitch: \"OFF\" -> \"ON\"\n      spec.tcAutoBindMax: 1 -> 3\n"
       "Plan: 1 update; 0 in sync.\n"},
      {"in sync: the switch compares without case",
       Manifest("{tcBindSwitch: \"ON\"}"),
       Live({}, "on"),
       {},
       false,
       "Plan: no changes; 1 in sync.\n"},
      {"a binding is added, keyed by its MAC",
       Manifest("{bindings: [{mac: 3c-52-82-1a-4f-01, desktopName: eng-alice-01, description: "
                "desk 4.12}]}"),
       Live(),
       {},
       false,
       "TerminalBinding\n  ~ default                             update\n"
       "      spec.bindings[3C-52-82-1A-4F-01]: (unset) -> desktop \"eng-alice-01\"\n"
       "      spec.bindings[3C-52-82-1A-4F-01].description: (unset) -> \"desk 4.12\"\n"
       "Plan: 1 update; 0 in sync.\n"},
      {"a binding deskops added moves to another desktop in place",
       Manifest("{bindings: " + Bindings({{kMac1, "eng-bob-01"}}) + "}"),
       Live({{"b1", kMac1, "eng-alice-01", "desk"}}),
       {kMac1},
       false,
       "TerminalBinding\n  ~ default                             update\n"
       "      spec.bindings[3C-52-82-1A-4F-01].desktopName: \"eng-alice-01\" -> \"eng-bob-01\"\n"
       "Plan: 1 update; 0 in sync.\n"},
      {"an unmanaged description is left alone; desktop names compare without case",
       Manifest("{bindings: " + Bindings({{kMac1, "ENG-ALICE-01"}}) + "}"),
       Live({{"b1", kMac1, "eng-alice-01", "set in the console"}}),
       {kMac1},
       false,
       "Plan: no changes; 1 in sync.\n"},
      {"a declared binding made in the console is adopted",
       Manifest("{bindings: " + Bindings({{kMac1, "eng-alice-01"}}) + "}"),
       Live({{"b1", kMac1, "eng-alice-01", ""}}),
       {},
       false,
       "TerminalBinding\n  = default                             adopt\n"
       "      spec.bindings[3C-52-82-1A-4F-01]: (not deskops') -> adopted: desktop "
       "\"eng-alice-01\"\nPlan: 1 adopt; 1 in sync.\n"},
      {"adoption refused by the annotation",
       Manifest("{bindings: " + Bindings({{kMac1, "eng-alice-01"}}) + "}",
                "{deskops.io/adopt: \"false\"}"),
       Live({{"b1", kMac1, "eng-alice-01", ""}}),
       {},
       false,
       "error: TerminalBinding/default: spec.bindings[3C-52-82-1A-4F-01]: a live binding of this "
       "MAC (to desktop \"eng-alice-01\") exists but deskops did not add it; allow adoption "
       "(deskops.io/adopt: \"true\") to manage it\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"a binding deskops added that left the list waits for --prune; console bindings stay",
       Manifest("{bindings: " + Bindings({{kMac1, "eng-alice-01"}}) + "}"),
       Live({{"b1", kMac1, "eng-alice-01", ""},
             {"b2", kMac2, "eng-bob-01", ""},
             {"b3", kMac3, "eng-carol-01", ""}}),
       {kMac1, kMac2},
       false,
       "TerminalBinding\n  - default                             delete [destructive]\n"
       "      spec.bindings[3C-52-82-1A-4F-02]: desktop \"eng-bob-01\" -> (unset)\n"
       "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
       "Plan: no changes; 1 held; 0 in sync.\n"},
      {"... and with --prune it is deleted",
       Manifest("{bindings: []}"),
       Live({{"b2", kMac2, "eng-bob-01", ""}, {"b3", kMac3, "eng-carol-01", ""}}),
       {kMac2},
       true,
       "TerminalBinding\n  - default                             delete [destructive]\n"
       "      spec.bindings[3C-52-82-1A-4F-02]: desktop \"eng-bob-01\" -> (unset)\n"
       "Plan: 1 delete; 1 destructive; 0 in sync.\n"},
      {"bindings left out of the manifest are not managed at all",
       Manifest("{tcBindSwitch: \"OFF\"}"),
       Live({{"b2", kMac2, "eng-bob-01", ""}}),
       {kMac2},
       true,
       "Plan: no changes; 1 in sync.\n"},
      {"two live bindings of one MAC cannot be told apart",
       Manifest("{bindings: " + Bindings({{kMac1, "eng-alice-01"}}) + "}"),
       Live({{"b1", kMac1, "eng-alice-01", ""}, {"b9", "3c-52-82-1a-4f-01", "eng-bob-01", ""}}),
       {kMac1},
       false,
       "error: TerminalBinding/default: spec.bindings[3C-52-82-1A-4F-01]: 2 live bindings have "
       "this MAC address; deskops cannot tell which one to manage (delete the extra ones in the "
       "console)\nPlan: nothing to run now; 1 error(s); 0 in sync.\n"},
      {"a desktop that neither exists nor is declared",
       Manifest("{bindings: " + Bindings({{kMac1, "eng-nobody"}}) + "}"),
       Live(),
       {},
       false,
       "error: TerminalBinding/default: spec.bindings[3C-52-82-1A-4F-01].desktopName: Desktop "
       "\"eng-nobody\" neither exists nor is declared in the manifests\n"
       "Plan: nothing to run now; 1 error(s); 0 in sync.\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fixture f(c.yaml);
    Desktops(f);
    f.Observe({c.live});
    if (!c.owned.empty()) {
      std::map<std::string, std::string> records;
      for (const char* m : c.owned) records[BindingKey(m)] = "added";
      f.inventory.Upsert({"TerminalBinding", "default", "", false, false, records});
    }
    f.options.prune = c.prune;
    f.options.max_deletion_percent = -1;
    EXPECT_EQ(RenderText(f.Diff()), c.want);
  }
}

TEST(TerminalBindingReconcilerTest, ExecuteSendsWhatTheReferenceAsksAndRecordsWhatItAdded) {
  Fixture f(
      Manifest("{tcAutoBindSwitch: \"ON\", bindings: [{mac: 3c-52-82-1a-4f-01, "
               "desktopName: ENG-ALICE-01, description: desk 4.12}, {mac: " +
               std::string(kMac2) + ", desktopName: eng-bob-01}]}"));
  Desktops(f);
  f.Observe({Live({{"b2", kMac2, "eng-alice-01", "old"}}, "ON")});
  OwnBindings(f, {kMac2});
  Plan plan = f.Diff();
  f.api.api->On("POST", "/v2/p1/terminals/binding-desktops/config", 200, "");
  f.api.api->On("POST", "/v2/p1/terminals/binding-desktops", 200, "");
  f.api.api->On("PUT", "/v2/p1/terminals/binding-desktops", 200, "");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  // 4.15.2 needs tc_bind_switch (L32899): the live one, since the manifest leaves it alone.
  EXPECT_EQ(f.Sent("POST", "/v2/p1/terminals/binding-desktops/config"),
            (std::vector<std::string>{R"({"tc_auto_bind_switch":"ON","tc_bind_switch":"ON"})"}));
  // 4.15.5: the whole binding (L33238-33241), the description kept since it is unmanaged.
  EXPECT_EQ(
      f.Sent("PUT", "/v2/p1/terminals/binding-desktops"),
      (std::vector<std::string>{
          R"({"description":"old","desktop_name":"eng-bob-01","id":"b2","mac":"3C-52-82-1A-4F-02"})"}));
  // 4.15.4: one binding per call, the MAC as the reference writes it (L33064), the desktop as
  // the tenant spells it (the index's name; computer names compare without case).
  EXPECT_EQ(
      f.Sent("POST", "/v2/p1/terminals/binding-desktops"),
      (std::vector<std::string>{
          R"({"bind_list":[{"description":"desk 4.12","desktop_name":"eng-alice-01","line":0,"mac":"3C-52-82-1A-4F-01"}]})"}));
  auto owned = f.inventory.Find("TerminalBinding", "default");
  ASSERT_TRUE(owned) << "the singleton is owned once it holds something deskops added";
  EXPECT_EQ(owned->Record(BindingKey(kMac1)), "added");
  EXPECT_EQ(owned->Record(BindingKey(kMac2)), "added");
}

TEST(TerminalBindingReconcilerTest, RemovingOneBindingDeletesExactlyThatBinding) {
  // Three bindings deskops added; the middle one leaves the manifest. Whatever the list order,
  // exactly its ID is deleted, and the object and the other records stay.
  Fixture f(
      Manifest("{bindings: " + Bindings({{kMac3, "eng-carol-01"}, {kMac1, "eng-alice-01"}}) + "}"));
  Desktops(f);
  f.Observe({Live({{"b1", kMac1, "eng-alice-01", ""},
                   {"b2", kMac2, "eng-bob-01", ""},
                   {"b3", kMac3, "eng-carol-01", ""}})});
  OwnBindings(f, {kMac1, kMac2, kMac3});
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  Plan plan = f.Diff();
  f.api.api->On("POST", "/v2/p1/terminals/binding-desktops/batch-delete", 200,
                R"({"result_list":[{"id":"b2","delete_result_code":"WKS.00000000",)"
                R"("delete_result_msg":"success"}]})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Calls(),
            (std::vector<std::string>{
                R"(POST /v2/p1/terminals/binding-desktops/batch-delete {"id_list":["b2"]})"}));
  auto owned = f.inventory.Find("TerminalBinding", "default");
  ASSERT_TRUE(owned) << "deleting a binding does not delete the singleton";
  EXPECT_EQ(owned->Record(BindingKey(kMac2)), "") << "forgotten";
  EXPECT_EQ(owned->Record(BindingKey(kMac1)), "added");
  EXPECT_EQ(owned->Record(BindingKey(kMac3)), "added");
  EXPECT_TRUE(f.index.Find("TerminalBinding", "default")) << "still in the index";
}

TEST(TerminalBindingReconcilerTest, WithoutTheManifestTheBindingsDeskopsAddedArePruned) {
  // No TerminalBinding declared any more: the bindings deskops added go under the prune rules,
  // the console's stay, the switch is not reset; once nothing is left the object is not owned.
  // Another kind's manifest: the set is not empty, it just declares no TerminalBinding.
  Fixture f(testing::Doc("User", "alice", "{userEmail: alice@example.com}"));
  f.Observe({Live({{"b1", kMac1, "eng-alice-01", ""}, {"b3", kMac3, "eng-carol-01", ""}}, "ON")});
  OwnBindings(f, {kMac1, kMac2});  // kMac2's binding is already gone
  EXPECT_EQ(RenderText(f.Diff()),
            "TerminalBinding\n  - default                             delete [destructive]\n"
            "      spec.bindings[3C-52-82-1A-4F-01]: desktop \"eng-alice-01\" -> (unset)\n"
            "      HELD by prune-disabled (clears with --prune): it left the manifests\n"
            "Plan: no changes; 1 held; 0 in sync.\n");
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  Plan plan = f.Diff();
  f.api.api->On("POST", "/v2/p1/terminals/binding-desktops/batch-delete", 200,
                R"({"result_list":[{"id":"b1","delete_result_code":"WKS.00000000"}]})");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Calls(),
            (std::vector<std::string>{
                R"(POST /v2/p1/terminals/binding-desktops/batch-delete {"id_list":["b1"]})"}));
  EXPECT_FALSE(f.inventory.Find("TerminalBinding", "default"))
      << "nothing of it is deskops' any more (the gone binding's record went with the delete)";
}

TEST(TerminalBindingReconcilerTest, WithoutTheManifestABindingGoneOutOfBandIsForgotten) {
  // Its record must go, else a console binding later made with that MAC would be pruned as
  // deskops'.
  Fixture f(testing::Doc("User", "alice", "{userEmail: alice@example.com}"));
  f.Observe({Live({{"b3", kMac3, "eng-carol-01", ""}}, "ON")});
  OwnBindings(f, {kMac2});
  Plan plan = f.Diff();
  EXPECT_EQ(RenderText(plan), "Plan: no changes; 0 in sync.\n");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_TRUE(f.Calls().empty());
  ASSERT_TRUE(f.inventory.Find("TerminalBinding", "default"));
  EXPECT_EQ(f.inventory.Find("TerminalBinding", "default")->Record(BindingKey(kMac2)), "");
}

TEST(TerminalBindingReconcilerTest, BindingDeletionsCountAgainstTheDeletionBudget) {
  Fixture f(Manifest("{bindings: []}"));
  Desktops(f);
  f.Observe({Live({{"b1", kMac1, "eng-alice-01", ""}, {"b2", kMac2, "eng-bob-01", ""}})});
  OwnBindings(f, {kMac1, kMac2});
  f.options.prune = true;
  f.options.max_deletions = 1;
  f.options.max_deletion_percent = -1;
  Plan plan = f.Diff();
  ASSERT_EQ(plan.actions.size(), 2u);
  for (const Action& a : plan.actions) {
    EXPECT_EQ(a.held_by, Gate::kDeletionBudget) << RenderText(plan);
  }
}

TEST(TerminalBindingReconcilerTest, AFailedDeleteResultIsAnError) {
  Fixture f(Manifest("{bindings: []}"));
  f.Observe({Live({{"b1", kMac1, "eng-alice-01", ""}})});
  OwnBindings(f, {kMac1});
  f.options.prune = true;
  f.options.max_deletion_percent = -1;
  Plan plan = f.Diff();
  f.api.api->On("POST", "/v2/p1/terminals/binding-desktops/batch-delete", 200,
                R"({"result_list":[{"id":"b1","delete_result_code":"WKS.0002",)"
                R"("delete_result_msg":"internal"}]})");
  ApplyReport report = f.Apply(plan);
  ASSERT_EQ(report.Failed(), 1u) << report.Summary();
  EXPECT_EQ(f.inventory.Find("TerminalBinding", "default")->Record(BindingKey(kMac1)), "added")
      << "still deskops': retried next run";
}

TEST(TerminalBindingReconcilerTest, AdoptionIsRecordedWithoutACall) {
  Fixture f(Manifest("{bindings: " + Bindings({{kMac1, "eng-alice-01"}}) + "}"));
  Desktops(f);
  f.Observe({Live({{"b1", kMac1, "eng-alice-01", ""}})});
  ApplyReport report = f.Apply(f.Diff());
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_TRUE(f.api.api->requests.empty());
  EXPECT_EQ(f.inventory.Find("TerminalBinding", "default")->Record(BindingKey(kMac1)), "adopted");
  f.ExpectInSync(1);
}

TEST(TerminalBindingReconcilerTest, IgnoredChangesAreNotSent) {
  Fixture f(Manifest("{tcBindSwitch: \"ON\", tcAutoBindMax: 4}",
                     "{deskops.io/ignore-changes: spec.tcBindSwitch}"));
  f.Observe({Live()});
  Plan plan = f.Diff();
  f.api.api->On("POST", "/v2/p1/terminals/binding-desktops/config", 200, "");
  ApplyReport report = f.Apply(plan);
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(f.Sent("POST", "/v2/p1/terminals/binding-desktops/config"),
            (std::vector<std::string>{R"({"tc_auto_bind_max":4,"tc_bind_switch":"OFF"})"}));
}

TEST(TerminalBindingReconcilerTest, ListReadsEveryPageByTotalNum) {
  Fixture f(Manifest("{}"));
  f.api.api->On("GET", "/v2/p1/terminals/binding-desktops/config", 200,
                R"({"tc_bind_switch":"on"})");  // the example's one field (L32853), lower case
  f.api.api->On("GET", "/v2/p1/terminals/binding-desktops", [](const cloud::HttpRequest& r) {
    std::string offset;
    for (const auto& [k, v] : r.query)
      if (k == "offset") offset = v;
    json page = {{"total_num", 101}, {"bind_list", json::array()}};
    const int from = std::stoi(offset);
    for (int i = from; i < std::min(101, from + 100); ++i) {
      char mac[18];
      std::snprintf(mac, sizeof mac, "AA-BB-CC-DD-%02X-%02X", i / 256, i % 256);
      page["bind_list"].push_back(
          {{"id", "b" + std::to_string(i)}, {"mac", mac}, {"desktop_name", "d"}});
    }
    return cloud::HttpResponse{200, {}, page.dump()};
  });
  ASSERT_TRUE(f.ObserveLive(Purpose::kGet).ok());
  GetListing get = f.kind.Present(*f.observed);
  EXPECT_EQ(get.rows, (std::vector<std::vector<std::string>>{{"default", "ON", "", "", "101"}}));
  std::vector<std::string> pages;
  for (const auto& r : f.api.api->requests) {
    if (r.path == "/v2/p1/terminals/binding-desktops") {
      pages.push_back(f.api.api->Query(r, "offset") + "/" + f.api.api->Query(r, "limit"));
    }
  }
  EXPECT_EQ(pages, (std::vector<std::string>{"0/100", "100/100"}));
}

TEST(TerminalBindingReconcilerTest, ExportLoadsBackWithoutChanges) {
  terminal_binding::Reconciler kind;
  const Tenant live = Live(
      {{"b1", kMac1, "eng-alice-01", "alice's thin client"}, {"b3", kMac3, "eng-carol-01", ""}},
      "ON");
  auto observed = kind.ObservedOf({live});
  Inventory inventory;
  LiveIndex index;
  const std::string yaml = kind.Export(*observed, ExportContext{inventory, index, false});
  EXPECT_EQ(
      yaml,
      "---\napiVersion: deskops.io/v1alpha1\nkind: TerminalBinding\nmetadata:\n  name: "
      "default\nspec:\n  tcBindSwitch: \"ON\"\n  tcAutoBindSwitch: \"OFF\"\n  tcAutoBindMax: 1\n"
      "  bindings:\n    - mac: 3C-52-82-1A-4F-01\n      desktopName: eng-alice-01\n"
      "      description: \"alice's thin client\"\n    - mac: AA-BB-CC-DD-EE-FF\n"
      "      desktopName: eng-carol-01\n");
  Fixture f(yaml);
  Desktops(f);
  f.Observe({live});
  Plan plan = f.Diff();
  EXPECT_FALSE(plan.HasChanges()) << RenderText(plan);
  EXPECT_TRUE(plan.errors.empty()) << RenderText(plan);
}

TEST(TerminalBindingReconcilerTest, ExportOwnedListsOnlyTheBindingsDeskopsAddedOrAdopted) {
  terminal_binding::Reconciler kind;
  auto observed = kind.ObservedOf(
      {Live({{"b1", kMac1, "eng-alice-01", ""}, {"b3", kMac3, "eng-carol-01", ""}}, "ON")});
  Inventory inventory;
  inventory.Upsert(
      {"TerminalBinding", "default", "", false, false, {{BindingKey(kMac1), "added"}}});
  LiveIndex index;
  const std::string yaml = kind.Export(*observed, ExportContext{inventory, index, true});
  EXPECT_NE(yaml.find(kMac1), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find(kMac3), std::string::npos) << yaml;
}

}  // namespace
}  // namespace deskops::reconcilers
