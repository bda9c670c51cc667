#pragma once
// The state in etcd (layout: etcd_layout.h), behind the engine's StateStore seam.
//
// Every write is a transaction that succeeds only while the leader key still exists at the
// revision this process created it (the fence): a deposed leader cannot write, and because the
// ledger refuses to send a call whose intent it could not record, it cannot start another
// mutating call either. A refused write calls `on_deposed` (the daemon stops acting at once) and
// fails. Without a fence the store is read-only (its writes fail): plan and export wrap it in
// ReadOnlyStateStore, which keeps their writes in memory instead.
//
// The inventory is saved as the difference from what etcd holds (kept from the last load or save),
// so a pass that changes nothing writes nothing; a large first save goes in several transactions
// (at most kMaxOpsPerTxn operations and kMaxBytesPerTxn bytes each). Thread-safe.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reconcilers/engine/state_store.h"
#include "state/etcd/etcd_client.h"

namespace deskops::state {

class EtcdStateStore final : public reconcilers::StateStore {
 public:
  // etcd allows 128 operations a transaction and 1.5 MiB a request (its defaults).
  static constexpr std::size_t kMaxOpsPerTxn = 100;
  static constexpr std::size_t kMaxBytesPerTxn = 1u << 20;

  struct Fence {
    std::string key;         // the leader key
    long long revision = 0;  // its create revision this term
  };

  EtcdStateStore(etcd::Client& client, std::string prefix, std::optional<Fence> fence,
                 std::function<void(const std::string& why)> on_deposed = nullptr);

  std::string Where() const override;
  std::string LedgerWhere() const override;
  core::StatusOr<reconcilers::Inventory> LoadInventory() override;
  core::Status SaveInventory(const reconcilers::Inventory& inventory) override;
  core::StatusOr<reconcilers::LedgerState> LoadLedger() override;
  core::Status AppendLedger(const reconcilers::LedgerEntry& entry) override;
  // Done intents are deleted as they end, so after a pass this writes nothing; it deletes the keys
  // of intents not in `open` and writes those missing (state migrate), as known since the last
  // LoadLedger.
  core::Status CompactLedger(const std::vector<reconcilers::LedgerIntent>& open,
                             long long& next_seq) override;

 private:
  // Writes `ops` in fenced transactions.
  core::Status Write(const std::vector<etcd::Op>& ops);
  // The inventory as keys and values.
  std::map<std::string, std::string> Layout(const reconcilers::Inventory& inventory) const;

  etcd::Client& client_;
  std::string prefix_;
  std::optional<Fence> fence_;
  std::function<void(const std::string&)> on_deposed_;
  std::mutex mu_;                             // saved_; one inventory save at a time
  std::map<std::string, std::string> saved_;  // inventory and record keys as etcd holds them
  std::mutex ledger_mu_;
  std::set<std::string> ledger_ids_;  // open intents whose keys etcd holds
};

}  // namespace deskops::state
