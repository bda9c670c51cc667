#pragma once
// User groups (4.9): created with 4.9.2 (which answers without the ID, so one list call by keyword
// finds it), described with 4.9.5, re-created when the platform type changes (only with the
// deskops.io/allow-replace annotation: 4.9.4 delete, create, then the members in one ADD call),
// given and relieved of members with one 4.9.6 ADD call and one 4.9.6 DELETE call per group,
// deleted in one 4.9.3 batch call.
//
// Observed with one 4.9.1 list call per 100 groups. Membership is not read per group (4.9.7 would
// cost one call per group): the User reconciler already publishes each user's group names in the
// LiveIndex (User attribute "groups", one name per line), and Diff derives each group's members
// from that. The actions of one group run in one Execute call, in order (create or replace, then
// the description, then members added, then members removed), so a new group gets its members
// and a group is never emptied before it is refilled.
//
// The engine calls Observe, Diff and Export from one thread at a time; Execute from its workers,
// touching only the ExecContext.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cloud/users.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

class UserGroupReconciler final : public Reconciler {
 public:
  std::string Kind() const override { return "UserGroup"; }
  std::optional<std::vector<std::string>> Needs() const override {
    return std::vector<std::string>{"User"};
  }
  core::Status Observe(cloud::ApiClient& client, LiveIndex& index) override;
  void Diff(const DiffContext& ctx, PlanBuilder& plan) const override;
  std::vector<ActionResult> Execute(ExecContext& ctx,
                                    const std::vector<const Action*>& batch) override;
  // Members come from the LiveIndex Observe was given (the engine's, which outlives this call).
  std::string Export(const Inventory& inventory, bool owned_only) const override;

  // For tests: the observed groups, as Observe would store them, and the index Export reads
  // members from.
  void SetObserved(std::vector<cloud::groups::Group> groups, const LiveIndex* index = nullptr) {
    live_ = std::move(groups);
    index_ = index;
  }

 private:
  // Sorted member names by group name.
  using Members = std::map<std::string, std::vector<std::string>>;
  void DiffGroup(const DiffContext& ctx, const specs::Object& object, const Members& members,
                 PlanBuilder& plan) const;
  void DiffDeletions(const DiffContext& ctx, PlanBuilder& plan) const;

  std::vector<cloud::groups::Group> live_;
  const LiveIndex* index_ = nullptr;
};

std::unique_ptr<Reconciler> MakeUserGroupReconciler();

}  // namespace deskops::reconcilers
