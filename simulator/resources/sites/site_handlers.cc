// Sites, 4.2.1-4.2.5 (L2762-3537): list the Workspace sites, add edge sites, delete them, change a
// site's access mode and its service subnets. A family on the seam (resource.h): its state is a
// SiteStore (site_store.h), its operations and control API kind are below. 4.2.6-4.2.13 (edge site
// inventory, the subscription itself) are not served here.
//
// Where the reference is silent or contradicts itself:
// - 4.2.1 lists sites as its table says (site_id, site_name, site_type, project_id, status,
//   create_time, L2808-2813) plus az_code, the site's AZs joined with ',' as its example shows
//   (L2885) though the table has no such field. availability_zone_id filters on any of a site's
//   AZs; site_type must be CENTER or IES (L2783; 400 WKS.0001 otherwise). It does not page.
// - 4.2.2's availability_zone is optional in its table (L2948), but a site is added in an edge AZ:
//   without one, or with an AZ that is not a seeded edge AZ, the call is 400 (WKS.0001, WKS.0568
//   for an unknown AZ, api-errors.md 4). An AZ that already has a site, the central one's included,
//   has no documented code: 409 SIM.0409 (api_error.h AlreadyExists). network_config.vpc_id
//   defaults to the central site's VPC; subnet_ids must be subnets of that VPC (400 WKS.0568 for an
//   unknown one). All the request's sites are checked before any is added. The new site is named
//   after its edge site (4.2.6 name) and listed at once, SUBSCRIBING until the job ends.
// - Status values come from 4.2.7's SiteConfigsResponse (L3842: SUBSCRIBING, SUBSCRIBED,
//   SUBSCRIPTION_FAILED, DEREGISTERING, DEREGISTRATION_FAILED); 4.2.1's example shows
//   "openSuccess" (L2888), 4.2.7's access_status vocabulary, which is not a site's lifecycle.
// - dedicated_cidrs: at most 5 CIDR blocks separated by ';' (L2964, L3246), each a.b.c.d/n.
// - 4.2.3 of the central site is refused (400 WKS.0001): the central site is the subscription
//   (4.2.8), which only 4.2.9 ends. A site with a job in progress answers 409 WKS.00010032 to
//   4.2.3-4.2.5, as desktops do.
// - 4.2.4 and 4.2.5 take only optional fields; a body that changes nothing is 400 WKS.0001.
//   apply_shared_vpc_dedicated_param.port is a TCP port (1-65535; the example sends 65535, L3206).
// - 4.2.5's VPC list is `vpc_config_info` in its table (L3403) and `vpc_config_infos` in its
//   example (L3490) and in the official SDK (UpdateSubnetIdsRequestBody): both are accepted, not
//   together. subnet_ids, when given, is a non-empty list of subnets of the site's VPC.
// - Jobs: addSite, deleteSite, updateSiteAccessMode, updateSiteSubnets (4.28.2 names none of
//   them), without sub-jobs. What a job changes takes effect when it succeeds: in the API from
//   the family's next request (with --jobs immediate, before the call answers), in the state dump
//   at once. A failed add leaves the site SUBSCRIPTION_FAILED, a failed delete
//   DEREGISTRATION_FAILED.
#include <charconv>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/resource.h"
#include "simulator/resources/sites/site_store.h"
#include "simulator/sim_time.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;
using core::StrCat;

constexpr std::string_view kAccessModes[] = {"INTERNET", "DEDICATED", "BOTH"};  // L2963, L3242
constexpr std::size_t kMaxDedicatedCidrs = 5;                                   // L2964, L3246

bool IsCidr(std::string_view text) {
  std::vector<std::string> parts = core::Split(text, '/');
  if (parts.size() != 2) return false;
  std::vector<std::string> octets = core::Split(parts[0], '.');
  if (octets.size() != 4) return false;
  auto number = [](const std::string& s, int max) {
    int v = -1;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && s.size() <= 3 && ec == std::errc() && ptr == s.data() + s.size() &&
           v >= 0 && v <= max;
  };
  for (const std::string& o : octets) {
    if (!number(o, 255)) return false;
  }
  return number(parts[1], 32);
}

core::Status ValidateCidrs(const std::string& field, const std::string& cidrs) {
  if (cidrs.empty()) return core::Status::Ok();
  std::vector<std::string> blocks = core::Split(cidrs, ';');
  if (blocks.size() > kMaxDedicatedCidrs) {
    return InvalidField(field, "A maximum of 5 CIDR blocks are allowed.");
  }
  for (const std::string& b : blocks) {
    if (!IsCidr(b)) {
      return InvalidField(field, StrCat("\"", b, "\" is not a CIDR block such as 192.168.0.0/24; ",
                                        "blocks are separated by semicolons (;)."));
    }
  }
  return core::Status::Ok();
}

// Subnets of `vpc_id` (400 WKS.0568 for an unknown one), without repeats.
core::Status CheckSubnets(const Catalog& catalog, const std::string& field,
                          const std::string& vpc_id, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Subnet* subnet = catalog.FindSubnet(ids[i]);
    if (!subnet) return ResourceNotFoundInBody("subnet", ids[i]);
    if (!vpc_id.empty() && subnet->vpc_id != vpc_id) {
      return InvalidField(field, StrCat("Subnet ", ids[i], " is not in VPC ", vpc_id, "."));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (ids[j] == ids[i]) return InvalidField(field, StrCat("Subnet ", ids[i], " is repeated."));
    }
  }
  return core::Status::Ok();
}

SiteStore& Settled(Context& ctx) {
  SiteStore& store = ctx.state.Ext<SiteStore>();
  store.Settle(ctx.state);
  return store;
}

core::StatusOr<Site*> PathSite(Context& ctx) {
  Site* site = Settled(ctx).sites.Find(ctx.Param("site_id"));
  if (!site) return PathNotFound("site", ctx.Param("site_id"));
  return site;
}

core::Status CheckIdle(const Site& site, std::string_view operation) {
  if (site.job_id.empty()) return core::Status::Ok();
  return OperationConflict(site.status, operation, site.id);
}

// Starts the job of a call on `sites`, which carry out `pending` when it succeeds.
Response StartJob(Context& ctx, std::string job_type, const std::vector<Site*>& sites,
                  const Json& pending) {
  Job* job = ctx.jobs.Start(ctx.NewJob(std::move(job_type)));
  for (Site* s : sites) {
    s->job_id = job->id;
    s->pending = pending;
  }
  ctx.state.Ext<SiteStore>().Settle(ctx.state);  // an immediate job has ended already
  return JobResponse(200, *job);
}

Json SiteInfoJson(const Site& s, const std::string& project_id) {
  return {{"site_id", s.id},          {"site_name", s.site_name}, {"site_type", s.site_type},
          {"project_id", project_id}, {"status", s.status},       {"create_time", s.create_time},
          {"az_code", s.az_code}};
}

// 4.2.1 GET /v2/{project_id}/sites
core::StatusOr<Response> ListSites(Context& ctx) {
  SiteStore& store = Settled(ctx);
  std::optional<std::string> az = ctx.query.Get("availability_zone_id");
  std::optional<std::string> type = ctx.query.Get("site_type");
  if (type && *type != "CENTER" && *type != "IES") {
    return InvalidField("site_type", "The value can be CENTER or IES.");
  }
  Json infos = Json::array();
  for (const Site* s : store.sites.All()) {
    if (type && s->site_type != *type) continue;
    if (az && std::find(s->availability_zones.begin(), s->availability_zones.end(), *az) ==
                  s->availability_zones.end()) {
      continue;
    }
    infos.push_back(SiteInfoJson(*s, ctx.project_id));
  }
  const std::size_t total = infos.size();
  return JsonResponse(200, {{"site_infos", std::move(infos)}, {"total_count", total}});
}

// AccessConfigReq (4.2.2 Table 4-161).
core::Status ReadAccess(BodyReader& r, SiteAccess& access) {
  access.access_mode = r.Enum("access_mode", Need::kRequired, kAccessModes).value_or("");
  access.dedicated_cidrs = r.Str("dedicated_cidrs").value_or("");
  if (!r.ok()) return r.status();
  return ValidateCidrs(r.PathOf("dedicated_cidrs"), access.dedicated_cidrs);
}

// NetworkConfigReq (4.2.2 Table 4-160).
core::Status ReadNetwork(const Context& ctx, BodyReader& r, SiteNetwork& network) {
  std::optional<std::string> vpc = r.Str("vpc_id");
  network.subnet_ids = r.StrList("subnet_ids").value_or(std::vector<std::string>{});
  if (!r.ok()) return r.status();
  const Catalog& catalog = ctx.state.catalog();
  if (vpc && !vpc->empty()) {
    if (!catalog.FindVpc(*vpc)) return ResourceNotFoundInBody("VPC", *vpc);
    network.vpc_id = *vpc;
  } else {
    const Site* central = ctx.state.Ext<SiteStore>().sites.FindIf(
        [](const Site& s) { return s.site_type == "CENTER"; });
    if (central) network.vpc_id = central->network_config.vpc_id;
  }
  return CheckSubnets(catalog, r.PathOf("subnet_ids"), network.vpc_id, network.subnet_ids);
}

// 4.2.2 POST /v2/{project_id}/sites
core::StatusOr<Response> AddSites(Context& ctx) {
  SiteStore& store = Settled(ctx);
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::vector<Site> added;
  r.ForEach("site_configs", Need::kRequired, 0, [&](BodyReader& item, std::size_t) -> core::Status {
    Site s;
    std::string az = item.Str("availability_zone").value_or("");
    const Json* network = item.Object("network_config", Need::kRequired);
    const Json* access = item.Object("access_config", Need::kRequired);
    if (!item.ok()) return core::Status::Ok();  // the reader keeps its error
    const std::string az_field = item.PathOf("availability_zone");
    if (az.empty()) {
      return InvalidField(az_field, "Name the edge AZ to add a site in (4.2.6 lists them).");
    }
    if (store.ServingZone(az)) return AlreadyExists("site", az);
    for (const Site& other : added) {
      if (other.az_code == az) return InvalidField(az_field, StrCat(az, " is named twice."));
    }
    const EdgeZone* zone = store.FindEdgeZone(az);
    if (!zone) return ResourceNotFoundInBody("edge availability zone", az);
    BodyReader nr(*network, item.PathOf("network_config"));
    DESKOPS_RETURN_IF_ERROR(ReadNetwork(ctx, nr, s.network_config));
    BodyReader ar(*access, item.PathOf("access_config"));
    DESKOPS_RETURN_IF_ERROR(ReadAccess(ar, s.access_config));
    s.id = ctx.state.NewUuid();
    s.site_name = zone->name;
    s.site_type = "IES";
    s.status = kSubscribing;
    s.create_time = IsoMillis(ctx.now_ms);
    s.availability_zones = {az};
    s.az_code = az;
    added.push_back(std::move(s));
    return core::Status::Ok();
  });
  if (!r.ok()) return r.status();
  if (added.empty()) return InvalidField("site_configs", "It must configure at least one site.");
  std::vector<Site*> sites;
  for (Site& s : added) sites.push_back(store.sites.Add(std::move(s)));
  return StartJob(ctx, "addSite", sites, {{"op", "add"}});
}

// 4.2.3 DELETE /v2/{project_id}/sites/{site_id}
core::StatusOr<Response> DeleteSite(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Site * site, PathSite(ctx));
  if (site->site_type == "CENTER") {
    return InvalidField("site_id",
                        "The central site is the Workspace subscription itself (4.2.8); it is "
                        "not deleted as a site.");
  }
  DESKOPS_RETURN_IF_ERROR(CheckIdle(*site, "deleteSite"));
  site->status = kDeregistering;
  return StartJob(ctx, "deleteSite", {site}, {{"op", "delete"}});
}

// ApplySharedVpcDedicatedParam (4.2.4 Table 4-181).
core::Status ReadSharedVpcParam(BodyReader& r, Json& out) {
  std::optional<std::string> address = r.Str("address");
  std::optional<std::int64_t> port = r.Int("port", Need::kOptional, 1, 65535);
  std::optional<std::vector<std::string>> zones = r.StrList("availability_zone");
  if (!r.ok()) return r.status();
  out = Json::object();
  if (address) out["address"] = *address;
  if (port) out["port"] = *port;
  if (zones) out["availability_zone"] = *zones;
  return core::Status::Ok();
}

// 4.2.4 PUT /v2/{project_id}/sites/{site_id}/access-mode
core::StatusOr<Response> ChangeAccessMode(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Site * site, PathSite(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(*site, "updateSiteAccessMode"));
  BodyReader r(body);
  std::optional<std::string> mode = r.Enum("access_mode", Need::kOptional, kAccessModes);
  std::optional<std::string> cidrs = r.Str("dedicated_cidrs");
  const Json* shared = r.Object("apply_shared_vpc_dedicated_param");
  if (!r.ok()) return r.status();
  SiteAccess access = site->access_config;
  if (mode) access.access_mode = *mode;
  if (cidrs) {
    DESKOPS_RETURN_IF_ERROR(ValidateCidrs("dedicated_cidrs", *cidrs));
    access.dedicated_cidrs = *cidrs;
  }
  if (shared) {
    BodyReader sr(*shared, "apply_shared_vpc_dedicated_param");
    DESKOPS_RETURN_IF_ERROR(ReadSharedVpcParam(sr, access.apply_shared_vpc_dedicated_param));
  }
  if (!mode && !cidrs && !shared) {
    return InvalidField("access_mode",
                        "The body changes nothing: give access_mode, "
                        "dedicated_cidrs or apply_shared_vpc_dedicated_param.");
  }
  return StartJob(ctx, "updateSiteAccessMode", {site},
                  {{"op", "access"}, {"access_config", access}});
}

// VpcConfigInfo (4.2.5 Table 4-192).
core::Status ReadVpcConfig(const Context& ctx, BodyReader& r, Json& out) {
  std::optional<std::vector<std::string>> used = r.StrList("used_subnet_ids");
  std::optional<std::string> vpc = r.Str("vpc_id");
  std::optional<std::vector<std::string>> subnets = r.StrList("subnet_ids");
  std::optional<bool> default_vpc = r.Bool("default_access_vpc");
  if (!r.ok()) return r.status();
  const Catalog& catalog = ctx.state.catalog();
  if (vpc && !catalog.FindVpc(*vpc)) return ResourceNotFoundInBody("VPC", *vpc);
  for (const auto* list : {&used, &subnets}) {
    if (*list) {
      DESKOPS_RETURN_IF_ERROR(CheckSubnets(catalog, r.path(), vpc.value_or(""), **list));
    }
  }
  out = Json::object();
  if (used) out["used_subnet_ids"] = *used;
  if (vpc) out["vpc_id"] = *vpc;
  if (subnets) out["subnet_ids"] = *subnets;
  if (default_vpc) out["default_access_vpc"] = *default_vpc;
  return core::Status::Ok();
}

// 4.2.5 PUT /v2/{project_id}/sites/{site_id}/subnet-ids
core::StatusOr<Response> ChangeSubnets(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Site * site, PathSite(ctx));
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  DESKOPS_RETURN_IF_ERROR(CheckIdle(*site, "updateSiteSubnets"));
  BodyReader r(body);
  if (r.Has("vpc_config_info") && r.Has("vpc_config_infos")) {
    return InvalidField("vpc_config_infos",
                        "Give vpc_config_infos (the example's and the SDK's name) or "
                        "vpc_config_info (the table's), not both.");
  }
  const std::string vpc_key = r.Has("vpc_config_info") ? "vpc_config_info" : "vpc_config_infos";
  SiteNetwork network = site->network_config;
  std::optional<std::vector<std::string>> subnets = r.StrList("subnet_ids");
  if (!r.ok()) return r.status();
  if (subnets) {
    if (subnets->empty()) return InvalidField("subnet_ids", "It must name at least one subnet.");
    DESKOPS_RETURN_IF_ERROR(
        CheckSubnets(ctx.state.catalog(), "subnet_ids", network.vpc_id, *subnets));
    network.subnet_ids = *subnets;
  }
  if (r.Has(vpc_key)) {
    Json configs = Json::array();
    r.ForEach(vpc_key, Need::kOptional, 0, [&](BodyReader& item, std::size_t) -> core::Status {
      Json one;
      core::Status s = ReadVpcConfig(ctx, item, one);
      configs.push_back(std::move(one));
      return s;
    });
    if (!r.ok()) return r.status();
    network.vpc_config_infos = std::move(configs);
  }
  if (!subnets && !r.Has(vpc_key)) {
    return InvalidField("subnet_ids",
                        "The body changes nothing: give subnet_ids or "
                        "vpc_config_infos.");
  }
  return StartJob(ctx, "updateSiteSubnets", {site},
                  {{"op", "subnets"}, {"network_config", network}});
}

class Sites final : public Resource {
 public:
  std::string_view name() const override { return "sites"; }
  std::span<const Operation> operations() const override {
    static const Operation kOperations[] = {
        {"GET", "/v2/{project_id}/sites", "sites.list", ListSites},                  // 4.2.1
        {"POST", "/v2/{project_id}/sites", "sites.create", AddSites},                // 4.2.2
        {"DELETE", "/v2/{project_id}/sites/{site_id}", "sites.delete", DeleteSite},  // 4.2.3
        {"PUT", "/v2/{project_id}/sites/{site_id}/access-mode", "sites.access_mode",
         ChangeAccessMode},  // 4.2.4
        {"PUT", "/v2/{project_id}/sites/{site_id}/subnet-ids", "sites.subnets",
         ChangeSubnets},  // 4.2.5
    };
    return kOperations;
  }
  std::unique_ptr<StateExtension> NewState() const override {
    return std::make_unique<SiteStore>();
  }
  std::vector<ObjectKind> object_kinds() const override {
    return {StoreKind<Site>(
        "sites", [](State& s) -> OrderedStore<Site>& { return s.Ext<SiteStore>().sites; })};
  }
};

}  // namespace

const Resource& SitesResource() {
  static const Sites kSites;
  return kSites;
}

}  // namespace deskops::simulator
