#include "reconcilers/engine/ledger.h"

#include "core/strings.h"
#include "reconcilers/engine/state_store.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;

namespace {

long long Millis(const core::Clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
      .count();
}

}  // namespace

Ledger::Ledger(StateStore& store, const core::Clock& clock)
    : store_(store), path_(store.LedgerWhere()), clock_(clock) {}

Ledger::~Ledger() = default;

core::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(const std::string& path,
                                                     const core::Clock& clock) {
  auto store = std::make_unique<LocalStateStore>("", "", path);
  std::unique_ptr<Ledger> ledger(new Ledger(*store, clock));
  ledger->owned_ = std::move(store);
  DESKOPS_RETURN_IF_ERROR(ledger->Load());
  return ledger;
}

core::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(StateStore& store, const core::Clock& clock) {
  std::unique_ptr<Ledger> ledger(new Ledger(store, clock));
  DESKOPS_RETURN_IF_ERROR(ledger->Load());
  return ledger;
}

Status Ledger::Load() {
  DESKOPS_ASSIGN_OR_RETURN(LedgerState state, store_.LoadLedger());
  open_ = std::move(state.open);
  next_ = state.next_seq;
  torn_line_ = state.torn_line;
  return Status::Ok();
}

core::StatusOr<std::string> Ledger::Intent(const std::string& op, const std::string& kind,
                                           const std::vector<std::string>& names) {
  std::lock_guard lock(mu_);
  const long long seq = next_++;
  const long long at = Millis(clock_);
  std::string id = StrCat("i", at, "-", seq);
  LedgerIntent intent{id, op, kind, names, "", at};
  DESKOPS_RETURN_IF_ERROR(store_.AppendLedger({seq, LedgerEvent::kIntent, intent}));
  open_[id] = std::move(intent);
  return id;
}

// The intent as it stands, or a stub naming only its ID (an entry about an intent this ledger
// does not hold open, written as it is).
LedgerIntent Ledger::Current(const std::string& intent_id) const {
  auto it = open_.find(intent_id);
  if (it != open_.end()) return it->second;
  LedgerIntent stub;
  stub.id = intent_id;
  return stub;
}

Status Ledger::Sent(const std::string& intent_id, const std::string& job_id) {
  std::lock_guard lock(mu_);
  LedgerIntent intent = Current(intent_id);
  intent.job_id = job_id;
  DESKOPS_RETURN_IF_ERROR(store_.AppendLedger({next_++, LedgerEvent::kSent, intent}));
  if (auto it = open_.find(intent_id); it != open_.end()) it->second = std::move(intent);
  return Status::Ok();
}

Status Ledger::Unanswered(const std::string& intent_id) {
  std::lock_guard lock(mu_);
  LedgerIntent intent = Current(intent_id);
  intent.unanswered_ms = Millis(clock_);
  DESKOPS_RETURN_IF_ERROR(store_.AppendLedger({next_++, LedgerEvent::kUnanswered, intent}));
  if (auto it = open_.find(intent_id); it != open_.end()) it->second = std::move(intent);
  return Status::Ok();
}

std::string_view LedgerOutcomeName(LedgerOutcome outcome) {
  switch (outcome) {
    case LedgerOutcome::kOk:
      return "ok";
    case LedgerOutcome::kFailed:
      return "failed";
    case LedgerOutcome::kSettled:
      return "settled";
    case LedgerOutcome::kAbandoned:
      return "abandoned";
  }
  return "failed";
}

Status Ledger::Done(const std::string& intent_id, LedgerOutcome outcome,
                    const std::string& detail) {
  std::lock_guard lock(mu_);
  DESKOPS_RETURN_IF_ERROR(
      store_.AppendLedger({next_++, LedgerEvent::kDone, Current(intent_id), outcome, detail}));
  open_.erase(intent_id);
  return Status::Ok();
}

std::vector<LedgerIntent> Ledger::Unfinished() const {
  std::lock_guard lock(mu_);
  std::vector<LedgerIntent> out;
  for (const auto& [id, intent] : open_) out.push_back(intent);
  return out;
}

Status Ledger::Compact() {
  std::lock_guard lock(mu_);
  std::vector<LedgerIntent> open;
  for (const auto& [id, intent] : open_) open.push_back(intent);
  return store_.CompactLedger(open, next_);
}

}  // namespace deskops::reconcilers
