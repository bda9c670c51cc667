#pragma once
// What one reconcile pass of the daemon amounts to: the statuses of the objects it reconciled,
// whether it succeeded, which objects failed (for their backoff), a summary line and log fields,
// and the metrics it feeds. Pure digestion of the engine's results.

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/log.h"
#include "daemon/metrics/metrics.h"
#include "daemon/status/object_status.h"
#include "reconcilers/engine/engine.h"
#include "specs/manifest_set.h"

namespace deskops::daemon {

struct PassInput {
  std::set<std::string> kinds;  // reconciled this pass
  std::vector<std::string> all_kinds;
  const specs::ManifestSet* manifests = nullptr;     // null when they did not load
  const reconcilers::Plan* plan = nullptr;           // null when planning failed
  const reconcilers::ApplyReport* report = nullptr;  // null when nothing ran
  const reconcilers::Engine* engine = nullptr;
  std::string failure;    // why the pass failed before it had a plan
  bool stopping = false;  // deskops was stopping: what the plan did not apply waits for next time
};

struct PassOutcome {
  bool ok = false;       // no load, observe, plan or action failure, and the whole plan applied
  bool changed = false;  // some action succeeded
  bool stopped = false;  // deskops stopped before the plan was applied in full
  // Runnable actions that did not run: not started because deskops was stopping, or skipped
  // because an action they depend on failed. A pass that leaves any is not a clean pass.
  std::size_t not_applied = 0;
  std::size_t runnable = 0, held = 0, errors = 0, in_sync = 0, waiting = 0;
  std::map<std::string, std::string> failures;  // "Kind/name" -> error, of failed actions
  std::map<std::string, ObjectStatus> objects;  // every object's status after the pass
  std::map<std::string, int> held_by_gate;
  // The earliest time an action each gate holds goes ahead, for gates that know (Unix seconds).
  std::map<std::string, double> held_until_by_gate;
  std::map<std::string, int> drifted, corrected;  // objects, by kind
  std::string summary;
  std::vector<core::LogField> log_fields;
};

PassOutcome DigestPass(const PassInput& in, const std::map<std::string, ObjectStatus>& previous,
                       std::chrono::system_clock::time_point now);

void RecordPassMetrics(Metrics& metrics, const PassInput& in, const PassOutcome& out);

}  // namespace deskops::daemon
