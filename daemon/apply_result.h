#pragma once
// The machine-readable result of `deskops apply -o json`: every round's plan (as `plan -o json`
// renders it) and the outcome of each action it ran, then how the apply ended. Printed once, at
// the end, on stdout; nothing else goes to stdout with -o json. Secrets are masked (the plan's
// text passes the SecretRegistry, errors too). Main thread only.
//
//   {"format_version": 1, "result": "converged", "exit_code": 0, "message": "...",
//    "in_sync": 12, "rounds": [{"round": 1, "plan": {...}, "outcomes": [{"kind": "User",
//    "name": "alice", "verb": "create", "result": "succeeded", "error": ""}], "summary": "..."}],
//    "final_plan": {...}, "api_calls": {"total": 40, "mutating": 12, "retries": 0}}

#include <cstddef>
#include <string>
#include <string_view>

#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/plan.h"

namespace deskops::daemon {

// How an apply ended. kConverged: every declared object exists and matches; kNotConverged: changes
// held by a gate; kFailed: failures or errors; kStale: a saved plan no longer holds; kAppliedPlan:
// a saved plan was applied.
enum class ApplyEnd { kConverged, kNotConverged, kFailed, kStale, kAppliedPlan, kGaveUp };
std::string_view ApplyEndName(ApplyEnd end);

struct ApiCallCounts {
  std::size_t total = 0, mutating = 0, retries = 0;
};

class ApplyResult {
 public:
  // A round that executed `plan`; `report` is what it did.
  void Round(int round, const reconcilers::Plan& plan, const reconcilers::ApplyReport& report);
  // The apply ended: `plan` is the last plan (nullptr when none was made), `message` the line the
  // text output ends with.
  std::string Render(ApplyEnd end, int exit_code, std::string_view message,
                     const reconcilers::Plan* final_plan, const ApiCallCounts& calls) const;

 private:
  std::string rounds_ = "[]";  // JSON text, built up round by round
};

}  // namespace deskops::daemon
