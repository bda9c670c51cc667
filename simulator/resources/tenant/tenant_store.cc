#include "simulator/resources/tenant/tenant_store.h"

#include <algorithm>

#include "core/redact.h"
#include "simulator/catalog.h"
#include "simulator/signer.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

// The central site when the seed names none: the 4.1.13 example's (L2595), as resources/site.
constexpr char kDefaultSiteId[] = "0e2dae94-23ff-449a-bb9c-1b808cf2106d";

std::string SiteIdOf(const Json& site) {
  const Json& id = site.contains("site_id") ? site["site_id"] : Json("");
  return id.is_string() ? id.get<std::string>() : id.dump();
}

// The share-space-user-conf of the 4.1.3 example (L1132-1136).
Json DefaultShareSpace() {
  return {{"config_name", "share-space-user-conf"},
          {"config_value",
           {{"share_space_name", "Collaborative space"},
            {"use_share_password", true},
            {"allow_anonymous", true},
            {"audio_and_video", "AUDIO"},
            {"keyboard_mouse_ctl", false},
            {"anonymous_input_ctrl", false},
            {"is_user_confirm_enabled", false},
            {"wait_confirm_time", 30}}}};
}

// Local passwords on, nothing else configured: a new tenant.
Json DefaultAuthConfig() {
  return {{"radius_gateway_config",
           {{"enable", false},
            {"app_id", ""},
            {"token_url", ""},
            {"verification_cipher_url", ""},
            {"cert_content", ""}}},
          {"local_password", {{"enable", true}}},
          {"kerberos", {{"enable", false}}},
          {"client_token", {{"enable", false}}},
          {"ldap", {{"configured", false}, {"enable", false}}},
          {"oauth2", {{"configured", false}, {"enable", false}}}};
}

Json DefaultOtp() {
  return {{"enable", false},      {"receive_mode", "VMFA"}, {"auth_url", ""},
          {"app_id", ""},         {"cert_content", ""},     {"auth_server_access_mode", ""},
          {"apply_rule", nullptr}};
}

void Require(bool ok, const std::string& what) {
  if (!ok) throw Json::type_error::create(302, what, nullptr);
}

// The nested shapes the handlers read (a control API patch may try anything).
void CheckNested(const Json& part) {
  auto object_or_absent = [](const Json& j, const char* key) {
    return !j.contains(key) || j.at(key).is_object();
  };
  auto array_or_absent = [](const Json& j, const char* key) {
    return !j.contains(key) || j.at(key).is_array();
  };
  if (part.contains("share_space")) {
    Require(object_or_absent(part["share_space"], "config_value"),
            "share_space.config_value must be an object");
  }
  if (part.contains("auth_config")) {
    const Json& auth = part["auth_config"];
    for (const auto& [key, value] : auth.items()) {
      Require(value.is_object() || key == "emergency_login_mode", "auth_config." + key);
    }
    if (auth.contains("ldap")) {
      Require(array_or_absent(auth["ldap"], "ldap_configs"), "auth_config.ldap.ldap_configs");
    }
  }
  if (part.contains("otp_config_info")) {
    const Json& rule = part["otp_config_info"].value("apply_rule", Json());
    Require(rule.is_null() || rule.is_object(), "otp_config_info.apply_rule");
  }
  for (const char* key : {"access_config", "function_configs"}) {
    for (const Json& item : part.value(key, Json::array())) {
      Require(item.is_object() && array_or_absent(item, "values") &&
                  array_or_absent(item, "backup_info"),
              std::string(key) + " items must be objects");
    }
  }
  const Json nat = part.value("nat_mapping", Json::object());
  for (const auto& [site, config] : nat.items()) {
    Require(config.is_object() && array_or_absent(config, "vag_ips") &&
                array_or_absent(config, "nat_vag_maps"),
            "nat_mapping." + site);
  }
}

}  // namespace

std::string SecretDigest(std::string_view secret) {
  core::SecretRegistry::Global().Register(secret);
  return "sha256:" + Sha256Hex(secret);
}

void TenantStore::Reset(const Catalog& catalog) {
  const Json& seed = catalog.seed;
  central_site = seed.value("site_id", std::string(kDefaultSiteId));
  sites = {central_site};
  for (const Json& site : catalog.site_quotas) sites.push_back(SiteIdOf(site));
  // Seed keys of this family: tenant_functions ({name: bool}, 4.1.2), tenant_configs (4.1.11
  // FunctionConfig objects) and nat_vag_ips (the vAG addresses of every site, 4.1.13).
  profiles = seed.value("tenant_functions", Json{{"app_restrict_rule_switch", false}});
  share_space = DefaultShareSpace();
  auth_config = DefaultAuthConfig();
  otp_config_info = DefaultOtp();
  access_config = Json::array();
  function_configs = seed.value(
      "tenant_configs",
      Json::array({{{"id", "8a2c3f9579d240820179d51e6caf0b01"},  // the 4.1.12 example's name
                    {"name", "user_prefix"},
                    {"status", "OFF"},
                    {"values", Json::array({{{"key", "prefix"}, {"value", ""}}})}}}));
  const Json vag_ips = seed.value("nat_vag_ips", Json::array({"10.0.0.9", "10.0.0.10"}));
  nat_mapping = Json::object();
  for (const std::string& site : sites) {
    nat_mapping[site] = {{"site_id", site},
                         {"nat_on", false},
                         {"vag_ips", vag_ips},
                         {"nat_vag_maps", Json::array()}};
  }
}

Json TenantStore::Snapshot() const {
  return {{"profiles", profiles},           {"share_space", share_space},
          {"auth_config", auth_config},     {"otp_config_info", otp_config_info},
          {"access_config", access_config}, {"function_configs", function_configs},
          {"nat_mapping", nat_mapping}};
}

void TenantStore::Restore(const Json& part) {
  // Every part must keep its shape (the handlers rely on it): a wrong one throws before anything
  // is replaced, and the caller refuses the snapshot or patch.
  for (const char* key :
       {"profiles", "share_space", "auth_config", "otp_config_info", "nat_mapping"}) {
    if (part.contains(key) && !part.at(key).is_object()) {
      throw Json::type_error::create(302, std::string(key) + " must be an object", nullptr);
    }
  }
  for (const char* key : {"access_config", "function_configs"}) {
    if (part.contains(key) && !part.at(key).is_array()) {
      throw Json::type_error::create(302, std::string(key) + " must be an array", nullptr);
    }
  }
  CheckNested(part);
  auto take = [&](const char* key, Json& into) {
    if (part.contains(key)) into = part.at(key);
  };
  take("profiles", profiles);
  take("share_space", share_space);
  take("auth_config", auth_config);
  take("otp_config_info", otp_config_info);
  take("access_config", access_config);
  take("function_configs", function_configs);
  take("nat_mapping", nat_mapping);
}

bool TenantStore::KnownSite(std::string_view site_id) const {
  return std::find(sites.begin(), sites.end(), site_id) != sites.end();
}

}  // namespace deskops::simulator
