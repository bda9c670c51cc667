#pragma once
// Catalog: the seeded tenant's fixed resources that the API looks up but never creates: product
// packages (4.18.1), images (4.26.1), AZs (4.27.1), VPCs, subnets and security groups (referenced
// by desktops and pools) and the quota limits (4.25.1). The seed's other keys (the OUs: "ous",
// "ad_ous") belong to the resource families that read them from `seed` (resources/). It is loaded
// from a seed document (JSON or YAML, same shape as DefaultSeed()) and immutable afterwards, so it
// may be shared and read from any thread.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status_or.h"

namespace deskops::simulator {

struct Product {
  nlohmann::json doc;  // the 4.18.1 Product object, as listed
  std::string id;
  std::string flavor_id;
  std::string os_type;  // Windows | Linux (a seed field; 4.18.1 filters on it)
  std::string architecture;
  std::string package_type;
  std::string charge_mode;
  std::string status;
  int cpu = 0;
  int memory_mb = 0;
  bool is_gpu = false;
  std::string desktop_view;  // the ProductInfo object of desktops and pools, serialised once
};

struct Image {
  nlohmann::json doc;  // the 4.26.1 ImageInfo object
  std::string id;
  std::string image_type;  // gold | private
  std::string os_type;
  std::string name;
  std::string os_version;
  std::string platform;
  std::string architecture;
  std::string package_type;
  std::string product_code;
  std::string created_at;
};

struct Subnet {
  std::string id;
  std::string name;
  std::string cidr;
  std::string vpc_id;
  std::uint32_t first_host = 0;  // first address handed out (network + 10)
  std::uint32_t host_count = 0;
};

struct NamedResource {
  std::string id;
  std::string name;
  std::string cidr;  // VPCs only
};

struct AvailabilityZone {
  nlohmann::json doc;  // the 4.27.1 AvailabilityZone object
  std::string code;
  bool is_default = false;
};

struct QuotaLimit {
  std::string type;
  std::int64_t quota = 0;
  std::string unit;
};

struct Catalog {
  // The whole seed document as loaded: resource families (resource.h) read their own keys here.
  nlohmann::json seed = nlohmann::json::object();
  std::string domain_id;
  std::string site_type;
  std::string site_name;
  std::vector<Product> products;
  std::vector<Image> images;
  std::vector<AvailabilityZone> availability_zones;
  std::vector<NamedResource> vpcs;
  std::vector<Subnet> subnets;
  std::vector<NamedResource> security_groups;
  std::vector<QuotaLimit> quotas;
  nlohmann::json site_quotas = nlohmann::json::array();

  const Product* FindProduct(std::string_view id) const;
  const Image* FindImage(std::string_view id) const;
  const Subnet* FindSubnet(std::string_view id) const;
  const NamedResource* FindVpc(std::string_view id) const;
  const NamedResource* FindSecurityGroup(std::string_view id) const;
  const AvailabilityZone* FindAvailabilityZone(std::string_view code) const;
  const AvailabilityZone& DefaultAvailabilityZone() const;
};

// The built-in tenant: everything examples/ uses, with the reference's example values.
const nlohmann::json& DefaultSeed();
core::StatusOr<Catalog> LoadCatalog(const nlohmann::json& seed);
// Reads a seed file: JSON when it parses as JSON, else YAML.
core::StatusOr<nlohmann::json> ReadSeedFile(const std::string& path);
// Converts YAML text to JSON (plain scalars become numbers, booleans and nulls where they look so).
core::StatusOr<nlohmann::json> YamlToJson(const std::string& text);

}  // namespace deskops::simulator
