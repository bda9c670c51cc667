#pragma once
// State: everything the simulated tenant holds: the seeded catalog, the stores of desktops, pools,
// users, groups, policies and jobs, the quota limits (editable through the control API) and the
// generators of IDs and IP addresses. Handlers read and change it; persistence.h saves and
// restores it. Not thread-safe: the Simulator holds one lock around every request.

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "simulator/catalog.h"
#include "simulator/desktop_store.h"
#include "simulator/model.h"
#include "simulator/ordered_store.h"

namespace deskops::simulator {

class State {
 public:
  explicit State(std::shared_ptr<const Catalog> catalog);
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  const Catalog& catalog() const { return *catalog_; }

  // Back to the freshly seeded tenant: no desktops, pools, users, groups, policies or jobs.
  void Reset();

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
  std::shared_ptr<const Catalog> catalog_;
  std::map<std::string, std::int64_t, std::less<>> quota_limits_;
  std::mt19937_64 rng_;
};

}  // namespace deskops::simulator
