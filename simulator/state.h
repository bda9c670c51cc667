#pragma once
// State: everything the simulated tenant holds: the seeded catalog, the stores of desktops, pools,
// users, groups, policies and jobs, the quota limits (editable through the control API), the
// generators of IDs and IP addresses, and one typed extension slot per registered resource family
// (resource.h: state.Ext<OuStore>()). Handlers read and change it; persistence.h saves and
// restores it. Not thread-safe: the Simulator holds one lock around every request.

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "simulator/catalog.h"
#include "simulator/desktop_store.h"
#include "simulator/model.h"
#include "simulator/ordered_store.h"
#include "simulator/state_extension.h"

namespace deskops::simulator {

class Resource;

class State {
 public:
  // One extension per family of `resources` that has state (Resource::NewState).
  explicit State(std::shared_ptr<const Catalog> catalog);
  State(std::shared_ptr<const Catalog> catalog, std::span<const Resource* const> resources);
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  const Catalog& catalog() const { return *catalog_; }

  // Back to the freshly seeded tenant: no desktops, pools, users, groups, policies or jobs; every
  // extension reset to its seeded content.
  void Reset();

  // The state of the resource family whose NewState() made a T. Aborts when no registered family
  // did (a programming error: the family is missing from resources/resources.cc).
  template <class T>
  T& Ext() {
    return static_cast<T&>(ExtensionOf(typeid(T)));
  }
  template <class T>
  const T& Ext() const {
    return static_cast<const T&>(const_cast<State*>(this)->ExtensionOf(typeid(T)));
  }
  // Every family's state under its name (the snapshot key), in registration order.
  struct Extension {
    std::string name;
    std::unique_ptr<StateExtension> state;
  };
  const std::vector<Extension>& extensions() const { return extensions_; }

  // IDs in the shapes the reference's examples use.
  std::string NewUuid();     // 3979904c-7beb-4f34-835f-2fa989a5550a
  std::string NewHexId();    // 8a2c3f9579d240820179d51e6caf0001
  std::string NewUserSid();  // S-1-5-21-...
  // The next free address of the subnet (wraps around when the subnet is exhausted).
  std::string AllocateIp(const Subnet& subnet);
  // A random lower-case suffix for generated desktop names ("desktop-mwaxmga", 4.4.15 example).
  std::string RandomLetters(int count);

  std::int64_t QuotaLimit(std::string_view type) const;  // -1 when the type is not seeded
  void SetQuotaLimit(const std::string& type, std::int64_t limit);
  std::int64_t QuotaUsed(std::string_view type) const;

  User* FindUserByName(std::string_view name) const;
  Group* FindGroupByName(std::string_view name) const;

  DesktopStore desktops;
  OrderedStore<Pool> pools;
  OrderedStore<User> users;
  OrderedStore<Group> groups;
  OrderedStore<PolicyGroup> policy_groups;
  OrderedStore<AccessPolicy> access_policies;
  OrderedStore<NamePolicy> name_policies;
  OrderedStore<Job> jobs;
  std::map<std::string, std::uint32_t> next_ip;  // subnet ID -> next host offset

 private:
  StateExtension& ExtensionOf(std::type_index type);

  std::shared_ptr<const Catalog> catalog_;
  std::vector<Extension> extensions_;
  std::unordered_map<std::type_index, StateExtension*> extension_by_type_;
  std::map<std::string, std::int64_t, std::less<>> quota_limits_;
  std::mt19937_64 rng_;
};

}  // namespace deskops::simulator
