#pragma once
// The sites family's state (4.2.1-4.2.5): the Workspace sites of the tenant and the edge AZs a site
// can be added in. A site is the service in some AZs: the central site (CENTER) comes with the
// subscription (4.2.8) and serves the region's AZs; an edge site (IES) is added in one edge AZ
// (4.2.2), changed (4.2.4 access mode, 4.2.5 service subnets) and deleted (4.2.3). Those calls are
// asynchronous: a site keeps the job working on it and what the job changes when it succeeds,
// settled by the family's next request (Settle). Handlers reach it as ctx.state.Ext<SiteStore>();
// like all state it is guarded by the Simulator's lock.
//
// Seed keys (all optional): "site_id", "site_name" and the catalog's AZs, VPCs and subnets make the
// central site; "edge_sites" ([{availability_zone_id, name}], 4.2.6 WksEdgeSiteDetail's fields)
// lists the edge AZs, by default kDefaultEdgeSites below.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/model.h"
#include "simulator/ordered_store.h"
#include "simulator/state_extension.h"

namespace deskops::simulator {

class State;

// NetworkConfig and AccessConfig of a site (4.2.2 Tables 4-160/4-161, read back by 4.2.7's
// SiteConfigsResponse, Tables 4-220/4-222). What the service was told is kept, also what no read of
// 4.2.1 returns, so GET /_sim/state shows it.
struct SiteNetwork {
  std::string vpc_id;
  std::vector<std::string> subnet_ids;
  nlohmann::json vpc_config_infos = nlohmann::json::array();  // 4.2.5 VpcConfigInfo objects
};
struct SiteAccess {
  std::string access_mode;      // INTERNET | DEDICATED | BOTH
  std::string dedicated_cidrs;  // "a/n;b/n", at most 5
  nlohmann::json apply_shared_vpc_dedicated_param = nlohmann::json::object();  // 4.2.4
};

struct Site {
  std::string id;  // site_id
  std::string site_name;
  std::string site_type;  // CENTER | IES (L2823)
  std::string status;     // SUBSCRIBING, SUBSCRIBED, SUBSCRIPTION_FAILED, DEREGISTERING, ...
  std::string create_time;
  std::vector<std::string> availability_zones;
  std::string az_code;  // the AZs joined with ',' as the 4.2.1 example lists them (L2892)
  SiteNetwork network_config;
  SiteAccess access_config;
  std::string job_id;      // the job working on the site; "" when none is
  nlohmann::json pending;  // what that job does when it succeeds: {"op": add|delete|access|subnets}
};

struct EdgeZone {
  std::string availability_zone_id;
  std::string name;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SiteNetwork, vpc_id, subnet_ids, vpc_config_infos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SiteAccess, access_mode, dedicated_cidrs,
                                                apply_shared_vpc_dedicated_param)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Site, id, site_name, site_type, status, create_time,
                                                availability_zones, az_code, network_config,
                                                access_config, job_id, pending)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(EdgeZone, availability_zone_id, name)

class SiteStore final : public StateExtension {
 public:
  void Reset(const Catalog& catalog) override;
  nlohmann::json Snapshot() const override;
  void Restore(const nlohmann::json& part) override;

  // Carries out what the finished jobs of sites do (a job unknown to the state counts as done).
  // Remembers the state's jobs, so that Snapshot shows the sites as settled too (GET /_sim/state
  // right after a job ended, before the family's next request).
  void Settle(const State& state);
  // The site serving this AZ, if any.
  Site* ServingZone(std::string_view az) const;
  const EdgeZone* FindEdgeZone(std::string_view az) const;

  OrderedStore<Site> sites;
  std::vector<EdgeZone> edge_zones;

 private:
  const OrderedStore<Job>* jobs_ = nullptr;  // the State's, which owns this store
};

// The edge AZs of the default seed: two IES sites of the region that have no Workspace site yet.
inline constexpr std::string_view kDefaultEdgeSites = R"json([
  {"availability_zone_id": "cn-north-7-ies-bj01", "name": "Beijing Chaoyang IES"},
  {"availability_zone_id": "cn-north-7-ies-bj02", "name": "Beijing Haidian IES"}
])json";

// Status values: 4.2.1 only says "Site status." (L2826); the site lifecycle uses those of 4.2.7's
// SiteConfigsResponse (L3852). The 4.2.1 example's "openSuccess" (L2895) is 4.2.7's access_status
// vocabulary, not a site's.
inline constexpr char kSubscribing[] = "SUBSCRIBING";
inline constexpr char kSubscribed[] = "SUBSCRIBED";
inline constexpr char kSubscriptionFailed[] = "SUBSCRIPTION_FAILED";
inline constexpr char kDeregistering[] = "DEREGISTERING";
inline constexpr char kDeregistrationFailed[] = "DEREGISTRATION_FAILED";

}  // namespace deskops::simulator
