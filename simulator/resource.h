#pragma once
// Resource: one API family plugged into the simulator through the seam, so that adding a family
// is one folder, simulator/resources/<family>/, plus one line in simulator/resources/resources.cc
// (that file and simulator/README.md, "Adding an API family", describe the steps). A family
// brings:
//   - its operations (method, route template, operation ID, handler), appended to the core
//     routing table (operations.cc) in registration order;
//   - optionally its state: a StateExtension (state_extension.h) that State creates for it, keeps
//     in its typed slot (state.Ext<T>()), resets with the tenant and that persistence.h saves and
//     restores under the family's name;
//   - optionally control API object kinds (control_objects.h) for out-of-band changes.
// Families are immutable singletons; their handlers run under the Simulator's lock like all others.

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "simulator/control_objects.h"
#include "simulator/handlers.h"
#include "simulator/state_extension.h"

namespace deskops::simulator {

class Resource {
 public:
  virtual ~Resource() = default;

  // Lower-case and unique: the snapshot key of the family's state ("ous").
  virtual std::string_view name() const = 0;
  // The family's operations, each with its reference section in a comment where it is defined.
  virtual std::span<const Operation> operations() const = 0;
  // A fresh, empty state for one State (which resets it at once), or nullptr when the family
  // keeps none (read-only views of the catalog).
  virtual std::unique_ptr<StateExtension> NewState() const { return nullptr; }
  // Kinds the control API's /_sim/objects/{kind} and /_sim/bulk/{kind} accept.
  virtual std::vector<ObjectKind> object_kinds() const { return {}; }
};

// The registered families (resources/resources.cc), in registration order.
std::span<const Resource* const> Resources();

// The core routing table followed by each family's operations: the table a Simulator serves.
std::vector<Operation> AllOperations(std::span<const Resource* const> resources);

}  // namespace deskops::simulator
