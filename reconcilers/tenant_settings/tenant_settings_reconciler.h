#pragma once
// TenantSettings (4.1), a singleton kind: the tenant's own configuration, one object per project.
// Each API area is observed with its own GET, only when the manifest declares it (a plan reads
// nothing else; an export or `get` reads every area), and changed with its own call, only when
// one of its declared keys differs: one action per area. Removing the manifest stops managing the
// settings and resets nothing (KindTraits::singleton: never deleted).
//
// Secrets (the SMS gateway's and LDAP administrators' passwords, the OTP server's secret, the
// OAuth configuration) are write-only: the API never returns them, so the planner compares a
// SHA-256 of each source and value with what deskops last applied (ObjectContext::WriteOnlySecret)
// and the plan shows only the source. They are read at plan time to be fingerprinted (registered
// for redaction as they are read) and again when the call is made.
//
// Areas whose request is one document (the collaboration config_value, a custom configuration's
// values) are sent whole: declared keys with their new values, the others as the tenant has
// them, so keys the manifest leaves out keep their values.

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "reconcilers/engine/kind.h"
#include "reconcilers/tenant_settings/tenant_settings_client.h"
#include "specs/tenant_settings.h"

namespace deskops::reconcilers::tenant_settings {

// What was observed of the tenant's settings: the areas read (unset: not read).
struct Settings {
  std::string name = "tenant";  // the name export gives the manifest
  std::optional<std::map<std::string, bool>> functions;
  std::optional<cloud::tenant::Collaboration> collaboration;
  std::optional<cloud::tenant::SmsGateway> sms;
  std::optional<cloud::tenant::AuthMethod> ldap;
  std::optional<cloud::tenant::AuthMethod> oauth2;
  std::optional<cloud::tenant::Otp> otp;
  std::optional<std::vector<cloud::tenant::AddressBackup>> address_backup;
  std::optional<std::vector<cloud::tenant::CustomConfig>> custom_configs;
  std::optional<cloud::tenant::NatMapping> nat;
  bool nat_site_unknown = false;  // 4.1.13 answered 404 for the manifest's site
};

// One step per area; the spec-shaped steps carry the declared keys that are not ignored.
struct SetFunctions {
  std::map<std::string, bool> switches;
};
struct SetCollaboration {
  cloud::tenant::Collaboration config;
};
struct SetSms {
  specs::SmsGatewaySpec spec;
};
struct SetLdap {
  specs::LdapAuthSpec spec;
  bool add = false;
};
struct SetOAuth2 {
  specs::OAuth2AuthSpec spec;
};
struct SetOtp {
  specs::OtpSpec spec;
};
struct SetAddressBackup {
  std::vector<specs::AddressBackupSpec> sites;
};
struct SetCustomConfig {
  cloud::tenant::CustomConfig config;
};
struct SetNatMapping {
  std::string site_id;
  specs::NatMappingSpec spec;
};
using Step = std::variant<SetFunctions, SetCollaboration, SetSms, SetLdap, SetOAuth2, SetOtp,
                          SetAddressBackup, SetCustomConfig, SetNatMapping>;

// The areas' planners (tenant_settings_plan.cc), each adding at most one action (one per custom
// configuration) or errors.
void PlanAreas(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec,
               const Settings& live, ObjectPlan& p);

class Reconciler final : public TypedKind<specs::TenantSettingsSpec, Settings, Step> {
 public:
  const specs::KindInfo& Info() const override;
  const KindTraits& Traits() const override;
  std::vector<const cloud::Operation*> Operations() const override;
  core::StatusOr<std::vector<Live>> List(const ObserveContext& ctx) const override;
  std::string_view NameOf(const Live& live) const override { return live.name; }
  std::string_view IdOf(const Live& live) const override { return live.name; }
  void PlanCreate(const ObjectContext& ctx, const Spec& spec, ObjectPlan& p) const override;
  void PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                  ObjectPlan& p) const override;
  std::vector<ActionResult> Run(ExecContext& ctx,
                                const std::vector<const Action*>& batch) const override;
  void ExportTo(const Live& live, const ExportContext& ctx, ExportDoc& doc) const override;
  std::vector<std::string> Columns() const override;
  Row RowOf(const Live& live) const override;
};

}  // namespace deskops::reconcilers::tenant_settings
