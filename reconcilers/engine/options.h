#pragma once
// The run-wide settings of a reconcile: safety gates, adoption, concurrency and time limits.
// Defaults are the safe ones: no pruning, small deletion budget, no destructive actions.

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reconcilers/engine/windows.h"

namespace deskops::reconcilers {

struct EngineOptions {
  // Delete owned objects that left the manifests. Off by default (like Argo CD).
  bool prune = false;
  // Let an empty manifest set (or one that vanished) delete anything. Off: an empty set never
  // deletes, whatever prune says (Argo CD's allowEmpty).
  bool allow_empty = false;
  // Deletion budget per run: above either limit every deletion is held and reported.
  int max_deletions = 10;              // < 0: no count limit
  double max_deletion_percent = 25.0;  // of owned objects; < 0: no percentage limit
  // Destructive actions (rebuild, replace, data-disk removal) need this or the object's
  // deskops.io/allow-destroy annotation.
  bool allow_destructive = false;
  // Disrupt desktops whose users are working on them (sessions.h); otherwise such actions are
  // held by the user-connected gate, a DISCONNECTED session until it has lasted this long.
  bool disrupt_connected = false;
  std::chrono::seconds disconnected_grace{1800};
  // When disruptive and destructive actions may run, by kind or label (windows.h); outside them
  // such actions are held by the maintenance-window gate, unless ignore_windows.
  std::vector<MaintenanceWindow> windows;
  bool ignore_windows = false;
  // Disruptive actions (power changes, resizes, re-assignments) per run; the rest are held.
  int max_disruptive = 50;  // < 0: unlimited
  // Plan and report drift, change nothing.
  bool observe_only = false;
  // Adopt live objects whose name matches a manifest, per kind (default true for every kind);
  // an object's deskops.io/adopt annotation wins.
  std::map<std::string, bool> adopt;
  // Value of the deskops-owner tag put on desktops deskops creates.
  std::string owner = "deskops";
  // Reconcile only these kinds this pass (per-kind intervals); empty: every kind. The kinds they
  // need are observed too, but not diffed.
  std::set<std::string> only_kinds;
  // Objects ("Kind/name") whose recent actions failed and that wait out a backoff: their actions
  // are held by the "backoff" gate, with the reason given, so healthy objects go on.
  std::map<std::string, std::string> backoff;
  int concurrency = 4;
  std::chrono::seconds job_timeout{3600};
  // How long a create whose answer was lost may be in flight before it counts as not made, when
  // the API cannot say (a job of its type is in progress that may be it).
  std::chrono::seconds pending_create_grace{600};

  bool Reconciles(const std::string& kind) const {
    return only_kinds.empty() || only_kinds.count(kind) > 0;
  }
  bool AdoptKind(const std::string& kind) const {
    auto it = adopt.find(kind);
    return it == adopt.end() || it->second;
  }
};

}  // namespace deskops::reconcilers
