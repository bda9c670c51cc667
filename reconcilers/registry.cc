#include "reconcilers/registry.h"

#include "reconcilers/user/user_reconciler.h"

namespace deskops::reconcilers {

ReconcilerList MakeReconcilers() {
  ReconcilerList list;
  list.push_back(MakeUserReconciler());
  return list;
}

}  // namespace deskops::reconcilers
