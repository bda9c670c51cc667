// Site lookups, read-only views of the seeded catalog and of current use: 4.25.2 quota details of
// one site (L43079-43200), 4.27.2 AZ summary (L43681-43822) and 4.27.3 AZ details
// (L43824-43950). A family on the seam (resource.h) without state of its own.
//
// Seed keys it reads (all optional): "site_id", the central site's ID (default: the 4.1 example's
// site, L2595); "region_id" (default cn-north-7, the region of the seeded AZ cn-north-7c);
// "availability_zone_details", {AZ code: fields of 4.27.3 to override}. Where the reference is
// silent:
// - 4.25.2 without site_id, or with the central site's, answers the central site's quotas, counted
//   live like 4.25.1's; with the site_id of a seeded site_quotas entry, that entry's resources as
//   seeded. An unknown site_id is 404 WKS.00010031. az_code, when given for the central site, must
//   be one of its AZs (404 WKS.00010031 otherwise); the seed names no AZs of edge sites, so there
//   it is not checked.
// - 4.27.3's availability_zone_id is mandatory (400 WKS.0001 without it); an unknown AZ is 404
//   WKS.00010031. Undocumented values: type "Workspace" (a Huawei Cloud AZ, L43866), status
//   "available", mode "shared", alias the AZ's display name (L43871 allows letters, digits, _ and
//   -, which AZ codes with dots are not), public_border_group "center", category 0 ("default").
// - 4.27.2's `azs` is Map<String, Array<AzInfo>> keyed by site type (L43725); the example
//   (L43741-43770) puts default_availability_zone beside the arrays and IES outside `azs`, which
//   breaks its own table: the table wins. Every seeded AZ belongs to the catalog's site_type.
#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/render.h"
#include "simulator/resource.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

constexpr char kDefaultSiteId[] = "0e2dae94-23ff-449a-bb9c-1b808cf2106d";

std::string SiteIdOf(const Json& site) {
  const Json& id = site.contains("site_id") ? site["site_id"] : Json("");
  return id.is_string() ? id.get<std::string>() : id.dump();  // the 4.25.1 example's is a number
}

core::StatusOr<Response> GetSiteQuotas(Context& ctx) {
  const Catalog& catalog = ctx.state.catalog();
  std::string central = catalog.seed.value("site_id", kDefaultSiteId);
  std::string site_id = ctx.query.Get("site_id").value_or(central);
  std::optional<std::string> az = ctx.query.Get("az_code");
  if (site_id == central) {
    if (az && !catalog.FindAvailabilityZone(*az)) return PathNotFound("availability zone", *az);
    return JsonResponse(200, {{"resources", QuotaResourcesJson(ctx.state)}, {"site_id", central}});
  }
  for (const Json& site : catalog.site_quotas) {
    if (SiteIdOf(site) == site_id) {
      return JsonResponse(
          200, {{"resources", site.value("resources", Json::array())}, {"site_id", site_id}});
    }
  }
  return PathNotFound("site", site_id);
}

Json I18nOf(const AvailabilityZone& az) {
  std::string name = az.doc.value("display_name", az.code);
  Json i18n = {{"zh_cn", name}, {"en_us", name}};
  if (az.doc.contains("i18n") && az.doc["i18n"].is_object()) i18n.update(az.doc["i18n"]);
  return i18n;
}

core::StatusOr<Response> GetAzSummary(Context& ctx) {
  const Catalog& catalog = ctx.state.catalog();
  Json zones = Json::array();
  for (const AvailabilityZone& az : catalog.availability_zones) {
    zones.push_back({{"availability_zone", az.code},
                     {"i18n", I18nOf(az)},
                     {"default_availability_zone", az.is_default}});
  }
  return JsonResponse(200, {{"support_type", {catalog.site_type}},
                            {"default_type", catalog.site_type},
                            {"azs", {{catalog.site_type, zones}}}});
}

core::StatusOr<Response> GetAzDetail(Context& ctx) {
  std::optional<std::string> code = ctx.query.Get("availability_zone_id");
  if (!code || code->empty()) return InvalidField("availability_zone_id", "It is mandatory.");
  const Catalog& catalog = ctx.state.catalog();
  const AvailabilityZone* az = catalog.FindAvailabilityZone(*code);
  if (!az) return PathNotFound("availability zone", *code);
  Json detail = {{"id", az->code},
                 {"region_id", catalog.seed.value("region_id", "cn-north-7")},
                 {"type", "Workspace"},
                 {"display_name", az->doc.value("display_name", az->code)},
                 {"status", "available"},
                 {"sold_out", az->doc.value("sold_out", Json{{"products", Json::array()}})},
                 {"product_ids", az->doc.value("product_ids", Json::array())},
                 {"mode", "shared"},
                 {"alias", az->doc.value("display_name", az->code)},
                 {"public_border_group", "center"},
                 {"category", 0}};
  const Json overrides = catalog.seed.value("availability_zone_details", Json::object());
  if (overrides.contains(az->code) && overrides[az->code].is_object()) {
    detail.update(overrides[az->code]);
  }
  return JsonResponse(200, detail);
}

class SiteLookups final : public Resource {
 public:
  std::string_view name() const override { return "site"; }
  std::span<const Operation> operations() const override {
    static const Operation kOperations[] = {
        {"GET", "/v2/{project_id}/quotas/detail", "quotas.detail", GetSiteQuotas},  // 4.25.2
        {"GET", "/v2/{project_id}/availability-zones/summary", "availability_zones.summary",
         GetAzSummary},  // 4.27.2
        {"GET", "/v2/{project_id}/availability-zones/detail", "availability_zones.detail",
         GetAzDetail},  // 4.27.3
    };
    return kOperations;
  }
};

}  // namespace

const Resource& SiteResource() {
  static const SiteLookups kSite;
  return kSite;
}

}  // namespace deskops::simulator
