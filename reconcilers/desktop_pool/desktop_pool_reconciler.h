#pragma once
// Desktop pools (4.4), named by their unique pool name. Observed with 4.4.2 (one call per 1,000
// pools); the authorised users and groups (4.4.13) only of pools whose manifests list
// authorizedObjects, and the member desktops (4.4.15) only of pools whose manifests set powerState
// (one call per 100 each: no cheaper source exists); an export reads the authorisations of every
// pool and no desktops. Each pool's ID goes into the LiveIndex (kind "DesktopPool").
// Diff: see pool_diff.h (the pool's fields) and pool_access.h (authorisations, power). Creates
// start a job that carries no pool ID (L44034): once it succeeds, AfterJob finds the pool by name
// and records its ID in the inventory and the index. One pool's actions share a batch and run one
// after the other, each job ending before the next call (concurrent operations on a pool are
// refused with 409, WKS.00010032). Deleting a pool that left the manifests deletes its desktops
// first (a pool can only be deleted empty, L12211): destructive, and the plan says how many.
// Threads: as the Reconciler contract says.

#include <memory>
#include <optional>
#include <set>

#include "cloud/desktops.h"
#include "cloud/pools.h"
#include "reconcilers/desktop_pool/pool_diff.h"
#include "reconcilers/engine/kind_support.h"
#include "reconcilers/engine/reconciler.h"
#include "specs/desktop_pool.h"

namespace deskops::reconcilers {

class DesktopPoolReconciler final : public Reconciler {
 public:
  // A pool as observed, with the per-pool reads Observe made for it.
  struct Observed {
    cloud::pools::Pool pool;
    std::optional<std::vector<cloud::pools::AuthorizedObject>> authorized;  // 4.4.13
    std::optional<std::vector<cloud::desktops::Desktop>> desktops;          // 4.4.15
  };

  std::string Kind() const override { return "DesktopPool"; }
  std::optional<std::vector<std::string>> Needs() const override {
    return std::vector<std::string>{"User", "UserGroup", "DesktopNamePolicy"};
  }
  void Scope(const specs::ManifestSet* manifests) override;
  void ScopeOwned(const Inventory& inventory) override;
  core::Status Observe(cloud::ApiClient& client, LiveIndex& index) override;
  void Diff(const DiffContext& ctx, PlanBuilder& plan) const override;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) override;
  void AfterJob(ExecContext& ctx, const Action& action, bool succeeded,
                const std::vector<std::string>& desktop_ids) override;
  std::string Export(const Inventory& inventory, bool owned_only) const override;

  // For tests: the observed pools, as Observe would store them, and the index Export names
  // desktop name policies from.
  void SetObserved(std::vector<Observed> pools, const LiveIndex* index = nullptr) {
    live_ = std::move(pools);
    index_ = index;
  }

 private:
  const Observed* Live(const std::string& name) const;
  void DiffPool(const DiffContext& ctx, const specs::Object& o, PlanBuilder& plan) const;
  void DiffLive(const DiffContext& ctx, const specs::Object& o, const Observed& live,
                ObjectPlan& p) const;
  Action PlanReplace(const DiffContext& ctx, const specs::Object& o, const Observed& live,
                     const std::vector<pool::Fixed>& fixed, ObjectPlan& p) const;
  void PlanDeletions(const DiffContext& ctx, PlanBuilder& plan) const;

  ActionResult ExecuteOne(ExecContext& ctx, const Action& a);
  ActionResult Create(ExecContext& ctx, const Action& a, const pool::CreatePayload& create);
  ActionResult DeleteWithDesktops(ExecContext& ctx, const Action& a, const std::string& id);
  ActionResult Modify(ExecContext& ctx, const Action& a);
  ActionResult StartJob(ExecContext& ctx, const Action& a);
  ActionResult Repair(ExecContext& ctx, const Action& a, const pool::ExpandPayload& e);

  // Which pools' per-pool reads Observe makes; nullopt: every pool.
  std::optional<std::set<std::string>> read_authorized_, read_desktops_;
  std::vector<Observed> live_;
  const LiveIndex* index_ = nullptr;  // the one Observe filled; read by Export only
};

std::unique_ptr<Reconciler> MakeDesktopPoolReconciler();

}  // namespace deskops::reconcilers
