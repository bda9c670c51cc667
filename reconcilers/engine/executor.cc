#include "reconcilers/engine/executor.h"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "core/strings.h"

namespace deskops::reconcilers {

using core::Status;
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
                " skipped (a dependency failed, or deskops stopped before it ran), ", held,
                " held");
}

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

// A create's call was accepted: the objects are deskops' from now on (so a crash before its job
// ends cannot orphan them), with their ID when the answer carried it.
void Executor::Accepted(const Action& action, const ActionResult& result) {
  if (!result.status.ok() || !action.creates()) return;
  ctx_.inventory.Own(action.kind, action.name, result.id);
  if (!result.id.empty()) ctx_.index.Put({action.kind, action.name, result.id, {}});
}

std::vector<Executor::Tracked> Executor::ExecuteBatches(const std::vector<const Action*>& runnable,
                                                        const Reconciler& kind) {
  auto batches = Batches(runnable);
  std::vector<Tracked> tracked;
  std::mutex mu;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < batches.size();) {
      std::vector<ActionResult> results;
      if (ctx_.Stopping()) {
        results.assign(batches[i].size(), ActionResult{Status::Cancelled(kNotStartedStopping)});
      } else {
        results = kind.Execute(ctx_, batches[i]);
      }
      std::lock_guard lock(mu);
      for (std::size_t k = 0; k < batches[i].size(); ++k) {
        ActionResult r =
            k < results.size() ? results[k] : ActionResult{Status::Internal("no result")};
        Accepted(*batches[i][k], r);
        tracked.push_back({batches[i][k], std::move(r), {}});
      }
    }
  };
  std::vector<std::thread> pool;
  const int n =
      std::max(1, std::min<int>(ctx_.options.concurrency, static_cast<int>(batches.size())));
  for (int i = 0; i < n; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return tracked;
}

// A job several objects share can fail for some of them only: when every failed sub-job names one
// of the job's own objects, the other objects' parts succeeded, and their actions did too
// (failures stay with their object). `keys` are the object keys of the job's actions.
bool Executor::SucceededInFailedJob(const Action& action, const JobEnd& end,
                                    const std::set<std::string>& keys) {
  if (end.why != JobEnd::Why::kEnded || end.outcome.failures.empty()) return false;
  const std::string key = ObjectKey(action.kind, action.name);
  for (const auto& f : end.outcome.failures) {
    if (f.desktop_name.empty()) return false;  // the job failed as a whole
    const std::string failed = ObjectKey(action.kind, f.desktop_name);
    if (failed == key || !keys.count(failed)) return false;  // this one, or someone else's part
  }
  return true;
}

void Executor::FollowJobs(std::vector<Tracked>& tracked) {
  std::map<std::string, const cloud::Operation*> jobs;
  for (const auto& t : tracked) {
    if (!t.result.job_id.empty() && t.result.status.ok()) jobs[t.result.job_id] = t.result.op;
  }
  if (jobs.empty()) return;
  const std::map<std::string, JobEnd> ends = WaitForJobs(ctx_, jobs);
  std::map<std::string, std::set<std::string>> keys;  // job ID -> its actions' objects
  for (const auto& t : tracked) {
    if (!t.result.job_id.empty()) {
      keys[t.result.job_id].insert(ObjectKey(t.action->kind, t.action->name));
    }
  }
  std::set<std::string> closed;
  for (auto& t : tracked) {
    if (t.result.job_id.empty() || !t.result.status.ok()) continue;
    const JobEnd& end = ends.at(t.result.job_id);
    if (end.why == JobEnd::Why::kStopped) {
      // The ledger keeps the job: the next run follows it to the end.
      t.result.status = Status::Cancelled(
          StrCat("deskops stopped while job ", t.result.job_id, " ran; the next run follows it"));
      continue;
    }
    if (!end.ok() && !SucceededInFailedJob(*t.action, end, keys[t.result.job_id])) {
      t.result.status = Status::Aborted(StrCat(JobName(t.result), " ", end.outcome.Describe()));
    }
    t.desktop_ids = end.outcome.desktop_ids;
    if (closed.insert(t.result.intent_id).second) {
      (void)ctx_.ledger.Done(t.result.intent_id,
                             end.ok() ? LedgerOutcome::kOk : LedgerOutcome::kFailed,
                             end.ok() ? "" : end.outcome.Describe());
    }
  }
}

// Created objects whose IDs the answers did not carry: one Discover call for the phase. A create
// whose job failed may still have made its object (a desktop in ERROR): found, it stays owned and
// marked for repair; not found, the failed job left nothing and it is forgotten.
void Executor::Discover(const Reconciler& kind, std::vector<Tracked>& tracked) {
  std::vector<std::string> names, ids;
  for (const auto& t : tracked) {
    const Action& a = *t.action;
    if (!a.creates() || t.result.status.code() == core::StatusCode::kCancelled) continue;
    if (!t.result.status.ok() && t.result.job_id.empty()) continue;  // the call itself failed
    if (auto known = ctx_.index.Find(a.kind, a.name); known && !known->id.empty()) continue;
    names.push_back(a.name);
    ids.insert(ids.end(), t.desktop_ids.begin(), t.desktop_ids.end());
  }
  if (names.empty()) return;
  auto found = kind.Discover(ctx_, names, ids);
  if (!found.ok()) {
    ctx_.log.Warn("created objects not found yet; the next run looks again",
                  {{"kind", kind.Kind()}, {"error", std::string(found.status().message())}});
    return;
  }
  std::set<std::string> wanted;
  for (const auto& n : names) wanted.insert(ObjectKey(kind.Kind(), n));
  std::set<std::string> seen;
  for (LiveRef& ref : *found) {
    const std::string key = ObjectKey(ref.kind, ref.name);
    if (!wanted.count(key)) continue;
    seen.insert(key);
    ctx_.inventory.Own(ref.kind, ref.name, ref.id);
    ctx_.index.Put(std::move(ref));
  }
  for (const auto& t : tracked) {
    const Action& a = *t.action;
    const std::string key = ObjectKey(a.kind, a.name);
    if (!t.result.status.ok() && a.creates() && !t.result.job_id.empty() && !seen.count(key) &&
        wanted.count(key)) {
      ctx_.inventory.Remove(a.kind, a.name);
    }
  }
}

// The books every kind keeps alike, once each action's end is known.
void Executor::Settle(const Reconciler& kind, std::vector<Tracked>& tracked) {
  Discover(kind, tracked);
  for (const auto& t : tracked) {
    const Action& a = *t.action;
    const core::Status& s = t.result.status;
    if (s.code() == core::StatusCode::kCancelled) continue;
    if (s.ok()) {
      // A singleton is never deleted: its deletions remove a part of it (a terminal binding). It
      // is owned while its records hold something deskops made, from its first change on.
      const bool singleton = kind.Traits().singleton;
      if (a.verb == Verb::kDelete && !singleton) {
        ctx_.inventory.Remove(a.kind, a.name);
        ctx_.index.Remove(a.kind, a.name);
        continue;
      }
      if (a.creates()) ctx_.inventory.MarkCreateFailed(a.kind, a.name, false);
      if (singleton && !a.records.empty()) ctx_.inventory.Own(a.kind, a.name, "");
      if (!a.records.empty()) ctx_.inventory.Record(a.kind, a.name, a.records);
      if (singleton) {
        auto owned = ctx_.inventory.Find(a.kind, a.name);
        if (owned && owned->records.empty()) ctx_.inventory.Remove(a.kind, a.name);
      }
    } else if (a.creates() || a.taints_on_failure) {
      // What the failed call left (a desktop in ERROR) may be repaired or replaced.
      ctx_.inventory.MarkCreateFailed(a.kind, a.name, true);
    }
  }
}

void Executor::RunPhase(std::vector<const Action*> actions, const Reconciler& kind,
                        ApplyReport& report) {
  std::vector<const Action*> runnable;
  for (const Action* a : actions) {
    std::string blocker;
    for (const auto& dep : a->depends_on) {
      if (auto it = failed_.find(dep); it != failed_.end()) blocker = StrCat(dep, " ", it->second);
    }
    if (!blocker.empty()) {
      Report(report, *a,
             {ObjectKey(a->kind, a->name), std::string(VerbName(a->verb)), false, true,
              StrCat("skipped: ", blocker)});
      failed_.emplace(ObjectKey(a->kind, a->name), "failed");
      continue;
    }
    runnable.push_back(a);
  }
  std::vector<Tracked> tracked = ExecuteBatches(runnable, kind);
  FollowJobs(tracked);
  Settle(kind, tracked);
  for (const auto& t : tracked) {
    const std::string key = ObjectKey(t.action->kind, t.action->name);
    const bool ok = t.result.status.ok();
    // Not started or not followed to the end because deskops is stopping: neither done nor
    // failed; the next run plans it again.
    const bool cancelled = t.result.status.code() == core::StatusCode::kCancelled;
    if (!ok) failed_.emplace(key, "failed");
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
  // What needs an object that could not be planned is not sent: it would fail for want of it.
  for (const auto& e : plan.errors) failed_.emplace(ObjectKey(e.kind, e.name), "has a plan error");
  auto phase = [&](const Reconciler& kind, bool deletions) {
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
