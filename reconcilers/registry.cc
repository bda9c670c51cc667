#include "reconcilers/registry.h"

#include "reconcilers/access_policy/access_policy_reconciler.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/desktop_name_policy/desktop_name_policy_reconciler.h"
#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"
#include "reconcilers/policy_group/policy_group_reconciler.h"
#include "reconcilers/user/user_reconciler.h"
#include "reconcilers/user_group/user_group_reconciler.h"

namespace deskops::reconcilers {

// Creation order: what others refer to comes first (deletions run in reverse).
ReconcilerList MakeReconcilers() {
  ReconcilerList list;
  list.push_back(MakeDesktopNamePolicyReconciler());
  list.push_back(MakeUserReconciler());
  list.push_back(MakeUserGroupReconciler());
  list.push_back(MakeDesktopPoolReconciler());
  list.push_back(MakeDesktopReconciler());
  list.push_back(MakePolicyGroupReconciler());
  list.push_back(MakeAccessPolicyReconciler());
  return list;
}

}  // namespace deskops::reconcilers
