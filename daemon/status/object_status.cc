#include "daemon/status/object_status.h"

#include <algorithm>

#include "core/strings.h"
#include "reconcilers/engine/action.h"

namespace deskops::daemon {

using core::StrCat;
using reconcilers::Action;
using reconcilers::ActionOutcome;
using reconcilers::ObjectKey;
using reconcilers::Verb;
using Time = std::chrono::system_clock::time_point;

namespace {

// Everything one pass said about one object.
struct Evidence {
  std::vector<const Action*> actions;
  std::vector<std::string> errors;
  std::vector<const ActionOutcome*> outcomes;
  bool suspended = false;
  std::vector<const reconcilers::LedgerIntent*> intents;
};

Condition Cond(std::string status, std::string reason, std::string message) {
  return {std::move(status), std::move(reason), std::move(message), {}};
}

Condition Synced(const ObjectStatus& st, const Evidence& ev, bool applied) {
  if (ev.suspended)
    return Cond("Unknown", "Suspended", "deskops.io/suspend is set; deskops leaves it alone");
  if (!ev.errors.empty()) return Cond("False", "PlanError", core::Join(ev.errors, "; "));
  for (const ActionOutcome* o : ev.outcomes) {
    if (!o->ok && !o->skipped) return Cond("False", "ApplyFailed", StrCat(o->verb, ": ", o->error));
  }
  for (const ActionOutcome* o : ev.outcomes) {
    if (o->skipped) {
      const bool dependency = core::StartsWith(o->error, "skipped:");
      return Cond("False", dependency ? "DependencyFailed" : "Interrupted",
                  StrCat(o->verb, ": ", o->error));
    }
  }
  for (const Action* a : ev.actions) {
    if (a->held()) {
      return Cond("False", st.declared ? "Held" : "Orphaned",
                  StrCat(reconcilers::VerbName(a->verb), " held by ",
                         reconcilers::GateName(a->held_by), ": ", a->held_reason));
    }
  }
  std::vector<std::string> changes;
  for (const Action* a : ev.actions) {
    if (a->verb != Verb::kAdopt) changes.emplace_back(reconcilers::VerbName(a->verb));
  }
  if (changes.empty()) return Cond("True", "InSync", "matches its manifest");
  if (applied && !ev.outcomes.empty()) {
    return Cond("True", "Reconciled", StrCat("changed: ", core::Join(changes, ", ")));
  }
  return Cond("False", "Drifted",
              StrCat("differs from its manifest; planned: ", core::Join(changes, ", ")));
}

Condition Ready(const ObjectStatus& st, const Evidence& ev,
                const std::pair<std::string, std::string>* live) {
  if (live) {
    for (const Action* a : ev.actions) {
      if (a->verb == Verb::kDelete && !a->held())
        return Cond("False", "Deleting", "deletion planned");
    }
    if (!live->second.empty()) return Cond("False", "NotReady", live->second);
    return Cond("True", "Available", "exists in the tenant");
  }
  for (const auto* intent : ev.intents) {
    if (intent->op.find("create") != std::string::npos) {
      return Cond("False", "Creating",
                  intent->job_id.empty() ? "a create is in flight"
                                         : StrCat("job ", intent->job_id, " is creating it"));
    }
  }
  (void)st;
  return Cond("False", "NotFound", "not in the tenant yet");
}

void Carry(Condition& now, const Condition* before, Time at) {
  now.last_transition = (before && before->status == now.status) ? before->last_transition : at;
}

}  // namespace

std::map<std::string, ObjectStatus> ComputeStatuses(
    const PassFacts& facts, const std::map<std::string, ObjectStatus>& previous, Time now) {
  std::map<std::string, ObjectStatus> out;
  for (const auto& [key, st] : previous) {
    if (!facts.kinds.count(st.kind)) out.emplace(key, st);
  }
  std::map<std::string, Evidence> evidence;
  std::map<std::string, ObjectStatus> fresh;
  auto touch = [&](const std::string& kind, const std::string& name, bool declared) {
    if (!facts.kinds.count(kind)) return;
    ObjectStatus& st = fresh[ObjectKey(kind, name)];
    st.kind = kind;
    st.name = name;
    st.declared = st.declared || declared;
  };
  for (const auto& [kind, name] : facts.declared) touch(kind, name, true);
  for (const auto& [kind, name] : facts.owned) touch(kind, name, false);
  if (facts.plan) {
    for (const auto& a : facts.plan->actions)
      evidence[ObjectKey(a.kind, a.name)].actions.push_back(&a);
    for (const auto& e : facts.plan->errors)
      evidence[ObjectKey(e.kind, e.name)].errors.push_back(e.message);
    for (const auto& k : facts.plan->suspended) evidence[k].suspended = true;
  }
  if (facts.report) {
    for (const auto& o : facts.report->outcomes) evidence[o.key].outcomes.push_back(&o);
  }
  for (const auto& intent : facts.unfinished) {
    for (const auto& n : intent.names)
      evidence[ObjectKey(intent.kind, n)].intents.push_back(&intent);
  }
  for (auto& [key, st] : fresh) {
    const Evidence& ev = evidence[key];
    auto live_it = facts.live.find(key);
    const auto* live = live_it == facts.live.end() ? nullptr : &live_it->second;
    if (live) st.id = live->first;
    st.synced = Synced(st, ev, facts.report != nullptr);
    st.ready = Ready(st, ev, live);
    auto prev_it = previous.find(key);
    const ObjectStatus* prev = prev_it == previous.end() ? nullptr : &prev_it->second;
    Carry(st.synced, prev ? &prev->synced : nullptr, now);
    Carry(st.ready, prev ? &prev->ready : nullptr, now);
    if (st.synced.reason == "PlanError" || st.synced.reason == "ApplyFailed") {
      st.last_error = st.synced.message;
      st.last_error_time = now;
    } else if (prev) {
      st.last_error = prev->last_error;
      st.last_error_time = prev->last_error_time;
    }
    for (const auto* intent : ev.intents) {
      if (!intent->job_id.empty()) st.pending_jobs.push_back(intent->job_id);
    }
    for (const Action* a : ev.actions) {
      if (a->held()) {
        st.held.push_back({std::string(reconcilers::VerbName(a->verb)),
                           std::string(reconcilers::GateName(a->held_by)), a->held_reason,
                           a->Clears()});
      } else if (a->verb != Verb::kAdopt && !facts.report) {
        st.planned.emplace_back(reconcilers::VerbName(a->verb));
      }
    }
    out[key] = std::move(st);
  }
  return out;
}

}  // namespace deskops::daemon
