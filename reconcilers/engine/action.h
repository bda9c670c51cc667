#pragma once
// Action: one step of a plan. Every action names the object it changes, what it does (verb), the
// fields it changes (before/after as text), the API operations it will call (typed: cloud::ops),
// the objects it needs to exist first, and how disruptive it is. Gates may hold an action (held_by
// says which gate and why); held actions are shown but not executed. Plain data; the payload is
// the kind's typed step (kind.h), opaque to the engine.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/operations.h"

namespace deskops::reconcilers {

enum class Verb {
  kCreate,
  kUpdate,
  kReplace,  // delete and create again: an immutable field changed
  kDelete,
  kAdopt,    // take an existing object of the same name under management
  kPower,    // start, stop, hibernate, reboot
  kAttach,   // assign a desktop to its user
  kDetach,   // unassign
  kResize,   // new product (CPU/memory)
  kRebuild,  // new image: the system disk is rebuilt
  kExpand,   // more desktops in a pool, bigger disks
  kMembershipAdd,
  kMembershipRemove,
  kAuthorize,    // pool users and groups, access-policy objects
  kTag,          // tags added, changed or removed
  kTargets,      // policy-group targets
  kMaintenance,  // maintenance mode on or off
  kDisks,        // data disks added or removed
};

// safe: nobody notices. disruptive: stops or reboots a desktop or logs a user off. destructive:
// loses data (delete, rebuild, data-disk delete, re-assignment that clears data).
enum class Disruption { kSafe, kDisruptive, kDestructive };

// What holds an action back. The first three clear by themselves (something in progress ends);
// the others need a person, a budget or time.
enum class Gate {
  kNone,
  kInFlight,           // a create an earlier run sent may still be in flight
  kBusy,               // the object is busy with a task
  kSequenced,          // follows another step of the same object, in a later round
  kObserveMode,        // deskops is only observing
  kBackoff,            // the object's last actions failed; retried after a backoff
  kPruneDisabled,      // deleting what left the manifests needs --prune
  kPruneProtected,     // the object's last manifest said deskops.io/prune: "false"
  kEmptyManifests,     // an empty manifest set never deletes
  kDeletionBudget,     // more deletions than the budget
  kDestructive,        // loses data: needs an opt-in
  kUserConnected,      // disrupts a desktop its user is working on (sessions.h)
  kMaintenanceWindow,  // disrupts an object outside its maintenance window (windows.h)
  kRolloutWave,        // waits for the rollout's wave before it (rollouts.h)
  kRolloutHalted,      // a desktop of the same rollout failed: the rest wait
  kDisruptionBudget,   // more disruptive actions than the budget (keep last: metrics iterate)
};

std::string_view VerbName(Verb verb);
std::string_view DisruptionName(Disruption disruption);
std::string_view GateName(Gate gate);
// Whether an action held by `gate` runs by itself once something in progress ends.
bool GateClearsItself(Gate gate);
// Whether `gate` waits for the operator (a flag, an annotation, a larger budget) rather than for
// time or a task: what it holds does not happen by itself.
bool GateWaitsForOperator(Gate gate);
// When an action held by `gate` goes ahead ("when the task ends", "with --prune"), for plans.
std::string_view GateClears(Gate gate);

struct FieldChange {
  std::string path;    // spec field, e.g. spec.rootVolume.size
  std::string before;  // as text; "" when unset
  std::string after;
  // The API accepts the field but never returns it: deskops compares the manifest with what it
  // last applied (the plan says "write-only: drift is not detectable").
  bool write_only = false;
};

// What an action takes from the tenant: quota (4.25.1) and catalogue entries that must exist
// (products 4.18.1, images 4.26.1). The capacity preflight (capacity.h) adds up the runnable
// actions' needs before any call. Empty for most actions.
struct CapacityNeed {
  std::int64_t desktops = 0;      // new desktops, each of product_id
  std::string product_id;         // of the new desktops, or the product a resize moves to
  std::string from_product_id;    // a resize: the product its desktops leave
  std::int64_t resized = 0;       // desktops a resize changes
  std::string availability_zone;  // where the new desktops go ("": the API chooses)
  std::string image_id;           // of new or rebuilt desktops
  std::int64_t volumes = 0;       // disks added (system and data disks of new desktops too)
  std::int64_t volume_gb = 0;     // their size, and what expansions add
  std::int64_t users = 0, policy_groups = 0;

  bool empty() const {
    return desktops == 0 && product_id.empty() && image_id.empty() && volumes == 0 &&
           volume_gb == 0 && users == 0 && policy_groups == 0;
  }
};

// Kind-specific data an action needs to execute (request bodies, IDs).
struct ActionPayload {
  virtual ~ActionPayload() = default;
  // The engine's own steps (adoption, default deletion), which it executes itself.
  virtual bool engine() const { return false; }
};

struct Action {
  std::string kind, name;  // the object acted on
  Verb verb = Verb::kUpdate;
  std::vector<FieldChange> changes;
  std::vector<const cloud::Operation*> calls;  // the API operations it makes, in order
  std::vector<std::string> depends_on;  // object keys ("User/alice") that must not have failed
  Disruption disruption = Disruption::kSafe;
  std::string batch_key;       // actions with the same non-empty key run as one batch call
  std::string note;            // extra words for the plan ("created 50 per request")
  Gate held_by = Gate::kNone;  // the gate that held it
  std::string held_reason;
  // When it goes ahead, when the gate knows better than GateClears (the maintenance window's next
  // opening); "" otherwise. Read it through Clears().
  std::string held_clears;
  // When it goes ahead, when the gate knows the time (the maintenance window's next opening).
  std::optional<std::chrono::sys_seconds> held_until;
  std::shared_ptr<const ActionPayload> payload;
  // Recorded on the object in the inventory once the action succeeds: fingerprints of the
  // write-only fields it sends ("spec.tags" -> fingerprint), and the data-disk map
  // ("disk:<name>" -> volume ID).
  std::map<std::string, std::string> records;
  // Who works on the desktop(s) a disruptive action would disrupt ("alice is connected"), set by
  // the kind (sessions.h SessionHold); "" when nobody. The user-connected gate holds it.
  std::string session_hold;

  CapacityNeed need;
  // A failure leaves objects to repair (a pool's expand may leave desktops in ERROR): the object is
  // marked like one whose create failed. Creates always are.
  bool taints_on_failure = false;

  bool held() const { return held_by != Gate::kNone; }
  // When a held action goes ahead: held_clears, else its gate's GateClears.
  std::string Clears() const;
  // Whether one of its calls makes new objects (cloud::Operation::creates).
  bool creates() const;
  // The first call's ID, or "" for an action that makes no call (adopt).
  std::string_view op() const { return calls.empty() ? std::string_view() : calls.front()->id; }
};

// "Desktop/eng-01".
std::string ObjectKey(std::string_view kind, std::string_view name);

}  // namespace deskops::reconcilers
