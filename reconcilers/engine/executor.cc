#include "reconcilers/engine/executor.h"

#include <atomic>
#include <map>
#include <thread>

#include "cloud/jobs.h"
#include "core/strings.h"

namespace deskops::reconcilers {

using core::StrCat;

std::size_t ApplyReport::Succeeded() const {
  return std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.ok; });
}
std::size_t ApplyReport::Skipped() const {
  return std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.skipped; });
}
std::size_t ApplyReport::Failed() const { return outcomes.size() - Succeeded() - Skipped(); }

std::string ApplyReport::Summary() const {
  return StrCat(Succeeded(), " succeeded, ", Failed(), " failed, ", Skipped(),
                " skipped (a dependency failed or deskops stopped), ", held, " held");
}

std::string JobName(const ActionResult& result) {
  return StrCat(result.op.empty() ? "" : result.op + " ", "job ", result.job_id);
}

std::vector<ActionResult> CallOnce(ExecContext& ctx, const std::string& op,
                                   const std::vector<const Action*>& batch,
                                   const std::function<core::StatusOr<std::string>()>& call) {
  std::vector<std::string> names;
  for (const Action* a : batch) names.push_back(a->name);
  const std::string kind = batch.empty() ? "" : batch.front()->kind;
  ActionResult result;
  auto intent = ctx.ledger.Intent(op, kind, names);
  if (!intent.ok()) {
    // Without a durable intent the call is not made: a crash could not be recovered safely.
    result.status = intent.status().Annotate("write-ahead ledger");
    return std::vector<ActionResult>(batch.size(), result);
  }
  ctx.log.Info("calling API",
               {{"kind", kind}, {"operation", op}, {"objects", core::Join(names, ",")}});
  auto job = call();
  if (!job.ok()) {
    result.status = job.status();
    // UNKNOWN: the call may have been applied; leave the intent open so the next run waits for
    // the object to show up instead of creating it again.
    if (job.status().code() != core::StatusCode::kUnknown) {
      (void)ctx.ledger.Done(*intent, "failed", std::string(job.status().message()));
    }
  } else if (job->empty()) {
    (void)ctx.ledger.Done(*intent, "ok");
  } else {
    (void)ctx.ledger.Sent(*intent, *job);
    result.job_id = *job;
    result.intent_id = *intent;
    result.op = op;
    ctx.log.Info("job started", {{"kind", kind}, {"operation", op}, {"job_id", *job}});
    if (ctx.observer) ctx.observer->OnJobStarted(*job, op);
  }
  return std::vector<ActionResult>(batch.size(), result);
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

}  // namespace

std::vector<std::vector<const Action*>> Executor::Batches(
    const std::vector<const Action*>& actions) const {
  std::vector<std::vector<const Action*>> out;
  std::map<std::string, std::size_t> by_key;
  for (const Action* a : actions) {
    if (a->batch_key.empty()) {
      out.push_back({a});
      continue;
    }
    auto [it, inserted] = by_key.emplace(a->batch_key, out.size());
    if (inserted) out.emplace_back();
    out[it->second].push_back(a);
  }
  return out;
}

void Executor::FollowJobs(std::vector<Tracked>& tracked) {
  std::map<std::string, cloud::jobs::Outcome> done;  // by job ID
  std::map<std::string, std::string> waiting;        // job ID -> operation
  for (const auto& t : tracked) {
    if (!t.result.job_id.empty() && t.result.status.ok()) waiting[t.result.job_id] = t.result.op;
  }
  auto ended = [&](const std::string& id, const std::string& op, std::string_view outcome) {
    if (ctx_.observer) ctx_.observer->OnJobEnded(id, op, outcome);
  };
  std::set<std::string> abandoned;
  const auto deadline = ctx_.clock.Monotonic() + ctx_.options.job_timeout;
  auto pause = std::chrono::milliseconds(1000);
  while (!waiting.empty()) {
    // Stopping starts no new call, polls included: what is left is abandoned below.
    for (auto it = waiting.begin(); it != waiting.end() && !ctx_.Stopping();) {
      auto job = cloud::jobs::Get(ctx_.client, it->first);
      if (job.ok()) {
        auto o = cloud::jobs::Summarize(*job);
        if (o.state != cloud::jobs::State::kRunning) {
          done[it->first] = o;
          ended(it->first, it->second,
                o.state == cloud::jobs::State::kSuccess ? "success" : "failed");
          it = waiting.erase(it);
          continue;
        }
      } else if (job.status().code() != core::StatusCode::kUnavailable) {
        cloud::jobs::Outcome o;
        o.state = cloud::jobs::State::kFailed;
        o.failures.push_back({"", "", "", "", std::string(job.status().message())});
        done[it->first] = o;
        ended(it->first, it->second, "failed");
        it = waiting.erase(it);
        continue;
      }
      ++it;
    }
    if (waiting.empty()) break;
    if (ctx_.clock.Monotonic() + pause > deadline) {
      for (const auto& [id, op] : waiting) {
        cloud::jobs::Outcome o;
        o.state = cloud::jobs::State::kFailed;
        o.failures.push_back({"", "", "", "", "timed out waiting for the job"});
        done[id] = o;
        ended(id, op, "timeout");
      }
      break;
    }
    if (!SleepUnlessStopping(ctx_, pause)) {
      // Shutting down: the ledger keeps these jobs; the next run follows them to the end.
      for (const auto& [id, op] : waiting) {
        abandoned.insert(id);
        ended(id, op, "abandoned");
      }
      break;
    }
    pause = std::min(pause * 2, std::chrono::milliseconds(10'000));
  }
  std::set<std::string> closed;
  for (auto& t : tracked) {
    if (t.result.job_id.empty() || !t.result.status.ok()) continue;
    if (abandoned.count(t.result.job_id)) {
      t.result.status = core::Status::Cancelled(
          StrCat("deskops stopped while job ", t.result.job_id, " ran; the next run follows it"));
      continue;
    }
    const auto& o = done[t.result.job_id];
    const bool ok = o.state == cloud::jobs::State::kSuccess;
    if (!ok) {
      t.result.status = core::Status::Aborted(StrCat(JobName(t.result), " ", o.Describe()));
    }
    if (closed.insert(t.result.intent_id).second) {
      (void)ctx_.ledger.Done(t.result.intent_id, ok ? "ok" : "failed", ok ? "" : o.Describe());
    }
    t.kind->AfterJob(ctx_, *t.action, ok, o.desktop_ids);
  }
}

void Executor::RunPhase(std::vector<const Action*> actions, Reconciler& kind, ApplyReport& report) {
  std::vector<const Action*> runnable;
  for (const Action* a : actions) {
    std::string blocker;
    for (const auto& dep : a->depends_on) {
      if (failed_.count(dep)) blocker = dep;
    }
    if (!blocker.empty()) {
      Report(report, *a,
             {ObjectKey(a->kind, a->name), std::string(VerbName(a->verb)), false, true,
              StrCat("skipped: ", blocker, " failed")});
      failed_.insert(ObjectKey(a->kind, a->name));
      continue;
    }
    runnable.push_back(a);
  }
  auto batches = Batches(runnable);
  std::vector<Tracked> tracked;
  std::mutex mu;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < batches.size();) {
      if (ctx_.Stopping()) {
        std::lock_guard lock(mu);
        for (const Action* a : batches[i]) {
          tracked.push_back({a, &kind, {core::Status::Cancelled(kNotStartedStopping), "", ""}});
        }
        continue;
      }
      auto results = kind.Execute(ctx_, batches[i]);
      std::lock_guard lock(mu);
      for (std::size_t k = 0; k < batches[i].size(); ++k) {
        ActionResult r = k < results.size()
                             ? results[k]
                             : ActionResult{core::Status::Internal("no result"), "", ""};
        tracked.push_back({batches[i][k], &kind, r});
      }
    }
  };
  std::vector<std::thread> pool;
  const int n =
      std::max(1, std::min<int>(ctx_.options.concurrency, static_cast<int>(batches.size())));
  for (int i = 0; i < n; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  FollowJobs(tracked);
  for (const auto& t : tracked) {
    const std::string key = ObjectKey(t.action->kind, t.action->name);
    const bool ok = t.result.status.ok();
    // Not started or not followed to the end because deskops is stopping: neither done nor
    // failed; the next run plans it again.
    const bool cancelled = t.result.status.code() == core::StatusCode::kCancelled;
    if (!ok) failed_.insert(key);
    Report(report, *t.action,
           {key, std::string(VerbName(t.action->verb)), ok, cancelled,
            ok ? "" : std::string(t.result.status.message())});
    if (!ok && !cancelled) {
      ctx_.log.Error("action failed", {{"kind", t.action->kind},
                                       {"name", t.action->name},
                                       {"action", std::string(VerbName(t.action->verb))},
                                       {"error", std::string(t.result.status.message())}});
    }
  }
  (void)ctx_.inventory.Save();
}

void Executor::Report(ApplyReport& report, const Action& action, ActionOutcome outcome) {
  if (ctx_.observer) ctx_.observer->OnOutcome(action, outcome);
  report.outcomes.push_back(std::move(outcome));
}

ApplyReport Executor::Run(const Plan& plan) {
  ApplyReport report;
  report.held = plan.Held();
  auto phase = [&](Reconciler& kind, bool deletions) {
    std::vector<const Action*> actions;
    for (const auto& a : plan.actions) {
      if (a.kind == kind.Kind() && !a.held() && (a.verb == Verb::kDelete) == deletions) {
        actions.push_back(&a);
      }
    }
    if (actions.empty()) return;
    if (!ctx_.Stopping()) return RunPhase(std::move(actions), kind, report);
    // Every runnable action gets an outcome, so a pass cut short never looks complete.
    for (const Action* a : actions) {
      Report(report, *a,
             {ObjectKey(a->kind, a->name), std::string(VerbName(a->verb)), false, true,
              kNotStartedStopping});
    }
  };
  for (const auto& kind : kinds_) phase(*kind, false);
  for (auto it = kinds_.rbegin(); it != kinds_.rend(); ++it) phase(**it, true);
  return report;
}

}  // namespace deskops::reconcilers
