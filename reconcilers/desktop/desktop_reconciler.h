#pragma once
// Desktops (4.3, tags 4.6, disks 4.11). Observed with the detail list (4.3.8, 500 per call).
// Creates with identical configuration go out 50 per request (L5081) and carry the deskops-owner
// tag, so ownership survives a lost state directory. Changes map to the API's batch calls: one
// power call per operation, one resize per product, one tag call per 100 desktops, one batch
// delete. Disruption classes: power stop/hibernate, resize, re-assignment, network moves and
// maintenance on are disruptive; rebuild, data-disk removal, re-assignment to another user
// (clears data) and deletion are destructive. A desktop busy with a task (task_status set) is
// left alone until the task ends. Thread-safe as the Reconciler contract requires.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cloud/desktops.h"
#include "reconcilers/engine/reconciler.h"
#include "specs/desktop.h"

namespace deskops::reconcilers {

class DesktopReconciler final : public Reconciler {
 public:
  std::string Kind() const override { return "Desktop"; }
  std::optional<std::vector<std::string>> Needs() const override {
    return std::vector<std::string>{"User"};
  }
  core::Status Observe(cloud::ApiClient& client, LiveIndex& index) override;
  void Diff(const DiffContext& ctx, PlanBuilder& plan) const override;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) override;
  void AfterJob(ExecContext& ctx, const Action& action, bool succeeded,
                const std::vector<std::string>& desktop_ids) override;
  std::string Export(const Inventory& inventory, bool owned_only) const override;

  void SetObserved(std::vector<cloud::desktops::Desktop> desktops);

 private:
  const cloud::desktops::Desktop* Live(const std::string& name) const;
  void DiffExisting(const DiffContext& ctx, const specs::Object& o,
                    const cloud::desktops::Desktop& live, PlanBuilder& plan) const;
  std::vector<ActionResult> ExecuteCreate(ExecContext& ctx,
                                          const std::vector<const Action*>& batch);
  std::vector<ActionResult> ExecuteRecreate(ExecContext& ctx, const Action& action);
  std::vector<ActionResult> ExecuteAttach(ExecContext& ctx, const std::vector<const Action*>& batch,
                                          const std::string& op);

  std::vector<cloud::desktops::Desktop> live_;
  std::unordered_map<std::string, std::size_t> by_name_;  // lower-case computer name -> live_ index
  std::mutex index_mu_;  // AfterJob lists created desktops once per job
};

std::unique_ptr<Reconciler> MakeDesktopReconciler();

}  // namespace deskops::reconcilers
