#pragma once
// Drift events: what a pass found different between a live object and its manifest, one event per
// object and field, built from the plan (the kinds' diffs already compute it as the changes of an
// update). Creates, adoptions and deletions are not drift: an object that is not there yet, or no
// longer declared, has no field that moved; nor are the other steps of an object the same plan
// creates (a new group's members). Neither are write-only fields, whose live value the
// API never returns (the change compares the manifest with what deskops last applied).
//
// before/after are rendered as plain text (quotes of the plan's rendering removed; "" is unset)
// and masked: a field whose path names a secret (core::IsSecretKey: password, secret, token, ...)
// shows "[REDACTED]" unless it is a boolean or an integer, and every value passes through the
// SecretRegistry. Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "core/redact.h"
#include "reconcilers/engine/action.h"
#include "reconcilers/engine/executor.h"
#include "reconcilers/engine/plan.h"

namespace deskops::daemon {

// What deskops did about a drifted field this pass.
enum class DriftAction {
  kTaken,  // an action to correct it ran (or was to run) this pass
  kHeld,   // a gate held the correcting action (observe mode, a budget, a connected user, ...)
};
std::string_view DriftActionName(DriftAction action);

// How the correcting action ended, when it ran.
enum class DriftResult { kNone, kSucceeded, kFailed, kSkipped };
std::string_view DriftResultName(DriftResult result);  // "" for kNone

struct DriftEvent {
  std::string kind, name;
  std::string field;          // the change's path: spec.tags.team, spec.dataVolumes[data1]
  std::string field_label;    // bounded (FieldLabel): spec.tags, spec.dataVolumes, spec.rootVolume
  std::string before, after;  // "" when unset; masked
  reconcilers::Verb verb = reconcilers::Verb::kUpdate;
  DriftAction action = DriftAction::kTaken;
  reconcilers::Gate gate = reconcilers::Gate::kNone;  // when held
  std::string reason;                                 // why it was held
  DriftResult result = DriftResult::kNone;
};

// The drift in a plan, in the plan's order; `report` (may be null: nothing ran) gives the results
// of the actions that ran.
std::vector<DriftEvent> BuildDriftEvents(
    const reconcilers::Plan& plan, const reconcilers::ApplyReport* report,
    const core::SecretRegistry& secrets = core::SecretRegistry::Global());

// A metric label for a change's path: its top-level spec field as the kind's schema declares it
// (spec.rootVolume.size -> spec.rootVolume, spec.tags.team -> spec.tags), or "other": values come
// only from the schemas, few enough to start every series at 0 (FieldLabels).
std::string FieldLabel(std::string_view kind, std::string_view path);
// Every label FieldLabel gives for a kind: its top-level spec fields and "other".
std::vector<std::string> FieldLabels(std::string_view kind);

// A value as the plan renders it ("\"text\"", 80, true, [a, b]) as plain text: the quotes of a
// quoted string removed.
std::string PlainValue(std::string_view shown);

}  // namespace deskops::daemon
