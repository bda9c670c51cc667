#include "reconcilers/registry.h"

#include "reconcilers/access_policy/access_policy_reconciler.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/desktop_name_policy/desktop_name_policy_reconciler.h"
#include "reconcilers/user/user_reconciler.h"
#include "reconcilers/user_group/user_group_reconciler.h"

namespace deskops::reconcilers {

ReconcilerList MakeReconcilers() {
  ReconcilerList list;
  list.push_back(MakeDesktopNamePolicyReconciler());
  list.push_back(MakeUserReconciler());
  list.push_back(MakeUserGroupReconciler());
  // DesktopPool goes here.
  list.push_back(MakeDesktopReconciler());
  // PolicyGroup goes here.
  list.push_back(MakeAccessPolicyReconciler());
  return list;
}

}  // namespace deskops::reconcilers
