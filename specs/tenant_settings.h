#pragma once
// TenantSettings: the tenant's own configuration (4.1), a singleton: the project has exactly one,
// whatever its manifest is named, and a second manifest is a validation error. Each sub-object is
// one API area, read with its GET and changed with its own call:
//   functions            tenant function switches (4.1.1 PATCH, 4.1.2 GET)
//   collaboration        collaborative-desktop defaults, share-space-user-conf (4.1.3, 4.1.4)
//   loginAuthentication  login authentication methods: SMS gateway, third-party LDAP, OAuth 2.0
//                        (4.1.5, 4.1.6)
//   otp                  auxiliary authentication by OTP (4.1.7, 4.1.8)
//   accessAddressBackup  backup access addresses per site (4.1.9, 4.1.10)
//   customConfigs        custom tenant configurations by name (4.1.11, 4.1.12)
//   natMapping           NAT mapping of a site (4.1.13, 4.1.14)
// Only what a manifest sets is managed; a field left out is neither read nor changed, and removing
// the manifest stops managing the settings without resetting any. Secrets (passwords, the OTP
// server's secret, the OAuth configuration) come only from passwordFrom / secretFrom sources.
// Immutable after decoding; thread-safe to read.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

// share-space-user-conf's config_value (4.1.3 L1080, 4.1.4 L1185).
struct CollaborationSpec {
  std::optional<std::string> share_space_name;
  std::optional<bool> use_share_password;
  std::optional<bool> allow_anonymous;
  std::optional<std::string> audio_and_video;  // AUDIO | NONE | AUDIO_AND_VIDEO
  std::optional<bool> keyboard_mouse_ctl;
  std::optional<bool> anonymous_input_ctrl;
  std::optional<bool> is_user_confirm_enabled;
  std::optional<std::int64_t> wait_confirm_time;  // 30-180 s
};

// RadiusGatewayConfig: SMS auxiliary authentication at login (4.1.6 L1478-1488).
struct SmsGatewaySpec {
  std::optional<bool> enable;
  std::optional<std::string> app_id;
  std::optional<SecretSource> password_from;
  std::optional<std::string> token_url;
  std::optional<std::string> verification_cipher_url;
  std::optional<std::string> cert_content;
};

// LdapConfig (4.1.6 L1532-1545).
struct LdapServerSpec {
  std::string host;
  std::optional<std::int64_t> port;
  std::optional<std::string> base_dn;
  std::optional<std::string> administrator_dn;
  std::optional<SecretSource> administrator_password_from;
  std::optional<std::string> user_dn;
  std::optional<bool> use_ssl;
  std::optional<std::string> cert_content;
  std::optional<std::string> username_attribute;
  std::optional<std::string> object_class;
  std::optional<std::string> security_type;
};

// Third-party password authentication against LDAP (4.1.6 auth_type USER_PASSWORD, L1499-1505).
struct LdapAuthSpec {
  std::optional<bool> enable;
  std::optional<std::string> name;                     // third_password_name
  std::optional<std::vector<LdapServerSpec>> servers;  // ldap_configs, sent whole
};

// Third-party SSO by OAuth 2.0 (4.1.6 auth_type OAuth2): the OAuth configuration is a secret text.
struct OAuth2AuthSpec {
  std::optional<bool> enable;
  std::optional<SecretSource> secret_from;  // oauth_configs
};

struct LoginAuthenticationSpec {
  std::optional<SmsGatewaySpec> sms;
  std::optional<LdapAuthSpec> ldap;
  std::optional<OAuth2AuthSpec> oauth2;
};

// OtpConfigInfo (4.1.8 L1804-1822).
struct OtpSpec {
  std::optional<bool> enable;
  std::optional<std::string> receive_mode;  // VMFA | HMFA
  std::optional<std::string> auth_url;
  std::optional<std::string> app_id;
  std::optional<SecretSource> secret_from;             // app_secret
  std::optional<std::string> auth_server_access_mode;  // INTERNET | DEDICATED | SYSTEM_DEFAULT
  std::optional<std::string> cert_content;
  // apply_rule: ALL (null: every access mode), INTERNET or PRIVATE (rule_type ACCESS_MODE).
  std::optional<std::string> applies_to;
};

// BackupInfo (4.1.9 L1978-1984).
struct BackupAddressSpec {
  std::int64_t priority = 0;
  std::string address;
  std::optional<std::string> address_custom;
  friend bool operator==(const BackupAddressSpec&, const BackupAddressSpec&) = default;
};

// AccessConfigInfo (4.1.9 L1970-1976): one site's backup access addresses.
struct AddressBackupSpec {
  std::string site_id;
  std::string backup_mode;  // ON | OFF
  std::optional<std::vector<BackupAddressSpec>> backup_info;
};

// FunctionConfig (4.1.12 L2367-2381): a custom configuration of the tenant, by name.
struct CustomConfigSpec {
  std::optional<std::string> status;          // ON | OFF
  std::map<std::string, std::string> values;  // only these keys are managed
};

// UpdateNatMappingConfig (4.1.14 L2651-2664).
struct NatMapSpec {
  std::optional<std::string> nat_map_type;  // PORT | HOST
  std::optional<std::string> nat_map_value;
  std::optional<std::string> nat_ip;
  std::optional<std::int64_t> nat_port;
  std::optional<std::string> vag_ip;
  std::optional<std::int64_t> access_filter_type;  // 0 | 1
  std::optional<std::string> enterprise_project_id;
  friend bool operator==(const NatMapSpec&, const NatMapSpec&) = default;
};

struct NatMappingSpec {
  std::optional<std::string> site_id;  // the central site when unset (4.1.13 site_id optional)
  std::optional<bool> nat_on;
  std::optional<std::vector<NatMapSpec>> mappings;  // nat_vag_maps, sent whole
};

struct TenantSettingsSpec {
  std::map<std::string, bool> functions;  // only these switches are managed
  std::optional<CollaborationSpec> collaboration;
  std::optional<LoginAuthenticationSpec> login_authentication;
  std::optional<OtpSpec> otp;
  std::vector<AddressBackupSpec> access_address_backup;  // only these sites are managed
  std::map<std::string, CustomConfigSpec> custom_configs;
  std::optional<NatMappingSpec> nat_mapping;
};

const SchemaNode& TenantSettingsNameSchema();
const SchemaNode& TenantSettingsSpecSchema();
TenantSettingsSpec DecodeTenantSettings(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& TenantSettingsKind();

}  // namespace deskops::specs
