#include "reconcilers/registry.h"

#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/user/user_reconciler.h"

namespace deskops::reconcilers {

ReconcilerList MakeReconcilers() {
  ReconcilerList list;
  list.push_back(MakeUserReconciler());
  list.push_back(MakeDesktopReconciler());
  return list;
}

}  // namespace deskops::reconcilers
