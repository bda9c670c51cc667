#pragma once
// StateStore: where the engine keeps what it must remember between passes — the inventory (what
// deskops owns) and the write-ahead ledger (calls whose end is not known yet). The engine's side of
// the seam; the default is the state directory (LocalStateStore, the files inventory.json and
// ledger.jsonl, byte for byte as before the seam existed). Other stores (etcd: state/) live in
// their own modules and are handed to the Engine by the daemon.
//
// A store keeps the ledger as entries (intent, sent, unanswered, done) and answers with the
// intents still open; how it lays them out is its own business (the directory appends JSON lines,
// etcd keeps one key per open intent). A write that fails must leave the caller free to not send
// the call it was recording: the ledger refuses to send a call whose intent it could not record.
//
// ReadOnlyStateStore wraps another store for the commands that must never write (plan, export):
// it reads through and keeps every write in memory only, so the engine computes the same answers
// without persisting them. Implementations are thread-safe.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/status_or.h"
#include "reconcilers/engine/inventory.h"
#include "reconcilers/engine/ledger.h"

namespace deskops::reconcilers {

// What happened to a recorded call.
enum class LedgerEvent { kIntent, kSent, kUnanswered, kDone };

// One ledger change: its sequence number, what happened, and the intent as it stands after it
// (for kDone, the intent that ended, with the outcome and its reason).
struct LedgerEntry {
  long long seq = 0;
  LedgerEvent event = LedgerEvent::kIntent;
  LedgerIntent intent = {};
  LedgerOutcome outcome = LedgerOutcome::kOk;
  std::string detail = {};
};

// What a store kept of the ledger: the open intents by ID, the next sequence number, and (the
// directory only) the line number of a torn last line that was ignored (0: none).
struct LedgerState {
  std::map<std::string, LedgerIntent> open;
  long long next_seq = 0;
  std::size_t torn_line = 0;
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  // Where the state is, for messages: "state directory .deskops", "etcd prefix /deskops/t1/".
  virtual std::string Where() const = 0;
  // Where the ledger is, for messages (the ledger file of a state directory).
  virtual std::string LedgerWhere() const = 0;

  // The inventory; an absent one is a first run (empty), a damaged one an error. The returned
  // inventory saves itself through this store (Inventory::Save).
  virtual core::StatusOr<Inventory> LoadInventory() = 0;
  virtual core::Status SaveInventory(const Inventory& inventory) = 0;

  virtual core::StatusOr<LedgerState> LoadLedger() = 0;
  // Durably, before the call it records is sent.
  virtual core::Status AppendLedger(const LedgerEntry& entry) = 0;
  // Keeps only the open intents (a store without history to trim does nothing); `next_seq` is the
  // ledger's counter, advanced by the entries written.
  virtual core::Status CompactLedger(const std::vector<LedgerIntent>& open,
                                     long long& next_seq) = 0;
};

// The state directory: <dir>/inventory.json and <dir>/ledger.jsonl. An empty `dir` keeps nothing
// (in memory only). It does not create the directory (Engine::Open does, for the commands that
// write).
class LocalStateStore final : public StateStore {
 public:
  explicit LocalStateStore(std::string dir);
  // Files named explicitly (either may be empty: not kept).
  LocalStateStore(std::string dir, std::string inventory_path, std::string ledger_path);

  std::string Where() const override;
  std::string LedgerWhere() const override { return ledger_path_; }
  core::StatusOr<Inventory> LoadInventory() override;
  core::Status SaveInventory(const Inventory& inventory) override;
  core::StatusOr<LedgerState> LoadLedger() override;
  core::Status AppendLedger(const LedgerEntry& entry) override;
  core::Status CompactLedger(const std::vector<LedgerIntent>& open, long long& next_seq) override;

  // The ledger file's line for an entry.
  static std::string LedgerLine(const LedgerEntry& entry);

 private:
  std::string dir_, inventory_path_, ledger_path_;
};

// Reads through to `inner`; writes go nowhere (they succeed, and the engine's memory holds them).
class ReadOnlyStateStore final : public StateStore {
 public:
  explicit ReadOnlyStateStore(std::shared_ptr<StateStore> inner) : inner_(std::move(inner)) {}

  std::string Where() const override { return inner_->Where(); }
  std::string LedgerWhere() const override { return inner_->LedgerWhere(); }
  core::StatusOr<Inventory> LoadInventory() override;
  core::Status SaveInventory(const Inventory&) override { return core::Status::Ok(); }
  core::StatusOr<LedgerState> LoadLedger() override { return inner_->LoadLedger(); }
  core::Status AppendLedger(const LedgerEntry&) override { return core::Status::Ok(); }
  core::Status CompactLedger(const std::vector<LedgerIntent>&, long long&) override {
    return core::Status::Ok();
  }

 private:
  std::shared_ptr<StateStore> inner_;
};

}  // namespace deskops::reconcilers
