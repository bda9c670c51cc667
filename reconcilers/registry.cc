#include "reconcilers/registry.h"

#include "reconcilers/desktop_pool/desktop_pool_reconciler.h"
#include "reconcilers/policy_group/policy_group_reconciler.h"
#include "reconcilers/user/user_reconciler.h"

namespace deskops::reconcilers {

ReconcilerList MakeReconcilers() {
  ReconcilerList list;
  // Creation order (deletions run in reverse); kinds in parentheses are still to come:
  // (DesktopNamePolicy), User, (UserGroup), DesktopPool, (Desktop), PolicyGroup, (AccessPolicy).
  list.push_back(MakeUserReconciler());
  list.push_back(MakeDesktopPoolReconciler());
  list.push_back(MakePolicyGroupReconciler());
  return list;
}

}  // namespace deskops::reconcilers
