// The seam for resource families (resource.h): a family plugged in through SimulatorOptions is
// routed, keeps its state in State's typed slot, is reset, saved and restored with the tenant, and
// offers its control API object kinds; the registered families do not collide with the core.
#include <gtest/gtest.h>

#include <set>

#include "simulator/persistence.h"
#include "simulator/resource.h"
#include "test_util.h"

namespace deskops::simulator {
namespace {

using testing::Call;
using testing::Control;

// A family of "widgets": a name list seeded with "seeded".
struct Widget {
  std::string id;
  std::string name;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Widget, id, name)

class WidgetStore final : public StateExtension {
 public:
  void Reset(const Catalog&) override {
    widgets.Clear();
    widgets.Add({"w0", "seeded"});
  }
  nlohmann::json Snapshot() const override {
    nlohmann::json out = nlohmann::json::array();
    for (const Widget* w : widgets.All()) out.push_back(*w);
    return out;
  }
  void Restore(const nlohmann::json& part) override {
    widgets.Clear();
    for (const auto& w : part) widgets.Add(w.get<Widget>());
  }
  OrderedStore<Widget> widgets;
};

core::StatusOr<Response> ListWidgets(Context& ctx) {
  nlohmann::json names = nlohmann::json::array();
  for (const Widget* w : ctx.state.Ext<WidgetStore>().widgets.All()) names.push_back(w->name);
  return JsonResponse(200, {{"widgets", names}});
}

core::StatusOr<Response> CreateWidget(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json body, ReadBody(ctx));
  ctx.state.Ext<WidgetStore>().widgets.Add({ctx.state.NewHexId(), body.value("name", "")});
  return EmptyResponse(201);
}

class WidgetResource final : public Resource {
 public:
  std::string_view name() const override { return "widgets"; }
  std::span<const Operation> operations() const override {
    static const Operation kOps[] = {
        {"GET", "/v2/{project_id}/widgets", "widgets.list", ListWidgets},
        {"POST", "/v2/{project_id}/widgets", "widgets.create", CreateWidget},
    };
    return kOps;
  }
  std::unique_ptr<StateExtension> NewState() const override {
    return std::make_unique<WidgetStore>();
  }
  std::vector<ObjectKind> object_kinds() const override {
    return {StoreKind<Widget>(
        "widgets", [](State& s) -> OrderedStore<Widget>& { return s.Ext<WidgetStore>().widgets; })};
  }
};

const WidgetResource kWidgets;
const Resource* const kFamilies[] = {&kWidgets};

SimulatorOptions WidgetOptions() {
  SimulatorOptions options = testing::TestOptions();
  options.resources = kFamilies;
  return options;
}

nlohmann::json Names(Simulator& sim) { return Call(sim, "GET", "/widgets").body["widgets"]; }

TEST(ResourceSeamTest, FamilyIsRoutedAndCounted) {
  core::FakeClock clock;
  Simulator sim(WidgetOptions(), clock);
  EXPECT_EQ(Names(sim), nlohmann::json({"seeded"}));
  EXPECT_EQ(Call(sim, "POST", "/widgets", {{"name", "w1"}}).status, 201);
  EXPECT_EQ(Names(sim), nlohmann::json({"seeded", "w1"}));
  // Core operations are still served next to the family's.
  EXPECT_EQ(Call(sim, "GET", "/users").status, 200);
  EXPECT_EQ(Call(sim, "DELETE", "/widgets").status, 405);
  auto stats = Control(sim, "GET", "stats");
  EXPECT_EQ(stats.body["by_operation"].value("widgets.list", 0), 2);
  EXPECT_EQ(stats.body["by_operation"].value("widgets.create", 0), 1);
  // Fault rules name the family's operations like any other.
  Control(sim, "PUT", "faults",
          {{"rules", {{{"operation", "widgets.*"}, {"kind", "http_503"}, {"count", 1}}}}});
  EXPECT_EQ(Call(sim, "GET", "/widgets").status, 503);
  EXPECT_EQ(Call(sim, "GET", "/widgets").status, 200);
}

TEST(ResourceSeamTest, ResetSnapshotAndRestoreCoverTheFamily) {
  core::FakeClock clock;
  Simulator sim(WidgetOptions(), clock);
  Call(sim, "POST", "/widgets", {{"name", "kept"}});
  nlohmann::json snapshot = sim.TakeSnapshot();
  ASSERT_TRUE(snapshot.contains("widgets")) << snapshot.dump();
  EXPECT_EQ(snapshot["widgets"].size(), 2u);

  EXPECT_EQ(Control(sim, "POST", "reset").status, 204);
  EXPECT_EQ(Names(sim), nlohmann::json({"seeded"}));

  struct Case {
    std::string name;
    nlohmann::json snapshot;
    nlohmann::json want;
  };
  nlohmann::json without = snapshot;
  without.erase("widgets");
  const Case cases[] = {
      {"the family's part is restored", snapshot, {"seeded", "kept"}},
      {"a snapshot from before the family keeps the seeded content", without, {"seeded"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Simulator fresh(WidgetOptions(), clock);
    Call(fresh, "POST", "/widgets", {{"name", "gone"}});
    ASSERT_TRUE(fresh.LoadSnapshot(c.snapshot).ok());
    EXPECT_EQ(Names(fresh), c.want);
  }
  nlohmann::json broken = snapshot;
  broken["widgets"] = {{{"id", 7}}};
  Simulator fresh(WidgetOptions(), clock);
  EXPECT_FALSE(fresh.LoadSnapshot(broken).ok());
  EXPECT_EQ(Names(fresh), nlohmann::json({"seeded"})) << "a failed restore leaves a reset state";
}

TEST(ResourceSeamTest, ControlApiOffersTheFamilysKinds) {
  core::FakeClock clock;
  Simulator sim(WidgetOptions(), clock);
  struct Case {
    std::string name, method, path;
    nlohmann::json body;
    int status;
    nlohmann::json want;
  };
  const Case cases[] = {
      {"create",
       "POST",
       "objects/widgets",
       {{"id", "w9"}, {"name", "drift"}},
       201,
       {"seeded", "drift"}},
      {"patch", "PATCH", "objects/widgets/w9", {{"name", "drifted"}}, 200, {"seeded", "drifted"}},
      {"delete", "DELETE", "objects/widgets/w0", nullptr, 204, {"drifted"}},
      {"bulk",
       "POST",
       "bulk/widgets",
       {{"objects", {{{"name", "a"}}, {{"name", "b"}}}}},
       200,
       {"drifted", "a", "b"}},
      {"unknown id", "PATCH", "objects/widgets/nope", {{"name", "x"}}, 404, {"drifted", "a", "b"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Control(sim, c.method, c.path, c.body).status, c.status);
    EXPECT_EQ(Names(sim), c.want);
  }
  auto unknown = Control(sim, "POST", "objects/gadgets", {{"name", "x"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.value("error_msg", "").find("widgets"), std::string::npos)
      << unknown.raw.body;
}

// The registered families (resources/resources.cc) next to the core: unique routes, operation IDs
// and names, and no family name that is also a key of the core snapshot.
TEST(ResourceSeamTest, RegisteredFamiliesDoNotCollide) {
  std::set<std::string> ids, routes;
  for (const Operation& op : AllOperations(Resources())) {
    SCOPED_TRACE(op.id);
    EXPECT_TRUE(ids.insert(op.id).second) << "operation ID used twice";
    EXPECT_TRUE(routes.insert(std::string(op.method) + " " + op.pattern).second)
        << "route served twice";
  }
  core::FakeClock clock;
  SimulatorOptions core_only;
  core_only.resources = {};
  nlohmann::json core_keys = Simulator(core_only, clock).TakeSnapshot();
  std::set<std::string> names;
  for (const Resource* r : Resources()) {
    SCOPED_TRACE(r->name());
    EXPECT_TRUE(names.insert(std::string(r->name())).second) << "family registered twice";
    EXPECT_FALSE(core_keys.contains(r->name())) << "the name is a key of the core snapshot";
  }
}

}  // namespace
}  // namespace deskops::simulator
