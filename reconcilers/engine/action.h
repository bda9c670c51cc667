#pragma once
// Action: one step of a plan. Every action names the object it changes, what it does (verb), the
// fields it changes (before/after as text), the API operations it will call, the objects it needs
// to exist first, and how disruptive it is. Gates may hold an action (held_by says which gate and
// why); held actions are shown but not executed. Plain data; the payload is kind-specific and
// opaque to the engine.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

std::string_view VerbName(Verb verb);
std::string_view DisruptionName(Disruption disruption);

struct FieldChange {
  std::string path;    // spec field, e.g. spec.rootVolume.size
  std::string before;  // as text; "" when unset
  std::string after;
};

// Kind-specific data an action needs to execute (request bodies, IDs).
struct ActionPayload {
  virtual ~ActionPayload() = default;
};

struct Action {
  std::string kind, name;  // the object acted on
  Verb verb = Verb::kUpdate;
  std::vector<FieldChange> changes;
  std::vector<std::string> api_calls;   // operation IDs, e.g. "desktops.action"
  std::vector<std::string> depends_on;  // object keys ("User/alice") that must not have failed
  Disruption disruption = Disruption::kSafe;
  std::string batch_key;  // actions with the same non-empty key run as one batch call
  std::string note;       // extra words for the plan ("created 50 per request")
  std::string held_by;    // gate that held it; empty when it will run
  std::string held_reason;
  std::shared_ptr<const ActionPayload> payload;

  bool held() const { return !held_by.empty(); }
  template <class T>
  const T* As() const {
    return dynamic_cast<const T*>(payload.get());
  }
};

// "Desktop/eng-01".
std::string ObjectKey(std::string_view kind, std::string_view name);

}  // namespace deskops::reconcilers
