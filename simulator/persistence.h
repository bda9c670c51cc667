#pragma once
// Saving and restoring the simulated tenant. A snapshot is one JSON document (the simulator's own
// field names, model_json.h) holding every store, the jobs with their progress, the quota limits,
// the job progression and each resource family's part under the family's name (resource.h); GET
// /_sim/state serves the same document. Files are replaced crash- safely: written to PATH.tmp,
// fsync'd, renamed over PATH, and the directory fsync'd, so PATH always holds a whole snapshot.
// Snapshot/Restore run under the Simulator's lock; the file functions may run on any thread.

#include <nlohmann/json.hpp>
#include <string>

#include "core/status_or.h"
#include "simulator/jobs.h"
#include "simulator/state.h"

namespace deskops::simulator {

inline constexpr int kSnapshotVersion = 1;

nlohmann::json Snapshot(const State& state, const JobEngine& jobs);
// Replaces the state (and the job progression) with the snapshot's.
core::Status Restore(const nlohmann::json& snapshot, State* state, JobEngine* jobs);

core::Status WriteFileAtomically(const std::string& path, const std::string& content);
core::StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace deskops::simulator
