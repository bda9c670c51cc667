// The registered resource families: the list that makes a new API family of the simulator one
// folder plus one line (resource.h has the interface).
//
// To add a family <family> (simulator/README.md, "Adding an API family", says the same):
//   1. Create simulator/resources/<family>/ with everything of the family: its model and JSON
//      conversions, its state (a StateExtension: reset, snapshot, restore), its handlers, and a
//      `const Resource& <Family>Resource()` returning the family (name, operations, NewState,
//      optional control API object kinds). Its handlers reach their state by
//      ctx.state.Ext<<Family>Store>().
//   2. Give the folder a CMakeLists.txt that adds its sources to the library:
//        target_sources(deskops_simulator PRIVATE <family>_handlers.cc <family>_store.cc)
//      simulator/CMakeLists.txt picks up every resources/*/CMakeLists.txt by a glob.
//   3. Add one line `X(<Family>Resource) \` to DESKOPS_SIMULATOR_RESOURCES below.
// Nothing else changes: routing, statistics, fault rules, /_sim/state, --state-file, /_sim/reset
// and /_sim/objects/{kind} iterate this list. Tests go to tests/unit/simulator (GoogleTest) and
// tests/simulator (Python over HTTPS) as for any operation.
//
// The list is explicit, as Envoy's are, rather than filled by static initialisers: its order is
// the order of routing and of the snapshot, and a family whose folder is compiled but which is not
// listed here is not served. resource_seam_test.cc checks that names and routes are unique.
#include "simulator/resource.h"

// One line per family, `X(factory) \`, where `const Resource& factory()` is defined in its folder.
// clang-format off
#define DESKOPS_SIMULATOR_RESOURCES(X) \
  X(OusResource) /* 4.10 OUs: resources/ous */ \
  X(SiteResource) /* 4.25.2, 4.27.2, 4.27.3: resources/site */ \
  X(SitesResource) /* 4.2.1-4.2.5 sites: resources/sites */ \
  X(TerminalsResource) /* 4.15 terminal-desktop bindings: resources/terminals */ \
  X(ScheduledTasksResource) /* 4.20.1-4.20.7, 4.20.10: resources/scheduled_tasks */ \
  /* end of the list: add a family above this line */
// clang-format on

namespace deskops::simulator {

#define DESKOPS_DECLARE_RESOURCE(factory) const Resource& factory();
DESKOPS_SIMULATOR_RESOURCES(DESKOPS_DECLARE_RESOURCE)
#undef DESKOPS_DECLARE_RESOURCE

std::span<const Resource* const> Resources() {
#define DESKOPS_LIST_RESOURCE(factory) &factory(),
  static const std::vector<const Resource*> kResources = {
      DESKOPS_SIMULATOR_RESOURCES(DESKOPS_LIST_RESOURCE)};
#undef DESKOPS_LIST_RESOURCE
  return kResources;
}

}  // namespace deskops::simulator
