#pragma once
// The explicit list of reconcilers, one per manifest kind, in the order objects are created
// (deletions run in reverse). Adding a kind adds one line to registry.cc.

#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

ReconcilerList MakeReconcilers();

}  // namespace deskops::reconcilers
