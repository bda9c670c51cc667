#include "cloud/lookups.h"

#include "cloud/wire.h"

namespace deskops::cloud::lookups {

using core::StatusOr;
using wire::json;

StatusOr<std::vector<Product>> ListProducts(ApiClient& client, Filters filters) {
  return wire::ListAll<Product>(
      client, ops::kListProducts, {}, std::move(filters), "products",
      [](const json& j) {
        Product p;
        p.product_id = jsonx::Str(j, "product_id");
        p.flavor_id = jsonx::Str(j, "flavor_id");
        p.type = jsonx::Str(j, "type");
        p.architecture = jsonx::Str(j, "architecture");
        p.cpu = jsonx::Str(j, "cpu");
        p.memory = jsonx::Str(j, "memory");
        p.system_disk_type = jsonx::Str(j, "system_disk_type");
        p.system_disk_size = jsonx::Str(j, "system_disk_size");
        p.charge_mode = jsonx::Str(j, "charge_mode");
        p.status = jsonx::Str(j, "status");
        p.package_type = jsonx::Str(j, "package_type");
        p.descriptions = jsonx::Str(j, "descriptions");
        p.is_gpu = jsonx::Bool(j, "is_gpu");
        return p;
      },
      // One package can appear once per charge mode; the pair identifies an entry.
      [](const Product& p) { return p.product_id + "/" + p.charge_mode; });
}

StatusOr<std::vector<Image>> ListImages(ApiClient& client, Filters filters) {
  return wire::ListAll<Image>(
      client, ops::kListImages, {}, std::move(filters), "images",
      [](const json& j) {
        return Image{
            jsonx::Str(j, "id"),         jsonx::Str(j, "name"),         jsonx::Str(j, "image_type"),
            jsonx::Str(j, "os_type"),    jsonx::Str(j, "architecture"), jsonx::Str(j, "os_version"),
            jsonx::Str(j, "created_at"), jsonx::Int(j, "min_disk"),     jsonx::Int(j, "min_ram")};
      },
      [](const Image& i) { return i.id; });
}

StatusOr<std::vector<AvailabilityZone>> ListAvailabilityZones(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kListAvailabilityZones));
  std::vector<AvailabilityZone> out;
  for (const json& az : jsonx::Array(j, "availability_zones")) {
    out.push_back({jsonx::Str(az, "availability_zone"), jsonx::Str(az, "display_name"),
                   jsonx::StrList(az, "product_ids"),
                   jsonx::StrList(jsonx::Object(az, "sold_out"), "products"),
                   jsonx::Bool(az, "visible", true), jsonx::Bool(az, "default_availability_zone")});
  }
  return out;
}

StatusOr<std::vector<Quota>> ListQuotas(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kListQuotas));
  std::vector<Quota> out;
  for (const json& r : jsonx::Array(jsonx::Object(j, "quotas"), "resources")) {
    out.push_back({jsonx::Str(r, "type"), jsonx::Str(r, "unit"), jsonx::Int(r, "quota"),
                   jsonx::Int(r, "used")});
  }
  return out;
}

}  // namespace deskops::cloud::lookups
