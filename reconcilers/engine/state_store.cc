#include "reconcilers/engine/state_store.h"

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/strings.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;
using nlohmann::json;

LocalStateStore::LocalStateStore(std::string dir) : dir_(std::move(dir)) {
  if (!dir_.empty()) {
    inventory_path_ = dir_ + "/inventory.json";
    ledger_path_ = dir_ + "/ledger.jsonl";
  }
}

LocalStateStore::LocalStateStore(std::string dir, std::string inventory_path,
                                 std::string ledger_path)
    : dir_(std::move(dir)),
      inventory_path_(std::move(inventory_path)),
      ledger_path_(std::move(ledger_path)) {}

std::string LocalStateStore::Where() const {
  return dir_.empty() ? "memory (no state directory)" : StrCat("state directory ", dir_);
}

core::StatusOr<Inventory> LocalStateStore::LoadInventory() {
  DESKOPS_ASSIGN_OR_RETURN(Inventory inventory, Inventory::Load(inventory_path_));
  inventory.set_store(this);
  return inventory;
}

Status LocalStateStore::SaveInventory(const Inventory& inventory) {
  if (inventory_path_.empty()) return Status::Ok();
  return core::WriteFileAtomically(inventory_path_, inventory.Serialize());
}

// JSON lines; a torn last line (the crash hit the append itself, so that call was never sent) is
// ignored, any other damage is an error.
core::StatusOr<LedgerState> LocalStateStore::LoadLedger() {
  LedgerState state;
  if (ledger_path_.empty()) return state;
  auto text = core::ReadFile(ledger_path_);
  if (!text.ok()) {
    if (text.status().code() == core::StatusCode::kNotFound) return state;
    return text.status();
  }
  std::vector<std::string> lines = core::Split(*text, '\n');
  const bool ends_clean = !text->empty() && text->back() == '\n';
  auto& open = state.open;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    json e = json::parse(lines[i], nullptr, /*allow_exceptions=*/false);
    const bool last = i + 1 == lines.size() || (i + 2 == lines.size() && lines.back().empty());
    if (e.is_discarded() || !e.is_object()) {
      // Only the final line may be torn, and only when the file does not end in a newline.
      if (last && !ends_clean) {
        state.torn_line = i + 1;
        break;
      }
      return Status::DataLoss(StrCat("ledger ", ledger_path_, " line ", i + 1,
                                     " is corrupt; refusing to "
                                     "guess which calls were in flight"));
    }
    const std::string type = e.value("type", ""), id = e.value("id", "");
    if (type == "intent") {
      open[id] = {
          id, e.value("op", ""), e.value("kind", ""), e.value("names", std::vector<std::string>{}),
          "", e.value("at", 0LL)};
    } else if (type == "sent" && open.count(id)) {
      open[id].job_id = e.value("job_id", "");
    } else if (type == "unanswered" && open.count(id)) {
      open[id].unanswered_ms = e.value("at", 0LL);
    } else if (type == "done") {
      open.erase(id);
    }
    state.next_seq = std::max(state.next_seq, e.value("seq", 0LL) + 1);
  }
  return state;
}

std::string LocalStateStore::LedgerLine(const LedgerEntry& entry) {
  const LedgerIntent& i = entry.intent;
  switch (entry.event) {
    case LedgerEvent::kIntent:
      return json{{"seq", entry.seq}, {"type", "intent"}, {"id", i.id},   {"op", i.op},
                  {"kind", i.kind},   {"names", i.names}, {"at", i.at_ms}}
          .dump();
    case LedgerEvent::kSent:
      return json{{"seq", entry.seq}, {"type", "sent"}, {"id", i.id}, {"job_id", i.job_id}}.dump();
    case LedgerEvent::kUnanswered:
      return json{{"seq", entry.seq}, {"type", "unanswered"}, {"id", i.id}, {"at", i.unanswered_ms}}
          .dump();
    case LedgerEvent::kDone:
      return json{{"seq", entry.seq},
                  {"type", "done"},
                  {"id", i.id},
                  {"outcome", std::string(LedgerOutcomeName(entry.outcome))},
                  {"detail", entry.detail}}
          .dump();
  }
  return "";
}

Status LocalStateStore::AppendLedger(const LedgerEntry& entry) {
  if (ledger_path_.empty()) return Status::Ok();
  return core::AppendLineDurably(ledger_path_, LedgerLine(entry));
}

Status LocalStateStore::CompactLedger(const std::vector<LedgerIntent>& open, long long& next_seq) {
  if (ledger_path_.empty()) return Status::Ok();
  std::string text;
  for (const LedgerIntent& i : open) {
    text += LedgerLine({next_seq++, LedgerEvent::kIntent, i, LedgerOutcome::kOk, ""}) + "\n";
    if (!i.job_id.empty()) {
      text += LedgerLine({next_seq++, LedgerEvent::kSent, i, LedgerOutcome::kOk, ""}) + "\n";
    }
    if (i.unanswered_ms != 0) {
      text += LedgerLine({next_seq++, LedgerEvent::kUnanswered, i, LedgerOutcome::kOk, ""}) + "\n";
    }
  }
  return core::WriteFileAtomically(ledger_path_, text);
}

core::StatusOr<Inventory> ReadOnlyStateStore::LoadInventory() {
  DESKOPS_ASSIGN_OR_RETURN(Inventory inventory, inner_->LoadInventory());
  inventory.set_store(this);
  return inventory;
}

}  // namespace deskops::reconcilers
