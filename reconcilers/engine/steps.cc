#include "reconcilers/engine/steps.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>

#include "core/strings.h"

namespace deskops::reconcilers {

using core::Status;
using core::StrCat;

namespace {

// A crash point for the crash tests (tests/integration/test_crash.py): with
// DESKOPS_TEST_CRASH_POINT=<point>:<operation ID> the process ends at once, as a SIGKILL would, at
// that point of that operation's call. Points: after-intent (the intent is durable, the call not
// sent). Unset (always, outside those tests), it does nothing.
void CrashPoint(std::string_view point, std::string_view op) {
  static const char* const wanted = std::getenv("DESKOPS_TEST_CRASH_POINT");
  if (wanted && std::string_view(wanted) == StrCat(point, ":", op)) std::_Exit(137);
}

// A stop point for the fencing tests (tests/integration/etcd): with
// DESKOPS_TEST_STOP_POINT=<point>:<operation ID> the process stops itself (SIGSTOP) the first time
// it gets there, as an operator's SIGSTOP or a long pause would, until a SIGCONT. Unset, nothing.
void StopPoint(std::string_view point, std::string_view op) {
  static const char* const wanted = std::getenv("DESKOPS_TEST_STOP_POINT");
  static std::atomic<bool> stopped{false};
  if (wanted && std::string_view(wanted) == StrCat(point, ":", op) && !stopped.exchange(true)) {
    std::raise(SIGSTOP);
  }
}

// The outcome of a call not sent because this process may not act (it no longer leads).
ActionResult NotActing(const ExecContext& ctx, const cloud::Operation& op,
                       const std::vector<std::string>& names, const Status& why) {
  ctx.log.Warn("call not sent: this process may not act", {{"operation", std::string(op.id)},
                                                           {"objects", core::Join(names, ",")},
                                                           {"why", std::string(why.message())}});
  ActionResult result;
  result.op = &op;
  result.status = Status::Cancelled(StrCat("not started: ", why.message()));
  return result;
}

}  // namespace

std::vector<ActionResult> CallOnce(ExecContext& ctx, const cloud::Operation& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::StatusOr<std::string>()>& call) {
  std::vector<std::string> names;
  for (const Action* a : batch) names.push_back(a->name);
  const std::string kind = batch.empty() ? "" : batch.front()->kind;
  ActionResult result;
  result.op = &op;
  // The rate limit's slot first, then the intent, then the call: a crash while waiting for the
  // slot leaves no intent of a call that was never sent.
  cloud::ApiClient::Reservation slot = ctx.client.Reserve();
  if (ctx.Stopping()) {
    result.status = Status::Cancelled(kNotStartedStopping);
    return std::vector<ActionResult>(batch.size(), result);
  }
  if (Status may = ctx.MayAct(); !may.ok()) {
    return std::vector<ActionResult>(batch.size(), NotActing(ctx, op, names, may));
  }
  auto intent = ctx.ledger.Intent(std::string(op.id), kind, names);
  if (!intent.ok()) {
    // Without a durable intent the call is not made: a crash could not be recovered safely.
    result.status = intent.status().Annotate("write-ahead ledger");
    return std::vector<ActionResult>(batch.size(), result);
  }
  CrashPoint("after-intent", op.id);
  StopPoint("after-intent", op.id);
  // Asked again right before the send: writing the intent took time, and the process may have
  // been stopped in between. Not sent, the intent ends here (a new leader would find no trace of
  // it and close it alike; the write fails harmlessly when this process no longer leads).
  if (Status may = ctx.MayAct(); !may.ok()) {
    (void)ctx.ledger.Done(*intent, LedgerOutcome::kAbandoned, StrCat("not sent: ", may.message()));
    return std::vector<ActionResult>(batch.size(), NotActing(ctx, op, names, may));
  }
  ctx.log.Debug(
      "calling API",
      {{"kind", kind}, {"operation", std::string(op.id)}, {"objects", core::Join(names, ",")}});
  auto job = call();
  if (!job.ok()) {
    result.status = job.status();
    // UNKNOWN: the call may have been applied; leave the intent open so the next run looks for
    // the object instead of creating it again.
    if (job.status().code() != core::StatusCode::kUnknown) {
      (void)ctx.ledger.Done(*intent, LedgerOutcome::kFailed, std::string(job.status().message()));
    } else {
      (void)ctx.ledger.Unanswered(*intent);
    }
  } else if (job->empty()) {
    (void)ctx.ledger.Done(*intent, LedgerOutcome::kOk);
  } else {
    (void)ctx.ledger.Sent(*intent, *job);
    result.job_id = *job;
    result.intent_id = *intent;
    ctx.log.Debug("job started",
                  {{"kind", kind}, {"operation", std::string(op.id)}, {"job_id", *job}});
    if (ctx.observer) ctx.observer->OnJobStarted(*job, std::string(op.id));
  }
  return std::vector<ActionResult>(batch.size(), result);
}

ActionResult CallJob(ExecContext& ctx, const cloud::Operation& op, const Action& action,
                     const std::function<core::StatusOr<std::string>()>& call) {
  return CallOnce(ctx, op, {&action}, call).front();
}

std::vector<ActionResult> CallSync(ExecContext& ctx, const cloud::Operation& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::Status()>& call) {
  return CallOnce(ctx, op, batch, [&]() -> core::StatusOr<std::string> {
    DESKOPS_RETURN_IF_ERROR(call());
    return std::string();
  });
}

ActionResult CallSync(ExecContext& ctx, const cloud::Operation& op, const Action& action,
                      const std::function<core::Status()>& call) {
  return CallSync(ctx, op, std::vector<const Action*>{&action}, call).front();
}

ActionResult CallCreate(ExecContext& ctx, const cloud::Operation& op, const Action& action,
                        const std::function<core::StatusOr<std::string>()>& call) {
  std::string id;
  ActionResult r = CallSync(ctx, op, action, [&]() -> Status {
    DESKOPS_ASSIGN_OR_RETURN(id, call());
    return Status::Ok();
  });
  r.id = std::move(id);
  return r;
}

std::vector<ActionResult> EachAloneIfRefused(
    ExecContext& ctx, const std::vector<const Action*>& batch, std::vector<ActionResult> results,
    const std::function<ActionResult(std::size_t)>& single) {
  if (batch.size() < 2 || results.empty()) return results;
  const Status& s = results.front().status;
  const bool refused = !s.ok() && s.code() != core::StatusCode::kUnknown &&
                       s.http_status() / 100 == 4 && s.http_status() != 429;
  if (!refused) return results;
  ctx.log.Warn("the API refused a batch call; sending its objects one by one to find which",
               {{"kind", batch.front()->kind},
                {"objects", static_cast<long long>(batch.size())},
                {"error", std::string(s.message())}});
  for (std::size_t i = 0; i < batch.size(); ++i) results[i] = single(i);
  return results;
}

namespace {

// Sleeps for `d`, waking early when deskops is stopping. Returns false if it is.
bool SleepUnlessStopping(const ExecContext& ctx, std::chrono::milliseconds d) {
  const auto slice = std::chrono::milliseconds(100);
  for (auto left = d; left.count() > 0; left -= slice) {
    if (ctx.Stopping()) return false;
    ctx.clock.SleepFor(std::min(left, slice));
  }
  return !ctx.Stopping();
}

JobEnd Failed(JobEnd::Why why, std::string reason) {
  JobEnd end;
  end.why = why;
  end.outcome.state = cloud::jobs::State::kFailed;
  end.outcome.failures.push_back({"", "", "", "", std::move(reason)});
  return end;
}

std::string_view ObserverOutcome(const JobEnd& end) {
  switch (end.why) {
    case JobEnd::Why::kEnded:
      return end.outcome.state == cloud::jobs::State::kSuccess ? "success" : "failed";
    case JobEnd::Why::kUnreadable:
      return "failed";
    case JobEnd::Why::kTimedOut:
      return "timeout";
    case JobEnd::Why::kStopped:
      return "abandoned";
  }
  return "failed";
}

}  // namespace

std::map<std::string, JobEnd> WaitForJobs(
    ExecContext& ctx, const std::map<std::string, const cloud::Operation*>& jobs) {
  std::map<std::string, JobEnd> done;
  std::map<std::string, const cloud::Operation*> waiting = jobs;
  auto end = [&](const std::string& id, JobEnd e) {
    if (ctx.observer) {
      const cloud::Operation* op = jobs.at(id);
      ctx.observer->OnJobEnded(id, op ? std::string(op->id) : "", ObserverOutcome(e));
    }
    done[id] = std::move(e);
  };
  const auto deadline = ctx.clock.Monotonic() + ctx.options.job_timeout;
  auto pause = std::chrono::milliseconds(1000);
  while (!waiting.empty()) {
    // Stopping starts no new call, polls included: what is left is abandoned below.
    for (auto it = waiting.begin(); it != waiting.end() && !ctx.Stopping();) {
      auto job = cloud::jobs::Get(ctx.client, it->first);
      if (job.ok()) {
        cloud::jobs::Outcome o = cloud::jobs::Summarize(*job);
        if (o.state != cloud::jobs::State::kRunning) {
          end(it->first, JobEnd{JobEnd::Why::kEnded, std::move(o)});
          it = waiting.erase(it);
          continue;
        }
      } else if (job.status().code() != core::StatusCode::kUnavailable) {
        end(it->first, Failed(JobEnd::Why::kUnreadable, std::string(job.status().message())));
        it = waiting.erase(it);
        continue;
      }
      ++it;
    }
    if (waiting.empty()) break;
    if (ctx.clock.Monotonic() + pause > deadline) {
      for (const auto& [id, op] : waiting) {
        end(id, Failed(JobEnd::Why::kTimedOut, "timed out waiting for the job"));
      }
      break;
    }
    if (!SleepUnlessStopping(ctx, pause)) {
      // Shutting down: the ledger keeps these jobs; the next run follows them to the end.
      for (const auto& [id, op] : waiting) {
        end(id, Failed(JobEnd::Why::kStopped, "deskops stopped while the job ran"));
      }
      break;
    }
    pause = std::min(pause * 2, std::chrono::milliseconds(10'000));
  }
  return done;
}

std::string JobName(const ActionResult& result) {
  return StrCat(result.op ? std::string(result.op->id) + " " : "", "job ", result.job_id);
}

ActionResult AwaitJob(ExecContext& ctx, ActionResult result,
                      std::vector<std::string>* desktop_ids) {
  if (!result.status.ok() || result.job_id.empty()) return result;
  const JobEnd end = WaitForJobs(ctx, {{result.job_id, result.op}}).at(result.job_id);
  if (end.why == JobEnd::Why::kStopped) {
    // The ledger keeps the job for the next run, which follows it.
    result.status = Status::Cancelled(
        StrCat("deskops stopped while job ", result.job_id, " ran; the next run follows it"));
    return result;
  }
  std::string failure;
  if (!end.ok()) {
    failure = StrCat(JobName(result), " ", end.outcome.Describe());
  } else if (desktop_ids) {
    *desktop_ids = end.outcome.desktop_ids;
  }
  (void)ctx.ledger.Done(result.intent_id,
                        failure.empty() ? LedgerOutcome::kOk : LedgerOutcome::kFailed, failure);
  if (!failure.empty()) result.status = Status::Aborted(failure);
  result.job_id.clear();
  result.intent_id.clear();
  return result;
}

std::vector<ActionResult> RunInOrder(
    ExecContext& ctx, const std::vector<const Action*>& batch,
    const std::function<ActionResult(const Action&)>& run_one,
    const std::function<void(const Action&, ActionResult&, const std::vector<std::string>&)>&
        after) {
  std::vector<ActionResult> results;
  const Action* failed = nullptr;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Action& a = *batch[i];
    if (failed) {
      results.push_back(
          {Status::Aborted(StrCat("not attempted: the ", VerbName(failed->verb), " of ",
                                  ObjectKey(failed->kind, failed->name), " before it failed"))});
      continue;
    }
    if (ctx.Stopping()) {
      results.push_back({Status::Cancelled(kNotStartedStopping)});
      continue;
    }
    ActionResult r = run_one(a);
    std::vector<std::string> desktop_ids;
    if (i + 1 < batch.size()) r = AwaitJob(ctx, std::move(r), &desktop_ids);
    if (after && r.job_id.empty()) after(a, r, desktop_ids);
    if (!r.status.ok() && r.status.code() != core::StatusCode::kCancelled) failed = &a;
    results.push_back(std::move(r));
  }
  return results;
}

core::StatusOr<std::string> ResolveId(const LiveIndex& index, const std::string& kind,
                                      const std::string& name) {
  auto ref = index.Find(kind, name);
  if (!ref || ref->id.empty()) {
    return Status::FailedPrecondition(
        StrCat(kind, " ", core::Quote(name), " has no known ID (it does not exist yet)"));
  }
  return ref->id;
}

bool Keeps(const Action& action, std::string_view path) {
  return std::any_of(action.changes.begin(), action.changes.end(),
                     [&](const FieldChange& c) { return c.path == path; });
}

}  // namespace deskops::reconcilers
