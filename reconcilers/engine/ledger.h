#pragma once
// The write-ahead ledger: every mutating call's intent is appended (and fsynced) *before* the call
// is sent, its job ID after the answer, and its end when it is known (Crossplane's "create pending"
// marker, made durable). After a crash, a restarted deskops reads the unfinished entries: it
// resumes following their jobs, and never issues a second create for an object whose create may be
// in flight. Kept by a StateStore (state_store.h): JSON lines in the state directory, where a torn
// last line (the crash hit the append itself, so that call was never sent) is ignored and any other
// damage is an error, or one key per open intent in etcd. Thread-safe.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status_or.h"

namespace deskops::reconcilers {

class StateStore;

// How a recorded call ended: it succeeded, failed, was settled by what a later run observed after a
// crash (the objects exist, or its job ended), or was given up (nothing appeared in time).
enum class LedgerOutcome { kOk, kFailed, kSettled, kAbandoned };
std::string_view LedgerOutcomeName(LedgerOutcome outcome);

struct LedgerIntent {
  std::string id;
  std::string op;  // operation ID, e.g. desktops.create
  std::string kind;
  std::vector<std::string> names;  // objects the call acts on
  std::string job_id;              // once the answer named one
  long long at_ms = 0;             // wall-clock milliseconds when recorded
  // When the call came back without an answer (outcome unknown; 0: it has not): its last
  // attempt was sent before then.
  long long unanswered_ms = 0;
};

class Ledger {
 public:
  // Opens (creating) the ledger at `path`; an empty path keeps it in memory only.
  static core::StatusOr<std::unique_ptr<Ledger>> Open(const std::string& path,
                                                      const core::Clock& clock);
  // Opens the ledger `store` keeps; the store must outlive it.
  static core::StatusOr<std::unique_ptr<Ledger>> Open(StateStore& store, const core::Clock& clock);
  ~Ledger();

  // Records the intent durably and returns its ID. The call must not be sent if this fails.
  core::StatusOr<std::string> Intent(const std::string& op, const std::string& kind,
                                     const std::vector<std::string>& names);
  core::Status Sent(const std::string& intent_id, const std::string& job_id);
  // The call ended without an answer (it may have been applied): the intent stays open, and
  // records when the call was given up.
  core::Status Unanswered(const std::string& intent_id);
  // The end of the call (with the reason when it failed).
  core::Status Done(const std::string& intent_id, LedgerOutcome outcome,
                    const std::string& detail = "");

  std::vector<LedgerIntent> Unfinished() const;
  // The line number of a torn last line found when opening (0: none), for the caller to report.
  std::size_t torn_line() const { return torn_line_; }
  // Where it is kept, for messages (the file of a state directory).
  const std::string& path() const { return path_; }
  // Rewrites the file with only the unfinished entries.
  core::Status Compact();

 private:
  Ledger(StateStore& store, const core::Clock& clock);
  core::Status Load();
  LedgerIntent Current(const std::string& intent_id) const;  // mu_ held

  std::unique_ptr<StateStore> owned_;  // Open(path): the state directory's store
  StateStore& store_;
  std::string path_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, LedgerIntent> open_;  // unfinished, by ID
  long long next_ = 0;
  std::size_t torn_line_ = 0;
};

}  // namespace deskops::reconcilers
