// Replacing a desktop that deskops' own failed create left in ERROR: delete it, wait for the
// delete, create it again. (Apart from desktop_reconciler.cc, whose desktop::IdPayload would clash
// with the engine's in kind_support.h.)
#include "reconcilers/desktop/desktop_actions.h"
#include "reconcilers/desktop/desktop_reconciler.h"
#include "reconcilers/engine/kind_support.h"

namespace deskops::reconcilers {

std::vector<ActionResult> DesktopReconciler::ExecuteRecreate(ExecContext& ctx,
                                                             const Action& action) {
  const std::string id = action.As<desktop::RecreatePayload>()->id;
  ActionResult deleted = AwaitJob(ctx, CallJob(ctx, "desktops.batch_delete", action, [&] {
                                    return cloud::desktops::BatchDelete(ctx.client, {id});
                                  }));
  if (!deleted.status.ok()) return {deleted};
  // Gone: if deskops stops here, the next run finds no desktop and creates it.
  ctx.index.Remove("Desktop", action.name);
  return ExecuteCreate(ctx, {&action});
}

}  // namespace deskops::reconcilers
