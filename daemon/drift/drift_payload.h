#pragma once
// The drift webhook's JSON body: one per pass (split into several when a pass finds more than
// kMaxEventsPerPost), so a pass that finds hundreds of drifted objects makes one request, the
// receiver sees each pass's drift together, and retries and the queue bound work per pass.
//
//   {"source": "deskops", "version": "0.1.0", "time": "2026-12-07T14:00:00Z", "observeOnly": true,
//    "part": 1, "parts": 1,
//    "events": [{"kind": "User", "name": "alice", "field": "spec.userEmail",
//                "before": "x@corp", "after": "alice@example.com", "verb": "update",
//                "action": "held", "gate": "observe-mode", "reason": "..."}]}
//
// before/after are null when unset; `gate` and `reason` appear on held events, `result`
// (succeeded, failed, skipped) on taken ones once they ran. Pure; thread-safe.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "daemon/drift/drift_events.h"

namespace deskops::daemon {

inline constexpr std::size_t kMaxEventsPerPost = 500;

struct DriftPass {
  std::string version;
  std::chrono::system_clock::time_point time;
  bool observe_only = false;
};

// The bodies to POST for a pass's events, in order; none when there are no events.
std::vector<std::string> DriftPayloads(const DriftPass& pass, const std::vector<DriftEvent>& events,
                                       std::size_t max_per_post = kMaxEventsPerPost);

}  // namespace deskops::daemon
