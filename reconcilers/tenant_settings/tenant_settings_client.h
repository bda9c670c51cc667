#pragma once
// The tenant configuration endpoints (4.1), the TenantSettings kind's own client: one GET and one
// change per API area. Reads are lenient where the reference is inconsistent (each reader says
// how); writes send the forms the reference documents. Secrets go into request bodies only, as
// read at apply time; no DTO of what is read carries one. Thread-safe like ApiClient.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/operations.h"
#include "core/status_or.h"

namespace deskops::cloud {

namespace ops {
inline constexpr Operation kUpdateProfiles{"profiles.update", "PATCH",
                                           "/v1/{project_id}/app-center/profiles", "4.1.1"};
inline constexpr Operation kGetProfiles{"profiles.get", "GET",
                                        "/v1/{project_id}/app-center/profiles", "4.1.2"};
inline constexpr Operation kGetShareSpaceConfig{
    "share_space.get", "GET", "/v2/{project_id}/share-space/configuration", "4.1.3"};
inline constexpr Operation kSetShareSpaceConfig{
    "share_space.set", "PUT", "/v2/{project_id}/share-space/configuration", "4.1.4"};
inline constexpr Operation kGetAuthConfig{"auth_config.get", "GET",
                                          "/v2/{project_id}/auth-config/method-config", "4.1.5"};
inline constexpr Operation kUpdateAuthConfig{"auth_config.update", "PUT",
                                             "/v2/{project_id}/auth-config/method-config", "4.1.6"};
inline constexpr Operation kGetAssistAuthConfig{
    "assist_auth.get", "GET", "/v2/{project_id}/assist-auth-config/method-config", "4.1.7"};
inline constexpr Operation kUpdateAssistAuthConfig{
    "assist_auth.update", "PUT", "/v2/{project_id}/assist-auth-config/method-config", "4.1.8"};
inline constexpr Operation kUpdateAddressBackup{
    "address_backup.update", "POST", "/v2/{project_id}/access-config/address-backup", "4.1.9"};
inline constexpr Operation kGetAddressBackup{
    "address_backup.get", "GET", "/v2/{project_id}/access-config/address-backup", "4.1.10"};
inline constexpr Operation kListTenantConfigs{"tenant_configs.list", "GET",
                                              "/v2/{project_id}/tenant-configs", "4.1.11"};
inline constexpr Operation kUpdateTenantConfig{"tenant_configs.update", "PUT",
                                               "/v2/{project_id}/tenant-configs", "4.1.12"};
inline constexpr Operation kGetNatMapping{"nat_mapping.get", "GET",
                                          "/v2/{project_id}/nat-mapping-configs", "4.1.13"};
inline constexpr Operation kUpdateNatMapping{"nat_mapping.update", "PUT",
                                             "/v2/{project_id}/nat-mapping-configs", "4.1.14"};
}  // namespace ops

namespace tenant {

// share-space-user-conf (4.1.3 L1080): the fields of its config_value JSON text. Unset: the
// service did not report it.
struct Collaboration {
  std::optional<std::string> share_space_name;
  std::optional<bool> use_share_password;
  std::optional<bool> allow_anonymous;
  std::optional<std::string> audio_and_video;
  std::optional<bool> keyboard_mouse_ctl;
  std::optional<bool> anonymous_input_ctrl;
  std::optional<bool> is_user_confirm_enabled;
  std::optional<std::int64_t> wait_confirm_time;
};

// RadiusGatewayConfigInfo (4.1.5 L1307-1317): no password or certificate is returned.
struct SmsGateway {
  bool enable = false;
  std::string app_id, token_url, verification_cipher_url;
};

// LdapConfig (4.1.5 L1359-1374), without the administrator's password.
struct LdapServer {
  std::string host;
  std::int64_t port = 389;  // the default (L1363)
  std::string base_dn, administrator_dn, user_dn;
  bool use_ssl = false;
  std::string cert_content, username_attribute, object_class, security_type;
};

// One login authentication method as 4.1.5 reports it for an auth_type.
struct AuthMethod {
  bool configured = false;  // a third-party configuration exists for the method
  bool enable = false;
  std::string name;  // third_password_name
  std::vector<LdapServer> servers;
};

// OtpConfigInfo (4.1.7 L1677-1695), without app_secret.
struct Otp {
  bool enable = false;
  std::string receive_mode, auth_url, app_id, auth_server_access_mode, cert_content;
  std::string applies_to = "ALL";  // apply_rule null: every access mode (L1689)
};

struct BackupAddress {
  std::int64_t priority = 0;
  std::string address, address_custom;
};
// AccessConfigInfo (4.1.10 L2105-2122).
struct AddressBackup {
  std::string site_id, backup_mode;
  std::vector<BackupAddress> backup_info;
};

// FunctionConfig (4.1.11 L2239-2253).
struct CustomConfig {
  std::string id, name, status;
  std::vector<std::pair<std::string, std::string>> values;  // in the service's order
};

// NatMappingConfig (4.1.13 L2520-2532).
struct NatMap {
  std::string nat_map_type, nat_map_value, nat_ip, nat_port, vag_ip, vag_port;
  std::int64_t access_filter_type = 0;
  std::string enterprise_project_id;
};
struct NatMapping {
  std::string site_id;
  bool nat_on = false;
  std::vector<std::string> vag_ips;
  std::vector<NatMap> maps;
};

// 4.1.5's auth_type values for the methods deskops manages (L1284).
inline constexpr const char* kReadLdap = "LDAP";
inline constexpr const char* kReadOAuth2 = "OAUTH2";

// Requests: what a change sends, the manifest's declared keys only (unset: left out). They carry
// secrets as read at apply time and live no longer than the call.
struct SmsGatewayRequest {
  std::optional<bool> enable;
  std::optional<std::string> app_id, password, token_url, verification_cipher_url, cert_content;
};
struct LdapServerRequest {
  std::string host;
  std::optional<std::int64_t> port;
  std::optional<std::string> base_dn, administrator_dn, administrator_password, user_dn;
  std::optional<bool> use_ssl;
  std::optional<std::string> cert_content, username_attribute, object_class, security_type;
};
struct LdapRequest {
  bool add = false;  // third_password_update_type ADD (none configured yet) or UPDATE
  std::optional<bool> enable;
  std::optional<std::string> name;
  std::optional<std::vector<LdapServerRequest>> servers;
};
struct OAuth2Request {
  std::optional<bool> enable;
  std::optional<std::string> oauth_configs;
};
struct OtpRequest {
  std::optional<bool> enable;
  std::optional<std::string> receive_mode, auth_url, app_id, app_secret, auth_server_access_mode,
      cert_content;
  std::optional<std::string> applies_to;  // ALL (apply_rule null), INTERNET or PRIVATE
};
struct AddressBackupRequest {
  std::string site_id, backup_mode;
  std::optional<std::vector<BackupAddress>> backup_info;
};
struct NatMapRequest {
  std::optional<std::string> nat_map_type, nat_map_value, nat_ip;
  std::optional<std::int64_t> nat_port;
  std::optional<std::string> vag_ip;
  std::optional<std::int64_t> access_filter_type;
  std::optional<std::string> enterprise_project_id;
};
struct NatMappingRequest {
  std::string site_id;
  std::optional<bool> nat_on;
  std::optional<std::vector<NatMapRequest>> maps;
};

core::StatusOr<std::map<std::string, bool>> GetProfiles(ApiClient& client);
core::Status UpdateProfiles(ApiClient& client, const std::map<std::string, bool>& switches);

core::StatusOr<Collaboration> GetCollaboration(ApiClient& client);
// 4.1.4 with config_name share-space-user-conf and a whole config_value.
core::Status SetCollaboration(ApiClient& client, const Collaboration& config);

// 4.1.5 without auth_type: the SMS gateway (radius_gateway_config).
core::StatusOr<SmsGateway> GetSmsGateway(ApiClient& client);
// 4.1.5 for one auth_type (kReadLdap, kReadOAuth2).
core::StatusOr<AuthMethod> GetAuthMethod(ApiClient& client, const std::string& auth_type);
// 4.1.6, one method per call.
core::Status UpdateSmsGateway(ApiClient& client, const SmsGatewayRequest& request);
core::Status UpdateLdap(ApiClient& client, const LdapRequest& request);
core::Status UpdateOAuth2(ApiClient& client, const OAuth2Request& request);

core::StatusOr<Otp> GetOtp(ApiClient& client);
core::Status UpdateOtp(ApiClient& client, const OtpRequest& request);

core::StatusOr<std::vector<AddressBackup>> GetAddressBackup(ApiClient& client);
core::Status UpdateAddressBackup(ApiClient& client, const std::vector<AddressBackupRequest>& sites);

core::StatusOr<std::vector<CustomConfig>> ListCustomConfigs(ApiClient& client);
core::Status UpdateCustomConfig(ApiClient& client, const CustomConfig& config);

// 4.1.13 for one site ("" for the service's default).
core::StatusOr<NatMapping> GetNatMapping(ApiClient& client, const std::string& site_id);
core::Status UpdateNatMapping(ApiClient& client, const NatMappingRequest& request);

}  // namespace tenant
}  // namespace deskops::cloud
