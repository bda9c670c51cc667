#pragma once
// Plan: what one reconcile would do. Actions (some held by gates), per-object errors (an object
// whose plan failed, and its dependents, are left alone), and notes. Rendered for people (grouped
// by kind, disruption marked) and as JSON for machines; a saved plan is applied only if a fresh
// plan still says the same (see Fingerprint). Plain data.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "reconcilers/engine/action.h"

namespace deskops::reconcilers {

struct PlanError {
  std::string kind, name, message;
};

// Facts a plan records on an object when it is applied, whether or not an action runs (a data-disk
// map adopted from the tenant): merged into the object's inventory records.
struct PlanRecord {
  std::string kind, name;
  std::map<std::string, std::string> records;
};

struct Plan {
  std::vector<Action> actions;
  std::vector<PlanRecord> records;
  std::vector<PlanError> errors;
  std::vector<std::string> notes;      // run-wide remarks: why deletions are held, ...
  std::vector<std::string> suspended;  // object keys skipped by deskops.io/suspend
  std::size_t in_sync = 0;             // managed objects that need nothing
  std::string manifest_digest;         // of the manifests the plan came from

  // Whether the tenant differs from the manifests: any action on a declared object, held or not
  // (a held action is a difference a gate keeps open), and any deletion that will run, now or
  // once a task ends or a backoff passes. Adoptions change only what deskops owns, and deletions
  // of objects that left the manifests held for the operator (--prune, a protecting annotation,
  // an empty manifest set, the deletion budget, observe mode) are deskops declining to act on
  // what is no longer declared: neither counts.
  bool HasChanges() const;
  // Held actions on declared objects (everything held but deletions).
  std::size_t HeldDeclared() const;
  std::size_t Runnable() const;
  std::size_t Held() const;
  // Held actions that will run by themselves once something in progress ends: a create in flight,
  // a busy desktop, a change sequenced after another (unlike gates, which need a person).
  std::size_t Waiting() const;
};

// How RenderText draws a plan for a person: a legend of the symbols above the actions, and ANSI
// colour (for a terminal whose NO_COLOR is unset; the caller decides).
struct RenderOptions {
  bool legend = false;
  bool color = false;
};
// Human-readable, grouped by kind in dependency order. A create lists the fields it sends
// ("spec.size: 80"); a change shows before -> after.
std::string RenderText(const Plan& plan, const RenderOptions& options = {});
// The one-line summary ("2 create, 1 update; 1 disruptive; 3 held; 10 in sync").
std::string Summary(const Plan& plan);
// The legend RenderOptions::legend prints (one line per symbol).
std::string Legend();
// Machine-readable (`deskops plan -o json`, --plan-file).
std::string RenderJson(const Plan& plan);
// What must not differ between a saved plan and a fresh one for the saved plan to be applied: the
// manifests and every action, field and gate decision.
std::string Fingerprint(const Plan& plan);
// The fingerprint recorded in a saved plan's JSON.
std::string FingerprintOfSavedPlan(const std::string& plan_json);

}  // namespace deskops::reconcilers
