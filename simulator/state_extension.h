#pragma once
// StateExtension: the part of the simulated tenant that one resource family (resource.h) owns,
// kept in State's typed extension slot (state.Ext<OuStore>()) instead of a member per family.
// State creates one per registered family, resets it with the rest of the tenant, and
// persistence.h saves and restores it under the family's name. Not thread-safe: like all state it
// is guarded by the Simulator's lock.

#include <nlohmann/json.hpp>

namespace deskops::simulator {

struct Catalog;

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
};

}  // namespace deskops::simulator
