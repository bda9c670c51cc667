#include "state/etcd_state_store.h"

#include "core/strings.h"
#include "state/etcd_layout.h"

namespace deskops::state {

using core::Status;
using core::StrCat;
using reconcilers::LedgerEvent;

EtcdStateStore::EtcdStateStore(etcd::Client& client, std::string prefix, std::optional<Fence> fence,
                               std::function<void(const std::string&)> on_deposed)
    : client_(client),
      prefix_(std::move(prefix)),
      fence_(std::move(fence)),
      on_deposed_(std::move(on_deposed)) {}

std::string EtcdStateStore::Where() const {
  return StrCat("etcd prefix ", prefix_, " at ", client_.Describe());
}

std::string EtcdStateStore::LedgerWhere() const {
  return StrCat("etcd prefix ", prefix_, layout::kLedger);
}

core::StatusOr<reconcilers::Inventory> EtcdStateStore::LoadInventory() {
  // inventory/ and records/ sort next to each other: one snapshot read of both.
  const std::string inventory = StrCat(prefix_, layout::kInventory);
  const std::string records = StrCat(prefix_, layout::kRecords);
  DESKOPS_ASSIGN_OR_RETURN(etcd::RangeResult owned, client_.RangePrefix(inventory));
  DESKOPS_ASSIGN_OR_RETURN(etcd::RangeResult recorded,
                           client_.RangePrefix(records, owned.revision));
  reconcilers::Inventory inv;
  std::map<std::string, std::string> saved;
  std::map<std::string, std::pair<std::string, std::string>> names;  // object key -> kind, name
  for (const auto& kv : owned.kvs) {
    DESKOPS_ASSIGN_OR_RETURN(reconcilers::OwnedObject o, layout::DecodeOwned(kv.key, kv.value));
    names[kv.key.substr(inventory.size())] = {o.kind, o.name};
    inv.Upsert(std::move(o));
    saved[kv.key] = kv.value;
  }
  for (const auto& kv : recorded.kvs) {
    DESKOPS_ASSIGN_OR_RETURN(auto map, layout::DecodeRecords(kv.key, kv.value));
    saved[kv.key] = kv.value;
    // Records of an object no longer owned are dropped by the next save.
    auto it = names.find(kv.key.substr(records.size()));
    if (it != names.end()) inv.Record(it->second.first, it->second.second, map);
  }
  {
    std::lock_guard lock(mu_);
    saved_ = std::move(saved);
  }
  inv.set_store(this);
  return inv;
}

std::map<std::string, std::string> EtcdStateStore::Layout(
    const reconcilers::Inventory& inventory) const {
  std::map<std::string, std::string> out;
  for (const auto& o : inventory.All()) {
    out[layout::InventoryKey(prefix_, o.kind, o.name)] = layout::EncodeOwned(o);
    if (!o.records.empty()) {
      out[layout::RecordsKey(prefix_, o.kind, o.name)] = layout::EncodeRecords(o.records);
    }
  }
  return out;
}

Status EtcdStateStore::SaveInventory(const reconcilers::Inventory& inventory) {
  const std::map<std::string, std::string> want = Layout(inventory);
  std::lock_guard lock(mu_);
  std::vector<etcd::Op> ops;
  for (const auto& [key, value] : want) {
    auto it = saved_.find(key);
    if (it == saved_.end() || it->second != value) ops.push_back(etcd::Op::Put(key, value));
  }
  for (const auto& [key, value] : saved_) {
    if (!want.count(key)) ops.push_back(etcd::Op::Delete(key));
  }
  if (ops.empty()) return Status::Ok();
  Status written = Write(ops);
  // What etcd holds now: after a partial failure, read back at the next load.
  if (written.ok()) saved_ = want;
  return written;
}

core::StatusOr<reconcilers::LedgerState> EtcdStateStore::LoadLedger() {
  DESKOPS_ASSIGN_OR_RETURN(etcd::RangeResult r,
                           client_.RangePrefix(StrCat(prefix_, layout::kLedger)));
  reconcilers::LedgerState state;
  for (const auto& kv : r.kvs) {
    DESKOPS_ASSIGN_OR_RETURN(auto intent, layout::DecodeIntent(kv.key, kv.value));
    state.next_seq = std::max(state.next_seq, intent.second + 1);
    state.open[intent.first.id] = std::move(intent.first);
  }
  std::lock_guard lock(ledger_mu_);
  ledger_ids_.clear();
  for (const auto& [id, intent] : state.open) ledger_ids_.insert(id);
  return state;
}

Status EtcdStateStore::AppendLedger(const reconcilers::LedgerEntry& entry) {
  const std::string key = layout::LedgerKey(prefix_, entry.intent.id);
  const bool done = entry.event == LedgerEvent::kDone;
  DESKOPS_RETURN_IF_ERROR(
      Write({done ? etcd::Op::Delete(key)
                  : etcd::Op::Put(key, layout::EncodeIntent(entry.intent, entry.seq))}));
  std::lock_guard lock(ledger_mu_);
  if (done) {
    ledger_ids_.erase(entry.intent.id);
  } else {
    ledger_ids_.insert(entry.intent.id);
  }
  return Status::Ok();
}

Status EtcdStateStore::CompactLedger(const std::vector<reconcilers::LedgerIntent>& open,
                                     long long& next_seq) {
  std::lock_guard lock(ledger_mu_);
  std::set<std::string> keep;
  std::vector<etcd::Op> ops;
  for (const auto& i : open) {
    keep.insert(i.id);
    if (!ledger_ids_.count(i.id)) {
      ops.push_back(
          etcd::Op::Put(layout::LedgerKey(prefix_, i.id), layout::EncodeIntent(i, next_seq++)));
    }
  }
  for (const auto& id : ledger_ids_) {
    if (!keep.count(id)) ops.push_back(etcd::Op::Delete(layout::LedgerKey(prefix_, id)));
  }
  if (ops.empty()) return Status::Ok();
  DESKOPS_RETURN_IF_ERROR(Write(ops));
  ledger_ids_ = std::move(keep);
  return Status::Ok();
}

Status EtcdStateStore::Write(const std::vector<etcd::Op>& ops) {
  if (!fence_) {
    return Status::FailedPrecondition(
        StrCat("not written: this process does not lead ", prefix_, " (read-only)"));
  }
  const std::vector<etcd::Compare> fence = {{fence_->key, etcd::Compare::Target::kCreate,
                                             etcd::Compare::Result::kEqual, fence_->revision}};
  std::size_t i = 0;
  while (i < ops.size()) {
    std::vector<etcd::Op> chunk;
    std::size_t bytes = 0;
    while (i < ops.size() && chunk.size() < kMaxOpsPerTxn &&
           (chunk.empty() || bytes + ops[i].key.size() + ops[i].value.size() <= kMaxBytesPerTxn)) {
      bytes += ops[i].key.size() + ops[i].value.size();
      chunk.push_back(ops[i++]);
    }
    DESKOPS_ASSIGN_OR_RETURN(etcd::TxnResult r, client_.Txn(fence, chunk));
    if (!r.succeeded) {
      const std::string why =
          StrCat("the leader key ", fence_->key, " no longer exists at revision ", fence_->revision,
                 ": another process leads ", prefix_);
      if (on_deposed_) on_deposed_(why);
      return Status::FailedPrecondition(StrCat("not written: ", why));
    }
  }
  return Status::Ok();
}

}  // namespace deskops::state
