#include "simulator/catalog.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "core/strings.h"

namespace deskops::simulator {
namespace {

core::Status SeedError(std::string message) {
  return core::Status::InvalidArgument(core::StrCat("seed: ", message));
}

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

int Number(const nlohmann::json& object, const char* key) {
  std::string text = Text(object, key);
  return text.empty() ? 0 : std::atoi(text.c_str());
}

bool ParseIpv4(std::string_view text, std::uint32_t* out) {
  std::vector<std::string> parts = core::Split(text, '.');
  if (parts.size() != 4) return false;
  std::uint32_t value = 0;
  for (const std::string& p : parts) {
    if (p.empty() || p.size() > 3) return false;
    int octet = std::atoi(p.c_str());
    if (octet < 0 || octet > 255) return false;
    value = value << 8 | static_cast<std::uint32_t>(octet);
  }
  *out = value;
  return true;
}

// The fields of a 4.18.1 Product (L36455-36483) a seed may leave out, with the values every seeded
// package shares.
const nlohmann::json& ProductDefaults() {
  static const nlohmann::json defaults = {{"type", "BASE"},
                                          {"architecture", "x86"},
                                          {"cpu_desc", ""},
                                          {"is_gpu", false},
                                          {"system_disk_type", "SAS"},
                                          {"system_disk_size", "80"},
                                          {"data_disk_size", "0"},
                                          {"gpu_desc", ""},
                                          {"bill_switch", "on"},
                                          {"descriptions", ""},
                                          {"product_desc", nlohmann::json::object()},
                                          {"charge_mode", "1"},
                                          {"contain_data_disk", false},
                                          {"resource_type", "hws.resource.type.workspace.desktop"},
                                          {"cloud_service_type", "hws.service.type.vdi"},
                                          {"volume_product_type", "workspace"},
                                          {"domain_ids", nlohmann::json::array()},
                                          {"status", "normal"},
                                          {"package_type", "general"},
                                          {"name", nlohmann::json::object()},
                                          {"share_space_size", 0}};
  return defaults;
}

core::StatusOr<Product> LoadProduct(const nlohmann::json& seeded) {
  nlohmann::json doc = ProductDefaults();
  doc.update(seeded);
  Product p;
  p.id = Text(doc, "product_id");
  if (p.id.empty()) return SeedError("a product has no product_id");
  p.flavor_id = Text(doc, "flavor_id");
  p.os_type = Text(doc, "os_type");
  p.architecture = Text(doc, "architecture");
  p.package_type = Text(doc, "package_type");
  p.charge_mode = Text(doc, "charge_mode");
  p.status = Text(doc, "status");
  p.cpu = Number(doc, "cpu");
  p.memory_mb = Number(doc, "memory");
  p.is_gpu = doc.value("is_gpu", false);
  p.doc = doc;
  p.doc.erase("os_type");  // a seed field, not part of 4.18.1's Product object
  // ProductInfo as desktops and pools show it (4.3.5 L5946-5965).
  nlohmann::json view = nlohmann::json::object();
  for (const char* key : {"product_id", "flavor_id", "type", "cpu", "memory", "descriptions",
                          "charge_mode", "architecture", "is_gpu", "package_type",
                          "system_disk_type", "system_disk_size", "contain_data_disk",
                          "resource_type", "cloud_service_type", "volume_product_type", "status"}) {
    view[key] = doc.contains(key) ? doc[key] : nlohmann::json("");
  }
  p.desktop_view = view.dump();
  return p;
}

core::StatusOr<Subnet> LoadSubnet(const nlohmann::json& doc) {
  Subnet s;
  s.id = Text(doc, "id");
  s.name = Text(doc, "name");
  s.cidr = Text(doc, "cidr");
  s.vpc_id = Text(doc, "vpc_id");
  auto slash = s.cidr.find('/');
  std::uint32_t base = 0;
  int bits = slash == std::string::npos ? -1 : std::atoi(s.cidr.c_str() + slash + 1);
  if (s.id.empty() || bits < 8 || bits > 28 || !ParseIpv4(s.cidr.substr(0, slash), &base)) {
    return SeedError(
        core::StrCat("subnet ", core::Quote(s.id), " needs an id and a cidr /8 to /28"));
  }
  std::uint32_t size = 1u << (32 - bits);
  s.first_host = (base & ~(size - 1)) + 10;
  s.host_count = size - 12;
  return s;
}

std::vector<NamedResource> LoadNamed(const nlohmann::json& seed, const char* key) {
  std::vector<NamedResource> out;
  for (const auto& doc : seed.value(key, nlohmann::json::array())) {
    out.push_back({Text(doc, "id"), Text(doc, "name"), Text(doc, "cidr")});
  }
  return out;
}

template <class T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
  for (const T& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

nlohmann::json YamlNodeToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(YamlNodeToJson(item));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& item : node) out[item.first.as<std::string>()] = YamlNodeToJson(item.second);
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted: always a string
      if (text == "true" || text == "false") return text == "true";
      if (text == "null" || text == "~") return nullptr;
      nlohmann::json number = nlohmann::json::parse(text, nullptr, false);
      if (!number.is_discarded() && number.is_number()) return number;
      return text;
    }
    default:
      return nullptr;
  }
}

}  // namespace

const Product* Catalog::FindProduct(std::string_view id) const { return FindById(products, id); }
const Image* Catalog::FindImage(std::string_view id) const { return FindById(images, id); }
const Subnet* Catalog::FindSubnet(std::string_view id) const { return FindById(subnets, id); }
const NamedResource* Catalog::FindVpc(std::string_view id) const { return FindById(vpcs, id); }
const NamedResource* Catalog::FindSecurityGroup(std::string_view id) const {
  return FindById(security_groups, id);
}

const AvailabilityZone* Catalog::FindAvailabilityZone(std::string_view code) const {
  for (const auto& az : availability_zones) {
    if (az.code == code) return &az;
  }
  return nullptr;
}

const AvailabilityZone& Catalog::DefaultAvailabilityZone() const {
  for (const auto& az : availability_zones) {
    if (az.is_default) return az;
  }
  return availability_zones.front();
}

core::StatusOr<Catalog> LoadCatalog(const nlohmann::json& seed) {
  if (!seed.is_object()) return SeedError("the document must be an object");
  Catalog c;
  c.seed = seed;
  c.domain_id = seed.value("domain_id", "0c7e1d2a4b5f46c8a9d3e6f1b2c4d5e6");
  c.site_type = seed.value("site_type", "CENTER");
  c.site_name = seed.value("site_name", "Huawei Cloud Central Site");
  for (const auto& doc : seed.value("products", nlohmann::json::array())) {
    DESKOPS_ASSIGN_OR_RETURN(Product p, LoadProduct(doc));
    c.products.push_back(std::move(p));
  }
  for (const auto& seeded : seed.value("images", nlohmann::json::array())) {
    // ImageInfo (L43263-43273) fields a seed may leave out; platform defaults to the OS type.
    nlohmann::json doc = {{"architecture", "x86"},
                          {"disk_format", "zvhd2"},
                          {"min_ram", 0},
                          {"min_disk", 80},
                          {"product_code", ""},
                          {"package_type", ""},
                          {"platform", seeded.value("os_type", "")}};
    doc.update(seeded);
    Image i{doc,
            Text(doc, "id"),
            Text(doc, "image_type"),
            Text(doc, "os_type"),
            Text(doc, "name"),
            Text(doc, "os_version"),
            Text(doc, "platform"),
            Text(doc, "architecture"),
            Text(doc, "package_type"),
            Text(doc, "product_code"),
            Text(doc, "created_at")};
    for (const char* internal : {"platform", "package_type"}) i.doc.erase(internal);
    if (i.id.empty()) return SeedError("an image has no id");
    c.images.push_back(std::move(i));
  }
  for (const auto& doc : seed.value("availability_zones", nlohmann::json::array())) {
    c.availability_zones.push_back(
        {doc, Text(doc, "availability_zone"), doc.value("default_availability_zone", false)});
  }
  for (const auto& doc : seed.value("subnets", nlohmann::json::array())) {
    DESKOPS_ASSIGN_OR_RETURN(Subnet s, LoadSubnet(doc));
    c.subnets.push_back(std::move(s));
  }
  c.vpcs = LoadNamed(seed, "vpcs");
  c.security_groups = LoadNamed(seed, "security_groups");
  for (const auto& doc : seed.value("quotas", nlohmann::json::array())) {
    c.quotas.push_back({Text(doc, "type"), doc.value("quota", std::int64_t{0}), Text(doc, "unit")});
  }
  c.site_quotas = seed.value("site_quotas", nlohmann::json::array());
  if (c.products.empty() || c.images.empty() || c.availability_zones.empty() || c.subnets.empty()) {
    return SeedError("products, images, availability_zones and subnets must not be empty");
  }
  return c;
}

core::StatusOr<nlohmann::json> YamlToJson(const std::string& text) {
  try {
    return YamlNodeToJson(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    return core::Status::InvalidArgument(core::StrCat("seed: not JSON or YAML: ", e.what()));
  }
}

core::StatusOr<nlohmann::json> ReadSeedFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return core::Status::NotFound(core::StrCat("seed: cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_discarded()) return parsed;
  DESKOPS_ASSIGN_OR_RETURN(nlohmann::json from_yaml, YamlToJson(text));
  return from_yaml;
}

}  // namespace deskops::simulator
