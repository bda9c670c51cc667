#include "reconcilers/registry.h"

#include <set>

namespace deskops::reconcilers {

#define DESKOPS_KIND(Type, folder) std::unique_ptr<Reconciler> Make##Type##Reconciler();
#include "specs/kinds.def"
#undef DESKOPS_KIND

ReconcilerList MakeReconcilers() {
  ReconcilerList list;
#define DESKOPS_KIND(Type, folder) list.push_back(Make##Type##Reconciler());
#include "specs/kinds.def"
#undef DESKOPS_KIND
  return list;
}

std::vector<const cloud::Operation*> AllOperations(const ReconcilerList& kinds) {
  std::vector<const cloud::Operation*> out;
  std::set<std::string_view> seen;
  auto add = [&](const cloud::Operation* op) {
    if (seen.insert(op->id).second) out.push_back(op);
  };
  for (const cloud::Operation* op : cloud::ops::kAll) add(op);
  for (const auto& kind : kinds) {
    for (const cloud::Operation* op : kind->Operations()) add(op);
  }
  return out;
}

}  // namespace deskops::reconcilers
