#pragma once
// The tenant configuration family's state (4.1), kept in the API's own JSON shapes so that GET
// /_sim/state shows what the service was told: tenant function switches (4.1.1/4.1.2), the
// collaboration defaults (4.1.3/4.1.4, config_value as an object), the login authentication
// methods (4.1.5/4.1.6), OTP (4.1.7/4.1.8), backup access addresses (4.1.9/4.1.10), custom
// configurations (4.1.11/4.1.12) and NAT mapping per site (4.1.13/4.1.14). Secrets are never
// kept: each is registered for redaction and only its SHA-256 ("<field>_sha256") is stored, so a
// test can tell which value arrived without the value being anywhere. Handlers reach it as
// ctx.state.Ext<TenantStore>(); like all state it is guarded by the Simulator's lock.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/state_extension.h"

namespace deskops::simulator {

class TenantStore final : public StateExtension {
 public:
  void Reset(const Catalog& catalog) override;
  nlohmann::json Snapshot() const override;
  void Restore(const nlohmann::json& part) override;

  bool KnownSite(std::string_view site_id) const;

  nlohmann::json profiles;          // {function: bool}
  nlohmann::json share_space;       // {config_name, config_value: {...}}
  nlohmann::json auth_config;       // {radius_gateway_config, ldap, oauth2, local_password, ...}
  nlohmann::json otp_config_info;   // OtpConfigInfo, app_secret_sha256 for the secret
  nlohmann::json access_config;     // [AccessConfigInfo]
  nlohmann::json function_configs;  // [FunctionConfig]
  nlohmann::json nat_mapping;       // {site_id: NatMapping of 4.1.13}
  std::string central_site;         // the seed's site_id: the default of 4.1.13 / 4.1.14
  std::vector<std::string> sites;   // every site a setting may name (central and seeded edges)
};

// "sha256:<hex>" of a secret a request carried, which is registered for redaction first.
std::string SecretDigest(std::string_view secret);

}  // namespace deskops::simulator
