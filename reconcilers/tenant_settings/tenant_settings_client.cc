#include "reconcilers/tenant_settings/tenant_settings_client.h"

#include "cloud/wire.h"

namespace deskops::cloud::tenant {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

constexpr const char* kShareSpaceConf = "share-space-user-conf";  // 4.1.3 name (L1061)

// config_value is JSON text (L1080); an object is taken as it is.
json ConfigValue(const json& answer) {
  const json& v = jsonx::First(answer, {"config_value"});
  if (v.is_object()) return v;
  if (!v.is_string()) return json::object();
  json parsed = json::parse(v.get<std::string>(), nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : json::object();
}

LdapServer ReadLdapServer(const json& j) {
  LdapServer s;
  s.host = jsonx::Str(j, "host");
  s.port = jsonx::Int(j, "port", 389);
  s.base_dn = jsonx::Str(j, "base_dn");
  s.administrator_dn = jsonx::Str(j, "administrator_dn");
  s.user_dn = jsonx::Str(j, "user_dn");
  s.use_ssl = jsonx::Bool(j, "use_ssl");
  s.cert_content = jsonx::Str(j, "cert_content");
  s.username_attribute = jsonx::Str(j, "username_attribute");
  s.object_class = jsonx::Str(j, "object_class");
  s.security_type = jsonx::Str(j, "security_type");
  return s;
}

json LdapServerJson(const LdapServerRequest& s) {
  json j = {{"host", s.host}};
  jsonx::Put(j, "port", s.port);
  jsonx::Put(j, "base_dn", s.base_dn);
  jsonx::Put(j, "administrator_dn", s.administrator_dn);
  jsonx::Put(j, "administrator_password", s.administrator_password);
  jsonx::Put(j, "user_dn", s.user_dn);
  jsonx::Put(j, "use_ssl", s.use_ssl);
  jsonx::Put(j, "cert_content", s.cert_content);
  jsonx::Put(j, "username_attribute", s.username_attribute);
  jsonx::Put(j, "object_class", s.object_class);
  jsonx::Put(j, "security_type", s.security_type);
  return j;
}

Status Put(ApiClient& client, const Operation& op, const json& body,
           std::vector<std::pair<std::string, std::string>> query = {}) {
  return wire::Call(client, op, {}, std::move(query), body).status();
}

}  // namespace

StatusOr<std::map<std::string, bool>> GetProfiles(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kGetProfiles));
  // Map<String, Boolean> (L951); the example answers "true" as text (L1017): both are read.
  std::map<std::string, bool> out;
  if (!answer.is_object()) return out;
  for (const auto& [key, value] : answer.items()) {
    if (auto b = jsonx::OptBool(answer, key)) out[key] = *b;
  }
  return out;
}

Status UpdateProfiles(ApiClient& client, const std::map<std::string, bool>& switches) {
  json body = json::object();
  for (const auto& [key, on] : switches) body[key] = on;
  return Put(client, ops::kUpdateProfiles, body);
}

StatusOr<Collaboration> GetCollaboration(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(
      json answer, wire::Call(client, ops::kGetShareSpaceConfig, {}, {{"name", kShareSpaceConf}}));
  const json v = ConfigValue(answer);
  Collaboration c;
  c.share_space_name = jsonx::OptStr(v, "share_space_name");
  c.use_share_password = jsonx::OptBool(v, "use_share_password");
  c.allow_anonymous = jsonx::OptBool(v, "allow_anonymous");
  c.audio_and_video = jsonx::OptStr(v, "audio_and_video");
  c.keyboard_mouse_ctl = jsonx::OptBool(v, "keyboard_mouse_ctl");
  // 4.1.3 names it anonymous_input_ctrl (L1080), 4.1.4 anonymous_input_ctl (L1185).
  c.anonymous_input_ctrl = jsonx::OptBool(v, "anonymous_input_ctrl");
  if (!c.anonymous_input_ctrl) c.anonymous_input_ctrl = jsonx::OptBool(v, "anonymous_input_ctl");
  c.is_user_confirm_enabled = jsonx::OptBool(v, "is_user_confirm_enabled");
  c.wait_confirm_time = jsonx::OptInt(v, "wait_confirm_time");
  return c;
}

Status SetCollaboration(ApiClient& client, const Collaboration& c) {
  json v = json::object();
  jsonx::Put(v, "share_space_name", c.share_space_name);
  jsonx::Put(v, "use_share_password", c.use_share_password);
  jsonx::Put(v, "allow_anonymous", c.allow_anonymous);
  jsonx::Put(v, "audio_and_video", c.audio_and_video);
  jsonx::Put(v, "keyboard_mouse_ctl", c.keyboard_mouse_ctl);
  jsonx::Put(v, "anonymous_input_ctl", c.anonymous_input_ctrl);  // the 4.1.4 name (L1185)
  jsonx::Put(v, "is_user_confirm_enabled", c.is_user_confirm_enabled);
  jsonx::Put(v, "wait_confirm_time", c.wait_confirm_time);
  return Put(client, ops::kSetShareSpaceConfig,
             {{"config_name", kShareSpaceConf}, {"config_value", v.dump()}});
}

StatusOr<SmsGateway> GetSmsGateway(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kGetAuthConfig));
  const json& g = jsonx::Object(answer, "radius_gateway_config");
  SmsGateway s;
  s.enable = jsonx::Bool(g, "enable");
  s.app_id = jsonx::Str(g, "app_id");
  s.token_url = jsonx::Str(g, "token_url");
  // L1314 reads verification_cipher_url; 4.1.6's table spells it verification_ciper_url (L1487).
  const json& url = jsonx::First(g, {"verification_cipher_url", "verification_ciper_url"});
  s.verification_cipher_url = url.is_string() ? url.get<std::string>() : "";
  return s;
}

StatusOr<AuthMethod> GetAuthMethod(ApiClient& client, const std::string& auth_type) {
  DESKOPS_ASSIGN_OR_RETURN(json answer,
                           wire::Call(client, ops::kGetAuthConfig, {}, {{"auth_type", auth_type}}));
  AuthMethod m;
  const json& configs = jsonx::Array(answer, "third_party_auth_config");  // L1304
  const json& first = configs.empty() ? json::object() : configs.front();
  m.configured = !configs.empty();
  m.enable = jsonx::OptBool(answer, "enable").value_or(jsonx::Bool(first, "enable"));
  m.name = jsonx::Str(first, "third_password_name");
  for (const json& s : jsonx::Array(first, "ldap_configs")) m.servers.push_back(ReadLdapServer(s));
  return m;
}

Status UpdateSmsGateway(ApiClient& client, const SmsGatewayRequest& r) {
  json g = json::object();
  jsonx::Put(g, "enable", r.enable);
  jsonx::Put(g, "app_id", r.app_id);
  jsonx::Put(g, "password", r.password);
  jsonx::Put(g, "token_url", r.token_url);
  // The example's, 4.1.5's and the SDK's spelling (L1609, L1314); the table's is a typo (L1487).
  jsonx::Put(g, "verification_cipher_url", r.verification_cipher_url);
  jsonx::Put(g, "cert_content", r.cert_content);
  return Put(client, ops::kUpdateAuthConfig,
             {{"auth_type", "RADIUS_GATEWAY"}, {"radius_gateway_config", g}});
}

Status UpdateLdap(ApiClient& client, const LdapRequest& r) {
  // Third-party password authentication: auth_type USER_PASSWORD (L1473) with
  // third_password_update_type ADD or UPDATE and the LDAP servers (L1499-1505).
  json c = {{"third_password_update_type", r.add ? "ADD" : "UPDATE"}};
  jsonx::Put(c, "enable", r.enable);
  jsonx::Put(c, "third_password_name", r.name);
  if (r.servers) {
    c["ldap_configs"] = json::array();
    for (const auto& s : *r.servers) c["ldap_configs"].push_back(LdapServerJson(s));
  }
  // The reference's name for the object (L1475); 4.1.5 and the SDK call it
  // third_party_auth_config.
  return Put(client, ops::kUpdateAuthConfig,
             {{"auth_type", "USER_PASSWORD"}, {"third_party_authentication_config", c}});
}

Status UpdateOAuth2(ApiClient& client, const OAuth2Request& r) {
  json c = json::object();
  jsonx::Put(c, "enable", r.enable);
  jsonx::Put(c, "oauth_configs", r.oauth_configs);
  return Put(client, ops::kUpdateAuthConfig,
             {{"auth_type", "OAuth2"}, {"third_party_authentication_config", c}});
}

StatusOr<Otp> GetOtp(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kGetAssistAuthConfig));
  const json& o = jsonx::Object(answer, "otp_config_info");
  Otp otp;
  otp.enable = jsonx::Bool(o, "enable");
  otp.receive_mode = jsonx::Str(o, "receive_mode");
  otp.auth_url = jsonx::Str(o, "auth_url");
  otp.app_id = jsonx::Str(o, "app_id");
  otp.auth_server_access_mode = jsonx::Str(o, "auth_server_access_mode");
  otp.cert_content = jsonx::Str(o, "cert_content");
  const json& rule = jsonx::Object(o, "apply_rule");
  if (!jsonx::Str(rule, "rule").empty()) otp.applies_to = jsonx::Str(rule, "rule");
  return otp;
}

Status UpdateOtp(ApiClient& client, const OtpRequest& r) {
  json o = json::object();
  jsonx::Put(o, "enable", r.enable);
  jsonx::Put(o, "receive_mode", r.receive_mode);
  jsonx::Put(o, "auth_url", r.auth_url);
  jsonx::Put(o, "app_id", r.app_id);
  jsonx::Put(o, "app_secret", r.app_secret);
  jsonx::Put(o, "auth_server_access_mode", r.auth_server_access_mode);
  jsonx::Put(o, "cert_content", r.cert_content);
  if (r.applies_to) {
    // null applies authentication to every object (L1814).
    o["apply_rule"] = *r.applies_to == "ALL"
                          ? json(nullptr)
                          : json{{"rule_type", "ACCESS_MODE"}, {"rule", *r.applies_to}};
  }
  return Put(client, ops::kUpdateAssistAuthConfig, {{"auth_type", "OTP"}, {"otp_config_info", o}});
}

StatusOr<std::vector<AddressBackup>> GetAddressBackup(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kGetAddressBackup));
  std::vector<AddressBackup> out;
  for (const json& a : jsonx::Array(answer, "access_config")) {
    AddressBackup site{jsonx::Str(a, "site_id"), jsonx::Str(a, "backup_mode"), {}};
    for (const json& b : jsonx::Array(a, "backup_info")) {
      site.backup_info.push_back(
          {jsonx::Int(b, "priority"), jsonx::Str(b, "address"), jsonx::Str(b, "address_custom")});
    }
    out.push_back(std::move(site));
  }
  return out;
}

Status UpdateAddressBackup(ApiClient& client, const std::vector<AddressBackupRequest>& sites) {
  json list = json::array();
  for (const auto& s : sites) {
    json a = {{"site_id", s.site_id}, {"backup_mode", s.backup_mode}};
    if (s.backup_info) {
      a["backup_info"] = json::array();
      for (const auto& b : *s.backup_info) {
        json info = {{"priority", b.priority}, {"address", b.address}};
        if (!b.address_custom.empty()) info["address_custom"] = b.address_custom;
        a["backup_info"].push_back(std::move(info));
      }
    }
    list.push_back(std::move(a));
  }
  return Put(client, ops::kUpdateAddressBackup, {{"access_config", list}});
}

StatusOr<std::vector<CustomConfig>> ListCustomConfigs(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kListTenantConfigs));
  std::vector<CustomConfig> out;
  for (const json& c : jsonx::Array(answer, "function_configs")) {
    CustomConfig config{jsonx::Str(c, "id"), jsonx::Str(c, "name"), jsonx::Str(c, "status"), {}};
    for (const json& v : jsonx::Array(c, "values")) {
      config.values.emplace_back(jsonx::Str(v, "key"), jsonx::Str(v, "value"));
    }
    out.push_back(std::move(config));
  }
  return out;
}

Status UpdateCustomConfig(ApiClient& client, const CustomConfig& c) {
  json f = {{"name", c.name}};
  if (!c.id.empty()) f["id"] = c.id;
  if (!c.status.empty()) f["status"] = c.status;
  f["values"] = json::array();
  for (const auto& [key, value] : c.values) f["values"].push_back({{"key", key}, {"value", value}});
  return Put(client, ops::kUpdateTenantConfig, {{"function_config", f}});
}

StatusOr<NatMapping> GetNatMapping(ApiClient& client, const std::string& site_id) {
  std::vector<std::pair<std::string, std::string>> query;
  if (!site_id.empty()) query.emplace_back("site_id", site_id);
  DESKOPS_ASSIGN_OR_RETURN(json answer,
                           wire::Call(client, ops::kGetNatMapping, {}, std::move(query)));
  NatMapping n{jsonx::Str(answer, "site_id"),
               jsonx::Bool(answer, "nat_on"),
               jsonx::StrList(answer, "vag_ips"),
               {}};
  for (const json& m : jsonx::Array(answer, "nat_vag_maps")) {
    // nat_port is a String (L2527); the 4.1.14 example writes a number (L2730): both read.
    n.maps.push_back({jsonx::Str(m, "nat_map_type"), jsonx::Str(m, "nat_map_value"),
                      jsonx::Str(m, "nat_ip"), jsonx::Str(m, "nat_port"), jsonx::Str(m, "vag_ip"),
                      jsonx::Str(m, "vag_port"), jsonx::Int(m, "access_filter_type"),
                      jsonx::Str(m, "enterprise_project_id")});
  }
  return n;
}

Status UpdateNatMapping(ApiClient& client, const NatMappingRequest& r) {
  json body = {{"site_id", r.site_id}};
  jsonx::Put(body, "nat_on", r.nat_on);
  if (r.maps) {
    body["nat_vag_maps"] = json::array();
    for (const auto& m : *r.maps) {
      json j = json::object();
      jsonx::Put(j, "nat_map_type", m.nat_map_type);
      jsonx::Put(j, "nat_map_value", m.nat_map_value);
      jsonx::Put(j, "nat_ip", m.nat_ip);
      if (m.nat_port) j["nat_port"] = std::to_string(*m.nat_port);  // a String (L2661)
      jsonx::Put(j, "vag_ip", m.vag_ip);
      jsonx::Put(j, "access_filter_type", m.access_filter_type);
      jsonx::Put(j, "enterprise_project_id", m.enterprise_project_id);
      body["nat_vag_maps"].push_back(std::move(j));
    }
  }
  return Put(client, ops::kUpdateNatMapping, body);
}

}  // namespace deskops::cloud::tenant
