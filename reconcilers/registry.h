#pragma once
// The reconcilers of the kinds specs/kinds.def registers, in its order (creation order; deletions
// run in reverse). Each kind's module defines Make<TypeName>Reconciler().

#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

ReconcilerList MakeReconcilers();

// Every API operation the client uses: the shared ones (cloud::ops::kAll) and every kind's,
// without repeats, for metrics that pre-initialise a series per operation and for docs.
std::vector<const cloud::Operation*> AllOperations(const ReconcilerList& kinds);

}  // namespace deskops::reconcilers
