#include "simulator/resources/sites/site_store.h"

#include "core/strings.h"
#include "simulator/catalog.h"
#include "simulator/state.h"

namespace deskops::simulator {
namespace {

constexpr char kDefaultSiteId[] = "0e2dae94-23ff-449a-bb9c-1b808cf2106d";  // as resources/site
constexpr char kSeedTime[] = "2025-07-14T00:00:00.000Z";

// The central site: the subscription's (4.2.8) VPC, its subnets and the region's AZs.
Site CentralSite(const Catalog& catalog) {
  Site s;
  s.id = catalog.seed.value("site_id", kDefaultSiteId);
  s.site_name = catalog.site_name;
  s.site_type = "CENTER";
  s.status = kSubscribed;
  s.create_time = kSeedTime;
  for (const AvailabilityZone& az : catalog.availability_zones) {
    s.availability_zones.push_back(az.code);
  }
  s.az_code = core::Join(s.availability_zones, ",");
  if (!catalog.vpcs.empty()) s.network_config.vpc_id = catalog.vpcs.front().id;
  for (const Subnet& subnet : catalog.subnets) {
    if (subnet.vpc_id == s.network_config.vpc_id) s.network_config.subnet_ids.push_back(subnet.id);
  }
  s.access_config.access_mode = "INTERNET";
  return s;
}

// Carries out what the site's job does once it has ended; returns whether the site is gone.
bool SettleOne(Site& s, const OrderedStore<Job>* jobs) {
  if (s.job_id.empty() || !jobs) return false;
  const Job* job = jobs->Find(s.job_id);
  if (job && !job->done) return false;  // still running
  const bool ok = !job || !job->fail;
  const std::string op = s.pending.value("op", "");
  bool gone = false;
  if (op == "add") {
    s.status = ok ? kSubscribed : kSubscriptionFailed;
  } else if (op == "delete") {
    gone = ok;
    if (!ok) s.status = kDeregistrationFailed;
  } else if (op == "access" && ok) {
    s.access_config = s.pending.at("access_config").get<SiteAccess>();
  } else if (op == "subnets" && ok) {
    s.network_config = s.pending.at("network_config").get<SiteNetwork>();
  }
  s.job_id.clear();
  s.pending = nullptr;
  return gone;
}

}  // namespace

void SiteStore::Reset(const Catalog& catalog) {
  sites.Clear();
  edge_zones.clear();
  sites.Add(CentralSite(catalog));
  const nlohmann::json edges =
      catalog.seed.value("edge_sites", nlohmann::json::parse(kDefaultEdgeSites));
  for (const auto& doc : edges) {
    if (doc.is_object()) edge_zones.push_back(doc.get<EdgeZone>());
  }
}

nlohmann::json SiteStore::Snapshot() const {
  nlohmann::json all = nlohmann::json::array();
  for (const Site* s : sites.All()) {
    Site settled = *s;
    if (!SettleOne(settled, jobs_)) all.push_back(settled);
  }
  return {{"sites", all}, {"edge_sites", edge_zones}};
}

void SiteStore::Restore(const nlohmann::json& part) {
  if (part.contains("sites")) {
    sites.Clear();
    for (const auto& doc : part.at("sites")) sites.Add(doc.get<Site>());
  }
  if (part.contains("edge_sites")) edge_zones = part.at("edge_sites").get<std::vector<EdgeZone>>();
}

void SiteStore::Settle(const State& state) {
  jobs_ = &state.jobs;
  std::vector<std::string> gone;
  for (Site* s : sites.All()) {
    if (SettleOne(*s, jobs_)) gone.push_back(s->id);
  }
  for (const std::string& id : gone) sites.Remove(id);
}

Site* SiteStore::ServingZone(std::string_view az) const {
  return sites.FindIf([&](const Site& s) {
    for (const std::string& code : s.availability_zones) {
      if (code == az) return true;
    }
    return false;
  });
}

const EdgeZone* SiteStore::FindEdgeZone(std::string_view az) const {
  for (const EdgeZone& z : edge_zones) {
    if (z.availability_zone_id == az) return &z;
  }
  return nullptr;
}

}  // namespace deskops::simulator
