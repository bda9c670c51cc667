#pragma once
// StateExtension: the part of the simulated tenant that one resource family (resource.h) owns,
// kept in State's typed extension slot (state.Ext<OuStore>()) instead of a member per family.
// State creates one per registered family, resets it with the rest of the tenant, and
// persistence.h saves and restores it under the family's name. Not thread-safe: like all state it
// is guarded by the Simulator's lock.

#include <nlohmann/json.hpp>

namespace deskops::simulator {

struct Catalog;
struct Job;

class StateExtension {
 public:
  virtual ~StateExtension() = default;

  // Back to the freshly seeded content: at start-up, on POST /_sim/reset and before a restore.
  // Families read their own keys of the seed document from catalog.seed.
  virtual void Reset(const Catalog& catalog) = 0;
  // This family's part of a snapshot (the simulator's own field names, not the wire format), and
  // restoring it over freshly reset content. Restore may throw nlohmann::json::exception; the
  // caller turns that into an error and resets the whole state.
  virtual nlohmann::json Snapshot() const = 0;
  virtual void Restore(const nlohmann::json& part) = 0;
  // A job ended (JobEngine, when it becomes terminal; every family hears of every job): a family
  // whose asynchronous calls start jobs finds its own by Job::effect and applies the change it
  // describes (or records the failure). Default: nothing.
  virtual void JobEnded(const Job& job, bool success) { (void)job, (void)success; }
};

}  // namespace deskops::simulator
