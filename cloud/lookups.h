#pragma once
// Read-only lookups used to validate manifests against the tenant and to pre-check capacity:
// product packages (4.18.1), images (4.26.1), availability zones (4.27.1) and quotas (4.25.1).
// Thread-safe like ApiClient.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cloud/api_client.h"
#include "core/status_or.h"

namespace deskops::cloud::lookups {

struct Product {
  std::string product_id, flavor_id, type, architecture, cpu, memory, system_disk_type,
      system_disk_size, charge_mode, status, package_type, descriptions;
  bool is_gpu = false;
};

struct Image {
  std::string id, name, image_type, os_type, architecture, os_version, created_at;
  std::int64_t min_disk = 0, min_ram = 0;
};

struct AvailabilityZone {
  std::string code, display_name;
  std::vector<std::string> product_ids, sold_out_products;
  bool visible = true, is_default = false;
};

struct Quota {
  std::string type, unit;
  std::int64_t quota = 0, used = 0;
};

// Query filters of 4.18.1 and 4.26.1 ("product_id", "availability_zone"; "image_id", ...).
using Filters = std::vector<std::pair<std::string, std::string>>;

core::StatusOr<std::vector<Product>> ListProducts(ApiClient& client, Filters filters = {});
core::StatusOr<std::vector<Image>> ListImages(ApiClient& client, Filters filters = {});
core::StatusOr<std::vector<AvailabilityZone>> ListAvailabilityZones(ApiClient& client);
core::StatusOr<std::vector<Quota>> ListQuotas(ApiClient& client);

}  // namespace deskops::cloud::lookups
