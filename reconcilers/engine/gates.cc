#include "reconcilers/engine/gates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/strings.h"

namespace deskops::reconcilers {

using core::StrCat;

namespace {

void Hold(Action& a, Gate gate, std::string reason, std::string clears = "") {
  if (a.held()) return;  // the first gate to hold an action explains it
  a.held_by = gate;
  a.held_reason = std::move(reason);
  a.held_clears = std::move(clears);
}

// A disruptive or destructive action on an object some maintenance window picks waits, outside
// them all, for the first to open. An object that left the manifests has no labels any more:
// only windows without a label selector pick it.
bool HoldOutsideWindow(Action& a, const EngineOptions& o, const specs::ManifestSet& manifests,
                       core::Clock::WallTime now) {
  if (a.disruption == Disruption::kSafe || o.ignore_windows || o.windows.empty()) return false;
  static const std::map<std::string, std::string> kNoLabels;
  const specs::Object* obj = manifests.Find(a.kind, a.name);
  const WindowVerdict v = CheckWindows(o.windows, a.kind, obj ? obj->meta.labels : kNoLabels,
                                       std::chrono::floor<std::chrono::seconds>(now));
  if (!v.governed || v.open) return false;
  const std::string name = v.next ? v.next->name : std::string("its window");
  const std::string schedule = v.next ? DescribeWindow(*v.next) : std::string();
  Hold(a, Gate::kMaintenanceWindow,
       StrCat("outside its maintenance window ", name, " (", schedule, ")"),
       v.opens ? StrCat("when its maintenance window ", name, " opens at ",
                        DescribeOpening(*v.next, *v.opens), ", or with --ignore-windows")
               : std::string());
  a.held_until = v.opens;
  return true;
}

bool Covers(const std::string& ignored, const std::string& path) {
  return path == ignored || core::StartsWith(path, ignored + ".") ||
         core::StartsWith(path, ignored + "[");
}

void GateDeletions(Plan& plan, const EngineOptions& o, const specs::ManifestSet& manifests,
                   const Inventory& inventory) {
  std::vector<Action*> deletions;
  for (Action& a : plan.actions) {
    if (a.verb != Verb::kDelete) continue;
    auto owned = inventory.Find(a.kind, a.name);
    if (!o.prune) {
      Hold(a, Gate::kPruneDisabled, "it left the manifests");
    } else if (owned && owned->prune_protected) {
      Hold(a, Gate::kPruneProtected, "its manifest said deskops.io/prune: \"false\"");
    } else if (manifests.empty() && !o.allow_empty) {
      Hold(a, Gate::kEmptyManifests, "the manifest set is empty, and an empty set never deletes");
    }
    if (!a.held()) deletions.push_back(&a);
  }
  const double owned = static_cast<double>(inventory.size());
  const double percent = owned > 0 ? 100.0 * deletions.size() / owned : 0;
  const bool over_count =
      o.max_deletions >= 0 && static_cast<int>(deletions.size()) > o.max_deletions;
  const bool over_percent = o.max_deletion_percent >= 0 && percent > o.max_deletion_percent;
  if (!over_count && !over_percent) return;
  std::string why =
      StrCat(deletions.size(), " deletions exceed the budget of ",
             o.max_deletions < 0 ? std::string("any number") : std::to_string(o.max_deletions),
             " and ", o.max_deletion_percent, "% of ", inventory.size(),
             " owned objects; raise --max-deletions / --max-deletion-percent if "
             "this is intended");
  for (Action* a : deletions) Hold(*a, Gate::kDeletionBudget, why);
  plan.notes.push_back(StrCat("all deletions held: ", why));
}

}  // namespace

bool IgnoresChange(const specs::Object& object, const std::string& path) {
  const auto& ignored = object.policy.ignore_changes;
  return std::any_of(ignored.begin(), ignored.end(),
                     [&](const std::string& field) { return Covers(field, path); });
}

void ApplyObjectOptions(Plan& plan, const specs::ManifestSet& manifests) {
  std::vector<Action> kept;
  std::set<std::string> had, emptied;  // objects whose every change is ignored are in sync
  for (Action& a : plan.actions) {
    const specs::Object* o = manifests.Find(a.kind, a.name);
    if (o && o->policy.suspend) {
      std::string key = ObjectKey(a.kind, a.name);
      if (std::find(plan.suspended.begin(), plan.suspended.end(), key) == plan.suspended.end()) {
        plan.suspended.push_back(key);
      }
      continue;
    }
    const std::string key = ObjectKey(a.kind, a.name);
    had.insert(key);
    if (o && !o->policy.ignore_changes.empty() && !a.changes.empty()) {
      std::erase_if(a.changes, [&](const FieldChange& c) {
        return std::any_of(o->policy.ignore_changes.begin(), o->policy.ignore_changes.end(),
                           [&](const std::string& ignored) { return Covers(ignored, c.path); });
      });
      if (a.changes.empty()) {  // every change it made is ignored
        emptied.insert(key);
        continue;
      }
    }
    kept.push_back(std::move(a));
  }
  // An adoption left alone does not make the object changed (Plan::in_sync counts such objects).
  for (const Action& a : kept) {
    if (a.verb != Verb::kAdopt) emptied.erase(ObjectKey(a.kind, a.name));
  }
  plan.in_sync += emptied.size();
  plan.actions = std::move(kept);
}

namespace {

// One object's steps that run in order (they share the object's key as their batch): once a step
// is held, the steps after it wait too, since they build on it.
void HoldFollowers(Plan& plan) {
  std::set<std::string> held;
  for (Action& a : plan.actions) {
    const std::string key = ObjectKey(a.kind, a.name);
    if (a.batch_key != key) continue;
    if (held.count(key)) {
      Hold(a, Gate::kSequenced, "follows a held step of the same object");
    } else if (a.held()) {
      held.insert(key);
    }
  }
}

// An action that needs an object a held action would create (a membership of a user whose create
// is in flight) waits with it, held by the same gate, instead of failing for want of its ID.
void HoldDependents(Plan& plan) {
  std::map<std::string, const Action*> held_creates;  // object key -> its held create
  for (bool changed = true; changed;) {
    changed = false;
    for (const Action& a : plan.actions) {
      if (a.held() && (a.verb == Verb::kCreate || a.verb == Verb::kReplace || a.creates())) {
        changed |= held_creates.emplace(ObjectKey(a.kind, a.name), &a).second;
      }
    }
    for (Action& a : plan.actions) {
      if (a.held() || a.verb == Verb::kDelete) continue;
      for (const auto& dep : a.depends_on) {
        auto it = held_creates.find(dep);
        if (it == held_creates.end() || dep == ObjectKey(a.kind, a.name)) continue;
        Hold(a, it->second->held_by, StrCat("waits for ", dep, ", whose create is held"),
             it->second->held_clears);
        a.held_until = it->second->held_until;
        changed = true;
        break;
      }
    }
  }
}

}  // namespace

void ApplyGates(Plan& plan, const EngineOptions& o, const specs::ManifestSet& manifests,
                const Inventory& inventory, core::Clock::WallTime now) {
  if (o.observe_only) {
    for (Action& a : plan.actions) Hold(a, Gate::kObserveMode, "deskops is only observing");
    return;
  }
  for (Action& a : plan.actions) {
    auto it = o.backoff.find(ObjectKey(a.kind, a.name));
    if (it != o.backoff.end()) Hold(a, Gate::kBackoff, it->second);
  }
  GateDeletions(plan, o, manifests, inventory);
  int disruptive = 0;
  for (Action& a : plan.actions) {
    if (a.held()) continue;
    if (a.disruption == Disruption::kDestructive && a.verb != Verb::kDelete) {
      const specs::Object* obj = manifests.Find(a.kind, a.name);
      if (!o.allow_destructive && !(obj && obj->policy.allow_destroy)) {
        Hold(a, Gate::kDestructive, "it loses data");
        continue;
      }
    }
    if (a.disruption != Disruption::kSafe && !a.session_hold.empty()) {
      const specs::Object* obj = manifests.Find(a.kind, a.name);
      if (!o.disrupt_connected && !(obj && obj->policy.disrupt_connected)) {
        Hold(a, Gate::kUserConnected, a.session_hold);
        continue;
      }
    }
    if (HoldOutsideWindow(a, o, manifests, now)) continue;
    if (a.disruption != Disruption::kSafe && a.verb != Verb::kDelete) {
      if (o.max_disruptive >= 0 && ++disruptive > o.max_disruptive) {
        Hold(a, Gate::kDisruptionBudget,
             StrCat("more than ", o.max_disruptive,
                    " disruptive actions this run; the rest wait "
                    "for the next run"));
      }
    }
  }
  HoldFollowersAndDependents(plan);
}

void HoldFollowersAndDependents(Plan& plan) {
  HoldFollowers(plan);
  HoldDependents(plan);
  HoldFollowers(plan);
}

}  // namespace deskops::reconcilers
