#pragma once
// JobEngine: the asynchronous side of the API (4.28). Every async call starts one job with one
// sub-job per affected desktop; the job moves WAITING -> RUNNING -> SUCCESS or FAILED according to
// its Progression, chosen per job type (ProgressionConfig, set with PUT /_sim/jobs):
//   immediate  terminal when the call returns (the effect is already visible);
//   seconds N  WAITING for the first tenth of N seconds, RUNNING with `process` rising with the
//              clock, terminal N seconds after the call;
//   reads N    WAITING until read, RUNNING on reads 1..N-1 of 4.28.1, terminal on the Nth read.
// When a job becomes terminal its effect is applied to the state (job_effects.h): created desktops
// become ACTIVE (or ERROR when the job fails), stopped ones SHUTOFF, and so on. Time comes from the
// injected core::Clock, so tests drive the seconds mode with a FakeClock.
// Not thread-safe; guarded by the Simulator's lock. Tick() runs at the start of every request.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status_or.h"
#include "simulator/model.h"
#include "simulator/state.h"

namespace deskops::simulator {

struct ProgressionConfig {
  Progression fallback;
  std::map<std::string, Progression, std::less<>> per_type;

  Progression For(std::string_view job_type) const;
};

// {"mode": "seconds", "value": 5}
nlohmann::json ProgressionToJson(const Progression& p);
core::StatusOr<Progression> ProgressionFromJson(const nlohmann::json& j);
// "immediate", "seconds:5", "reads:3" (the --jobs flag).
core::StatusOr<Progression> ParseProgression(std::string_view text);
// {"default": {...}, "job_types": {"createDesktops": {...}}}
nlohmann::json ProgressionConfigToJson(const ProgressionConfig& c);
core::StatusOr<ProgressionConfig> ProgressionConfigFromJson(const nlohmann::json& j);

std::string_view JobPhaseName(JobPhase phase);  // WAITING | RUNNING | SUCCESS | FAILED

struct JobSpec {
  std::string job_type;
  std::string pool_id;
  std::vector<SubJob> subs;  // IDs are assigned by Start
  nlohmann::json effect;
  bool fail = false;
  std::string fail_code = "WKS.0005";
  std::string fail_reason = "Failed to invoke ECS interface.";
};

class JobEngine {
 public:
  JobEngine(State& state, const core::Clock& clock);

  ProgressionConfig& progression() { return progression_; }
  const ProgressionConfig& progression() const { return progression_; }

  // Creates the job; an immediate one is complete (effect applied) when this returns.
  Job* Start(JobSpec spec);
  // Completes the seconds-mode jobs whose time has come, oldest first.
  void Tick();
  // A read of the job through 4.28.1: advances a reads-mode job by one step.
  void Read(Job* job);
  // Where the job is now, and its progress 0..100.
  JobPhase Phase(const Job& job, int* process = nullptr) const;
  // Rebuilds the schedule of unfinished seconds-mode jobs (after a restore).
  void Reschedule();
  void Clear() { due_.clear(); }

 private:
  void Complete(Job* job, std::int64_t end_ms);
  std::int64_t NowMs() const;

  State& state_;
  const core::Clock& clock_;
  ProgressionConfig progression_;
  std::multimap<std::int64_t, std::string> due_;  // end time -> job ID (seconds mode)
};

}  // namespace deskops::simulator
