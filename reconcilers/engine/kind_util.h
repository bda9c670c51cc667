#pragma once
// More pieces kinds share, on top of kind_support.h (IdPayload, MakeAction, HeldCreate,
// ResolveId): building actions (create held
// while an earlier one is in flight, adopt or refuse, delete by ID in one batch call), list text for
// plans, a synchronous API call through CallOnce, running one object's actions in plan order, and
// finding IDs at run time. Diff helpers are pure and called from Diff's thread; Execute helpers are
// called from the executor's workers and touch only the ExecContext they are given.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reconcilers/engine/kind_support.h"
#include "reconcilers/engine/reconciler.h"

namespace deskops::reconcilers {

// Taking the live object `id` under management (see MayAdopt); Adopt carries it out.
Action AdoptAction(const std::string& kind, const std::string& name, const std::string& id);
ActionResult Adopt(ExecContext& ctx, const Action& adopt);

// Deleting the owned object `id` that left the manifests: destructive, batched by `op`.
Action DeleteAction(const std::string& kind, const std::string& name, const std::string& id,
                    const std::string& op);
// Deletes a batch of DeleteActions with one call of `op`, given their IDs in batch order; on
// success forgets them in the inventory and the index.
std::vector<ActionResult> DeleteInOneCall(
    ExecContext& ctx, const std::string& op, const std::vector<const Action*>& batch,
    const std::function<core::Status(const std::vector<std::string>&)>& call);

// Whether deskops may take the live object of `object`'s name under management: the object's
// deskops.io/adopt annotation, else the kind's adopt option. When not, records the plan error.
bool MayAdopt(const DiffContext& ctx, const specs::Object& object, PlanBuilder& plan);

// "[a, b]" in the given order; "[]" when empty.
std::string ShowList(const std::vector<std::string>& items);

// CallOnce for a synchronous call that answers with a status only.
std::vector<ActionResult> CallSync(ExecContext& ctx, const std::string& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::Status()>& call);

// Runs the actions of one object's batch one at a time, in plan order (Diff adds them in the
// order they must run, so the plan reads as what will happen); once one fails, the rest are not
// attempted and fail naming it. For kinds whose steps on one object must not overlap or reorder
// (a group's members are added after the group is created, and before others are removed).
std::vector<ActionResult> RunInPlanOrder(const std::vector<const Action*>& batch,
                                         const std::function<ActionResult(const Action&)>& run);

// The first of `items` whose `name` is `name`, or nullptr.
template <class T>
const T* FindByName(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace deskops::reconcilers
