#pragma once
// A harness for one kind's golden tests: manifests in (YAML text), what the kind's Observe would
// have returned, the kind's Plan with the object options and gates applied (as the engine does),
// and the plan executed through the real Executor against a FakeApi that records every request.
// The index, inventory, options and pending creates are public for tests to arrange. This is the
// only KindFixture: every kind's tests and the typed contract tests share it (two templates of one
// name in one test binary would break the one-definition rule).

#include <gtest/gtest.h>

#include <atomic>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "../cloud/fake_api.h"
#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/gates.h"
#include "specs/loader.h"

namespace deskops::reconcilers::testing {

// One manifest document ("---" first) of `kind`, with `spec` given as indented YAML lines and
// optional annotations (the inside of a flow mapping: `deskops.io/adopt: "false"`).
inline std::string Manifest(const std::string& kind, const std::string& name,
                            const std::string& spec, const std::string& annotations = "") {
  const std::string meta = annotations.empty() ? "metadata: {name: " + name + "}\n"
                                               : "metadata:\n  name: " + name +
                                                     "\n  annotations: {" + annotations + "}\n";
  return "---\napiVersion: deskops.io/v1alpha1\nkind: " + kind + "\n" + meta + "spec:\n" + spec;
}

template <class Kind>
struct KindFixture {
  specs::ManifestSet manifests;
  Inventory inventory;
  LiveIndex index;
  EngineOptions options;
  cloud::testing::FakeClient api;
  core::FakeClock& clock = api.clock;
  std::unique_ptr<Ledger> ledger = std::move(*Ledger::Open("", api.clock));
  core::Logger log{nullptr, {}};
  ReconcilerList kinds;
  Kind& kind;
  std::shared_ptr<const ObservedSet> observed;
  // Creates an earlier run may still have in flight (from the ledger), as Diff passes them.
  std::vector<PendingCreate> pending;
  // When desktops' sessions were first seen disconnected, across Diffs (as the engine keeps it).
  SessionWatch sessions;
  // Set to stop an Apply (SIGTERM): no new call starts, jobs are no longer followed.
  std::atomic<bool> stop{false};

  explicit KindFixture(const std::string& yaml)
      : kind(*static_cast<Kind*>(kinds.emplace_back(std::make_unique<Kind>()).get())),
        observed(kind.ObservedOf({})) {
    Load(yaml);
  }

  // The live objects, as Observe would return them; their refs go into the index as the engine
  // puts them.
  void Observe(std::vector<typename Kind::Live> live) {
    observed = kind.ObservedOf(std::move(live));
    for (LiveRef& ref : kind.Refs(*observed)) index.Put(std::move(ref));
  }

  // Observes the kind through the fake API as the engine does: for a plan with the manifests and
  // the inventory (which scope the per-object reads), for an export or `get` without. The set
  // replaces `observed`; its refs go into the index.
  core::Status ObserveLive(Purpose purpose = Purpose::kPlan) {
    const bool plan = purpose == Purpose::kPlan;
    auto set = kind.Observe(ObserveContext{*api.client, purpose, plan ? &manifests : nullptr,
                                           plan ? &inventory : nullptr, std::nullopt});
    if (!set.ok()) return set.status();
    observed = *set;
    for (LiveRef& ref : kind.Refs(*observed)) index.Put(std::move(ref));
    return core::Status::Ok();
  }

  void Load(const std::string& yaml) {
    specs::Loader loader;
    loader.AddText(yaml, "manifests.yaml");
    auto r = std::move(loader).Finish();
    for (const auto& d : r.diagnostics.items()) {
      if (d.severity == specs::Severity::kError) ADD_FAILURE() << d.ToString();
    }
    ASSERT_TRUE(r.ok());
    manifests = std::move(r.manifests);
  }

  Plan Diff() { return Diff(pending); }
  Plan Diff(std::vector<PendingCreate> in_flight) {
    Plan plan;
    PlanBuilder b(plan);
    DiffContext ctx{manifests,
                    manifests.OfKind(kind.Kind()),
                    inventory,
                    index,
                    std::move(in_flight),
                    options,
                    api.clock,
                    &sessions};
    kind.Plan(ctx, *observed, b);
    ApplyObjectOptions(plan, manifests);
    ApplyGates(plan, options, manifests, inventory, api.clock.Now());
    return plan;
  }

  // Records the kind's object `name` as owned (with its ID when known).
  void Own(const std::string& name, const std::string& id = "") {
    inventory.Upsert({kind.Kind(), name, id, false, false, {}});
  }
  void Own(std::initializer_list<std::string> names) {
    for (const auto& n : names) Own(n);
  }
  // Owns every object of the kind the manifests declare.
  void OwnDeclared() {
    for (const specs::Object* o : manifests.OfKind(kind.Kind())) Own(o->meta.name);
  }

  // The plan is empty and counts `n` objects in sync.
  void ExpectInSync(std::size_t n) {
    Plan plan = Diff();
    EXPECT_TRUE(plan.actions.empty()) << RenderText(plan);
    EXPECT_TRUE(plan.errors.empty()) << RenderText(plan);
    EXPECT_EQ(plan.in_sync, n);
  }

  // An export's manifests planned against the state they came from: everything they declare is
  // owned, and the plan must neither act nor fail.
  void ExpectNothingToDo() {
    for (const specs::Object* o : manifests.OfKind(kind.Kind())) Own(o->meta.name);
    Plan plan = Diff();
    EXPECT_TRUE(plan.actions.empty()) << RenderText(plan);
    EXPECT_TRUE(plan.errors.empty()) << RenderText(plan);
  }

  // Executes the plan as Engine::Apply does: the plan's records first, then its actions.
  ApplyReport Apply(const Plan& plan) {
    for (const PlanRecord& r : plan.records) inventory.Record(r.kind, r.name, r.records);
    ExecContext ctx{*api.client, inventory, *ledger, index, api.clock,
                    log,         options,   nullptr, &stop};
    return Executor(kinds, ctx).Run(plan);
  }

  // Every request sent, as "METHOD path body", in order.
  std::vector<std::string> Calls() const {
    std::vector<std::string> out;
    for (const auto& r : api.api->requests) out.push_back(r.method + " " + r.path + " " + r.body);
    return out;
  }

  // The bodies of the requests sent as `method path`, in order.
  std::vector<std::string> Sent(const std::string& method, const std::string& path) const {
    std::vector<std::string> out;
    for (const auto& r : api.api->requests) {
      if (r.method == method && r.path == path) out.push_back(r.body);
    }
    return out;
  }
};

}  // namespace deskops::reconcilers::testing
