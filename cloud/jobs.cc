#include "cloud/jobs.h"

#include "cloud/wire.h"
#include "core/strings.h"

namespace deskops::cloud::jobs {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

SubJob ReadSubJob(const json& j) {
  const json& e = jsonx::Object(j, "entities");
  return SubJob{
      jsonx::Str(j, "id"),
      jsonx::Str(j, "job_id"),
      jsonx::Str(j, "job_type"),
      jsonx::UpperStatus(jsonx::Str(j, "status")),
      jsonx::Str(j, "error_code"),
      jsonx::Str(j, "fail_reason"),
      jsonx::Str(j, "begin_time"),
      jsonx::Str(j, "end_time"),
      jsonx::Int(j, "process"),
      Entities{jsonx::Str(e, "desktop_id"), jsonx::Str(e, "product_id"), jsonx::Str(e, "user_name"),
               jsonx::Str(e, "desktop_name"), jsonx::Str(e, "ip_address")}};
}

bool IsFailed(const std::string& s) { return s == "FAILED" || s == "FAIL" || s == "ERROR"; }
bool IsSuccess(const std::string& s) { return s == "SUCCESS"; }

}  // namespace

StatusOr<Job> Get(ApiClient& client, const std::string& job_id) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetJob, {job_id}));
  Job job;
  job.id = jsonx::Str(j, "id");
  if (job.id.empty()) job.id = job_id;
  job.job_type = jsonx::Str(j, "job_type");
  job.status = jsonx::UpperStatus(jsonx::Str(j, "status"));
  job.begin_time = jsonx::Str(j, "begin_time");
  job.end_time = jsonx::Str(j, "end_time");
  job.job_error_code = jsonx::Str(j, "job_error_code");
  job.fail_reason = jsonx::Str(j, "fail_reason");
  job.sub_jobs_total = jsonx::Int(j, "sub_jobs_total");
  for (const json& s : jsonx::Array(j, "sub_jobs")) job.sub_jobs.push_back(ReadSubJob(s));
  return job;
}

StatusOr<std::vector<SubJob>> ListSubJobs(ApiClient& client, const std::string& job_id,
                                          const std::string& status) {
  std::vector<std::pair<std::string, std::string>> query = {{"job_id", job_id}};
  if (!status.empty()) query.emplace_back("status", status);
  return wire::ListAll<SubJob>(client, ops::kListSubJobs, {}, std::move(query), "jobs", ReadSubJob,
                               [](const SubJob& s) { return s.id; });
}

StatusOr<std::vector<SubJob>> ListSubJobsOfType(ApiClient& client, const std::string& job_type,
                                                const std::vector<std::string>& statuses) {
  std::vector<std::pair<std::string, std::string>> query = {{"job_type", job_type}};
  for (const auto& s : statuses) query.emplace_back("status", s);
  return wire::ListAll<SubJob>(client, ops::kListSubJobs, {}, std::move(query), "jobs", ReadSubJob,
                               [](const SubJob& s) { return s.id; });
}

Outcome Summarize(const Job& job) {
  Outcome o;
  o.sub_jobs_total =
      static_cast<int>(std::max<std::int64_t>(job.sub_jobs_total, job.sub_jobs.size()));
  bool all_done = true;
  for (const SubJob& s : job.sub_jobs) {
    if (!s.entities.desktop_id.empty()) o.desktop_ids.push_back(s.entities.desktop_id);
    if (IsFailed(s.status)) {
      o.failures.push_back(
          {s.id, s.entities.desktop_id, s.entities.desktop_name, s.error_code, s.fail_reason});
    }
    if (IsFailed(s.status) || IsSuccess(s.status)) {
      ++o.sub_jobs_done;
    } else {
      all_done = false;
    }
  }
  if (IsFailed(job.status)) {
    if (o.failures.empty()) {
      o.failures.push_back({"", "", "", job.job_error_code, job.fail_reason});
    }
    o.state = State::kFailed;
  } else if (!o.failures.empty() && all_done) {
    o.state = State::kFailed;  // a "successful" job with a failed sub-job is a failure
  } else if (IsSuccess(job.status) && all_done) {
    o.state = o.failures.empty() ? State::kSuccess : State::kFailed;
  }
  return o;
}

std::string Outcome::Describe() const {
  switch (state) {
    case State::kRunning:
      return core::StrCat("running (", sub_jobs_done, "/", sub_jobs_total, " sub-jobs done)");
    case State::kSuccess:
      return "succeeded";
    case State::kFailed:
      break;
  }
  std::vector<std::string> parts;
  for (const Failure& f : failures) {
    std::string what =
        f.desktop_id.empty() ? std::string("job") : core::StrCat("desktop ", f.desktop_id);
    if (!f.desktop_name.empty()) what += core::StrCat(" (", f.desktop_name, ")");
    std::string why = f.error_code;
    if (!f.reason.empty()) why += (why.empty() ? "" : " ") + f.reason;
    parts.push_back(what + ": " + (why.empty() ? "no reason given" : why));
  }
  return "failed: " + core::Join(parts, "; ");
}

StatusOr<Outcome> Wait(ApiClient& client, const std::string& job_id, const core::Clock& clock,
                       const WaitOptions& options) {
  const auto deadline = clock.Monotonic() + options.timeout;
  auto poll = options.first_poll;
  while (true) {
    DESKOPS_ASSIGN_OR_RETURN(Job job, Get(client, job_id));
    Outcome o = Summarize(job);
    if (o.state != State::kRunning) return o;
    if (clock.Monotonic() + poll > deadline) {
      return Status::DeadlineExceeded(core::StrCat(
          "job ", job_id, " still ", o.Describe(), " after ",
          std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count(), "s"));
    }
    // Sleep in slices, so a stop request is seen within a fraction of a second.
    for (auto left = poll; left.count() > 0; left -= std::chrono::milliseconds(100)) {
      if (options.stop && options.stop->load()) {
        return Status::Cancelled(core::StrCat("stopped waiting for job ", job_id));
      }
      clock.SleepFor(std::min(left, std::chrono::milliseconds(100)));
    }
    poll = std::min(poll * 2, options.max_poll);
  }
}

}  // namespace deskops::cloud::jobs
