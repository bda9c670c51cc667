#pragma once
// Reading Workspace jobs (4.28) and deciding what they mean. A job is done only when its status
// and every sub-job's status say so: a FAILED job, or any FAILED sub-job, is a failure (some tools
// map a FAILED job to "completed"; prior-art.md). Statuses other than the documented
// SUCCESS/RUNNING/FAILED/WAITING count as still in progress, except the failure spellings other
// task families use (FAIL, ERROR). Thread-safe like ApiClient.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "core/clock.h"
#include "core/status_or.h"

namespace deskops::cloud::jobs {

struct Entities {
  std::string desktop_id, product_id, user_name, desktop_name, ip_address;
};

struct SubJob {
  std::string id, job_id, job_type, status, error_code, fail_reason, begin_time, end_time;
  std::int64_t process = 0;
  Entities entities;
};

struct Job {
  std::string id, job_type, status, begin_time, end_time, job_error_code, fail_reason;
  std::int64_t sub_jobs_total = 0;
  std::vector<SubJob> sub_jobs;
};

enum class State { kRunning, kSuccess, kFailed };

struct Failure {
  std::string sub_job_id, desktop_id, desktop_name, error_code, reason;
};

struct Outcome {
  State state = State::kRunning;
  std::vector<Failure> failures;         // failed sub-jobs, or the job itself
  std::vector<std::string> desktop_ids;  // entities.desktop_id of sub-jobs (created desktops)
  int sub_jobs_done = 0, sub_jobs_total = 0;
  std::string Describe() const;  // "FAILED: desktop d1 (eng-01): WKS.0106 quota ..."
};

// 4.28.1.
core::StatusOr<Job> Get(ApiClient& client, const std::string& job_id);
// 4.28.2, filtered by job and/or status (SUCCESS, RUNNING, FAILED, WAITING).
core::StatusOr<std::vector<SubJob>> ListSubJobs(ApiClient& client, const std::string& job_id,
                                                const std::string& status = "");
// 4.28.2 by job type (createDesktops, createDesktopPool, ...) and statuses (the query repeats
// status, example L44222): what is in progress of a kind of task, e.g. the creates an earlier run
// may have started before it crashed.
core::StatusOr<std::vector<SubJob>> ListSubJobsOfType(ApiClient& client,
                                                      const std::string& job_type,
                                                      const std::vector<std::string>& statuses);

// What a job's statuses add up to. Pure.
Outcome Summarize(const Job& job);

struct WaitOptions {
  std::chrono::milliseconds first_poll{2'000};
  std::chrono::milliseconds max_poll{30'000};
  std::chrono::milliseconds timeout{std::chrono::minutes(60)};
  // When set and true, Wait returns CANCELLED between polls (deskops is shutting down).
  const std::atomic<bool>* stop = nullptr;
};
// For tools and tests (deskops' engine follows jobs with reconcilers/engine/steps.h WaitForJobs).
// Polls until the job succeeds or fails (backing off between reads) or the timeout passes
// (DEADLINE_EXCEEDED). A failed job is returned as an Outcome with state kFailed, not an error:
// the error Status is for not being able to read it.
core::StatusOr<Outcome> Wait(ApiClient& client, const std::string& job_id, const core::Clock& clock,
                             const WaitOptions& options = {});

}  // namespace deskops::cloud::jobs
