#include "state/migrate.h"

#include "core/strings.h"

namespace deskops::state {

using core::Status;
using core::StrCat;

namespace {

bool SameIntents(const std::map<std::string, reconcilers::LedgerIntent>& a,
                 const std::vector<reconcilers::LedgerIntent>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& i : b) {
    auto it = a.find(i.id);
    if (it == a.end()) return false;
    const auto& j = it->second;
    if (j.op != i.op || j.kind != i.kind || j.names != i.names || j.job_id != i.job_id ||
        j.at_ms != i.at_ms || j.unanswered_ms != i.unanswered_ms) {
      return false;
    }
  }
  return true;
}

}  // namespace

core::StatusOr<MigrateReport> Migrate(reconcilers::StateStore& from, reconcilers::StateStore& to,
                                      reconcilers::StateStore& reread, bool overwrite) {
  DESKOPS_ASSIGN_OR_RETURN(reconcilers::Inventory inventory, from.LoadInventory());
  DESKOPS_ASSIGN_OR_RETURN(reconcilers::LedgerState ledger, from.LoadLedger());
  std::vector<reconcilers::LedgerIntent> open;
  for (const auto& [id, intent] : ledger.open) open.push_back(intent);

  // What the destination holds now (and, for etcd, what the writes are computed against).
  DESKOPS_ASSIGN_OR_RETURN(reconcilers::Inventory existing, to.LoadInventory());
  DESKOPS_ASSIGN_OR_RETURN(reconcilers::LedgerState existing_ledger, to.LoadLedger());
  if (!overwrite && (existing.size() > 0 || !existing_ledger.open.empty())) {
    return Status::FailedPrecondition(
        StrCat(to.Where(), " already holds state (", existing.size(), " owned objects, ",
               existing_ledger.open.size(),
               " open intents); nothing was copied. Migrate into an empty one, or pass "
               "--overwrite to replace it"));
  }
  DESKOPS_RETURN_IF_ERROR(to.SaveInventory(inventory));
  long long seq = std::max(ledger.next_seq, existing_ledger.next_seq);
  DESKOPS_RETURN_IF_ERROR(to.CompactLedger(open, seq));

  DESKOPS_ASSIGN_OR_RETURN(reconcilers::Inventory copied, reread.LoadInventory());
  DESKOPS_ASSIGN_OR_RETURN(reconcilers::LedgerState copied_ledger, reread.LoadLedger());
  if (copied.Serialize() != inventory.Serialize() || !SameIntents(copied_ledger.open, open)) {
    return Status::DataLoss(StrCat("the state read back from ", to.Where(),
                                   " differs from what was copied; check it before using it"));
  }
  return MigrateReport{inventory.size(), open.size()};
}

}  // namespace deskops::state
