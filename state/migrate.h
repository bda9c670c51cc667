#pragma once
// `deskops state migrate`: copies a tenant's state — the inventory with its records, and the open
// intents of the ledger — from one store to another (the state directory to etcd, or back), then
// reads the destination back through a fresh store and compares. The source is left as it was.
// Both stores must be held by the caller (the directory's lock, leadership in etcd), so that no
// deskops changes either while it copies.

#include <cstddef>

#include "core/status_or.h"
#include "reconcilers/engine/state_store.h"

namespace deskops::state {

struct MigrateReport {
  std::size_t objects = 0;  // owned objects copied
  std::size_t intents = 0;  // open intents copied
};

// `to` must hold no state unless `overwrite` (then what it holds is replaced). `reread` is another
// store on the destination, for the check.
core::StatusOr<MigrateReport> Migrate(reconcilers::StateStore& from, reconcilers::StateStore& to,
                                      reconcilers::StateStore& reread, bool overwrite);

}  // namespace deskops::state
