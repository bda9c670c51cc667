#pragma once
// The objects a policy group applies to (4.14.9), by name in manifests and by ID on the wire:
// the delta between a manifest's targets and the observed ones, the checks a plan makes before
// sending new targets (referenced objects must exist or be declared; OU targets need OU IDs from
// an API deskops does not implement yet), and the IDs resolved from the LiveIndex at execute time:
// INSTANCE -> the desktop's SID, USER / USERGROUP / DESKTOPPOOL -> the object's ID, CLIENTIP ->
// the IP itself, ALL -> default-apply-all-targets / All-Targets (L23165).
// Pure functions (Resolve reads the thread-safe index); thread-safe.

#include <string>
#include <vector>

#include "cloud/policies.h"
#include "reconcilers/engine/reconciler.h"
#include "specs/policy_group.h"

namespace deskops::reconcilers::targets {

struct Delta {
  struct Added {
    std::size_t index;  // in the manifest's list, for error paths
    specs::PolicyTarget target;
  };
  std::vector<Added> add;                            // by name
  std::vector<cloud::policy_groups::Target> remove;  // as observed, with their IDs
  bool empty() const { return add.empty() && remove.empty(); }
};

// Targets match by type and name (desktop names case-insensitively, as the tenant compares them;
// the API names ALL "All-Targets").
Delta Diff(const std::vector<specs::PolicyTarget>& desired,
           const std::vector<cloud::policy_groups::Target>& observed);

// The objects the targets to add name (users, groups, pools, desktops, OUs), appended to
// `depends_on`: they must exist before the targets are set.
void DependOn(const std::vector<Delta::Added>& add, std::vector<std::string>& depends_on);

// The wire form of a target to add, its ID taken from the index.
core::StatusOr<cloud::policy_groups::Target> Resolve(const LiveIndex& index,
                                                     const specs::PolicyTarget& target);
core::StatusOr<std::vector<cloud::policy_groups::Target>> Resolve(
    const LiveIndex& index, const std::vector<specs::PolicyTarget>& targets);

// For plans: `USER "alice"`, `ALL`.
std::string Describe(const std::string& type, const std::string& name);

}  // namespace deskops::reconcilers::targets
