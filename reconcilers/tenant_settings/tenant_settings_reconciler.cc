#include "reconcilers/tenant_settings/tenant_settings_reconciler.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "reconcilers/engine/secrets.h"
#include "reconcilers/engine/steps.h"

namespace deskops::reconcilers {
namespace tenant_settings {

using core::StrCat;
using nlohmann::json;
namespace api = cloud::tenant;
namespace ops = cloud::ops;

namespace {

// The API areas a read covers.
struct Areas {
  bool functions = false, collaboration = false, sms = false, ldap = false, oauth2 = false,
       otp = false, backup = false, configs = false, nat = false;
  std::string nat_site;  // the manifest's site ("" for the default)
};

Areas Declared(const specs::TenantSettingsSpec& s) {
  Areas a;
  a.functions = !s.functions.empty();
  a.collaboration = s.collaboration.has_value();
  if (s.login_authentication) {
    a.sms = s.login_authentication->sms.has_value();
    a.ldap = s.login_authentication->ldap.has_value();
    a.oauth2 = s.login_authentication->oauth2.has_value();
  }
  a.otp = s.otp.has_value();
  a.backup = !s.access_address_backup.empty();
  a.configs = !s.custom_configs.empty();
  a.nat = s.nat_mapping.has_value();
  if (a.nat) a.nat_site = s.nat_mapping->site_id.value_or("");
  return a;
}

Areas Everything() { return {true, true, true, true, true, true, true, true, true, ""}; }

// Reads `area` into `out` when `wanted`.
template <class T, class F>
core::Status Read(bool wanted, std::optional<T>& out, F read) {
  if (!wanted) return core::Status::Ok();
  DESKOPS_ASSIGN_OR_RETURN(T value, read());
  out = std::move(value);
  return core::Status::Ok();
}

// The secret of `source` for a request, or the failed result of the action.
std::optional<ActionResult> Secret(const std::optional<specs::SecretSource>& source,
                                   std::optional<std::string>& into) {
  if (!source) return std::nullopt;
  auto value = ReadSecret(*source, "secret");
  if (!value.ok()) return ActionResult{value.status()};
  into = *value;
  return std::nullopt;
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetFunctions& s) {
  return CallSync(ctx, ops::kUpdateProfiles, a,
                  [&] { return api::UpdateProfiles(ctx.client, s.switches); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetCollaboration& s) {
  return CallSync(ctx, ops::kSetShareSpaceConfig, a,
                  [&] { return api::SetCollaboration(ctx.client, s.config); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetSms& s) {
  const specs::SmsGatewaySpec& w = s.spec;
  api::SmsGatewayRequest r{
      w.enable, w.app_id, std::nullopt, w.token_url, w.verification_cipher_url, w.cert_content};
  if (auto failed = Secret(w.password_from, r.password)) return *failed;
  return CallSync(ctx, ops::kUpdateAuthConfig, a,
                  [&] { return api::UpdateSmsGateway(ctx.client, r); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetLdap& s) {
  api::LdapRequest r{s.add, s.spec.enable, s.spec.name, std::nullopt};
  if (s.spec.servers) {
    r.servers.emplace();
    for (const specs::LdapServerSpec& w : *s.spec.servers) {
      api::LdapServerRequest server{
          w.host,         w.port,    w.base_dn,      w.administrator_dn,   std::nullopt,
          w.user_dn,      w.use_ssl, w.cert_content, w.username_attribute, w.object_class,
          w.security_type};
      if (auto failed = Secret(w.administrator_password_from, server.administrator_password)) {
        return *failed;
      }
      r.servers->push_back(std::move(server));
    }
  }
  return CallSync(ctx, ops::kUpdateAuthConfig, a, [&] { return api::UpdateLdap(ctx.client, r); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetOAuth2& s) {
  api::OAuth2Request r{s.spec.enable, std::nullopt};
  if (auto failed = Secret(s.spec.secret_from, r.oauth_configs)) return *failed;
  return CallSync(ctx, ops::kUpdateAuthConfig, a, [&] { return api::UpdateOAuth2(ctx.client, r); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetOtp& s) {
  const specs::OtpSpec& w = s.spec;
  api::OtpRequest r{w.enable,       w.receive_mode, w.auth_url,
                    w.app_id,       std::nullopt,   w.auth_server_access_mode,
                    w.cert_content, w.applies_to};
  if (auto failed = Secret(w.secret_from, r.app_secret)) return *failed;
  return CallSync(ctx, ops::kUpdateAssistAuthConfig, a,
                  [&] { return api::UpdateOtp(ctx.client, r); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetAddressBackup& s) {
  std::vector<api::AddressBackupRequest> sites;
  for (const specs::AddressBackupSpec& w : s.sites) {
    api::AddressBackupRequest r{w.site_id, w.backup_mode, std::nullopt};
    if (w.backup_info) {
      r.backup_info.emplace();
      for (const auto& b : *w.backup_info) {
        r.backup_info->push_back({b.priority, b.address, b.address_custom.value_or("")});
      }
    }
    sites.push_back(std::move(r));
  }
  return CallSync(ctx, ops::kUpdateAddressBackup, a,
                  [&] { return api::UpdateAddressBackup(ctx.client, sites); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetCustomConfig& s) {
  return CallSync(ctx, ops::kUpdateTenantConfig, a,
                  [&] { return api::UpdateCustomConfig(ctx.client, s.config); });
}

ActionResult RunStep(ExecContext& ctx, const Action& a, const SetNatMapping& s) {
  api::NatMappingRequest r{s.site_id, s.spec.nat_on, std::nullopt};
  if (s.spec.mappings) {
    r.maps.emplace();
    for (const specs::NatMapSpec& m : *s.spec.mappings) {
      r.maps->push_back({m.nat_map_type, m.nat_map_value, m.nat_ip, m.nat_port, m.vag_ip,
                         m.access_filter_type, m.enterprise_project_id});
    }
  }
  return CallSync(ctx, ops::kUpdateNatMapping, a,
                  [&] { return api::UpdateNatMapping(ctx.client, r); });
}

// A port the API reported as text (L2527), when it is a number.
std::optional<std::int64_t> Port(const std::string& text) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

void ExportCollaboration(const api::Collaboration& c, ExportDoc& doc) {
  const std::string b = "collaboration.";
  if (c.share_space_name) doc.Set(b + "shareSpaceName", *c.share_space_name);
  if (c.use_share_password) doc.Set(b + "useSharePassword", *c.use_share_password);
  if (c.allow_anonymous) doc.Set(b + "allowAnonymous", *c.allow_anonymous);
  if (c.audio_and_video) doc.Set(b + "audioAndVideo", *c.audio_and_video);
  if (c.keyboard_mouse_ctl) doc.Set(b + "keyboardMouseCtl", *c.keyboard_mouse_ctl);
  if (c.anonymous_input_ctrl) doc.Set(b + "anonymousInputCtrl", *c.anonymous_input_ctrl);
  if (c.is_user_confirm_enabled) doc.Set(b + "isUserConfirmEnabled", *c.is_user_confirm_enabled);
  if (c.wait_confirm_time) doc.Set(b + "waitConfirmTime", *c.wait_confirm_time);
}

// The login methods that are configured, with what the API returns of them (never a secret).
void ExportLogin(const Settings& s, ExportDoc& doc, std::vector<std::string>& secrets) {
  const std::string b = "loginAuthentication.";
  if (s.sms && (s.sms->enable || !s.sms->app_id.empty())) {
    doc.Set(b + "sms.enable", s.sms->enable)
        .Set(b + "sms.appId", s.sms->app_id)
        .Set(b + "sms.tokenUrl", s.sms->token_url)
        .Set(b + "sms.verificationCipherUrl", s.sms->verification_cipher_url);
    secrets.push_back("spec.loginAuthentication.sms.passwordFrom");
  }
  if (s.ldap && s.ldap->configured) {
    doc.Set(b + "ldap.enable", s.ldap->enable).Set(b + "ldap.name", s.ldap->name);
    for (const api::LdapServer& v : s.ldap->servers) {
      doc.Append(b + "ldap.servers", {{"host", v.host},
                                      {"port", v.port},
                                      {"baseDn", v.base_dn},
                                      {"administratorDn", v.administrator_dn},
                                      {"userDn", v.user_dn},
                                      {"useSsl", v.use_ssl},
                                      {"certContent", v.cert_content},
                                      {"usernameAttribute", v.username_attribute},
                                      {"objectClass", v.object_class},
                                      {"securityType", v.security_type}});
    }
    secrets.push_back("spec.loginAuthentication.ldap.servers[].administratorPasswordFrom");
  }
  if (s.oauth2 && s.oauth2->configured) {
    doc.Set(b + "oauth2.enable", s.oauth2->enable);
    secrets.push_back("spec.loginAuthentication.oauth2.secretFrom");
  }
}

void ExportOtp(const api::Otp& o, ExportDoc& doc, std::vector<std::string>& secrets) {
  doc.Set("otp.enable", o.enable)
      .Set("otp.receiveMode", o.receive_mode)
      .Set("otp.authUrl", o.auth_url)
      .Set("otp.appId", o.app_id)
      .Set("otp.authServerAccessMode", o.auth_server_access_mode)
      .Set("otp.certContent", o.cert_content)
      .Set("otp.appliesTo", o.applies_to);
  if (!o.app_id.empty()) secrets.push_back("spec.otp.secretFrom");
}

json SettingsJson(const Settings& s) {
  json j = {{"name", s.name}};
  if (s.functions) j["functions"] = *s.functions;
  if (s.otp) {
    j["otp"] = {{"enable", s.otp->enable},
                {"receive_mode", s.otp->receive_mode},
                {"applies_to", s.otp->applies_to}};
  }
  if (s.sms) j["sms"] = {{"enable", s.sms->enable}, {"app_id", s.sms->app_id}};
  if (s.ldap) j["ldap"] = {{"enable", s.ldap->enable}, {"name", s.ldap->name}};
  if (s.oauth2) j["oauth2"] = {{"enable", s.oauth2->enable}};
  if (s.address_backup) {
    j["access_address_backup"] = json::array();
    for (const auto& a : *s.address_backup) {
      j["access_address_backup"].push_back({{"site_id", a.site_id},
                                            {"backup_mode", a.backup_mode},
                                            {"addresses", a.backup_info.size()}});
    }
  }
  if (s.custom_configs) {
    j["custom_configs"] = json::object();
    for (const auto& c : *s.custom_configs) j["custom_configs"][c.name] = c.status;
  }
  if (s.nat) {
    j["nat_mapping"] = {
        {"site_id", s.nat->site_id}, {"nat_on", s.nat->nat_on}, {"mappings", s.nat->maps.size()}};
  }
  return j;
}

}  // namespace

const specs::KindInfo& Reconciler::Info() const { return specs::TenantSettingsKind(); }

const KindTraits& Reconciler::Traits() const {
  static const KindTraits traits{.needs = std::vector<std::string>{}, .singleton = true};
  return traits;
}

std::vector<const cloud::Operation*> Reconciler::Operations() const {
  return {&ops::kGetProfiles,         &ops::kUpdateProfiles,         &ops::kGetShareSpaceConfig,
          &ops::kSetShareSpaceConfig, &ops::kGetAuthConfig,          &ops::kUpdateAuthConfig,
          &ops::kGetAssistAuthConfig, &ops::kUpdateAssistAuthConfig, &ops::kGetAddressBackup,
          &ops::kUpdateAddressBackup, &ops::kListTenantConfigs,      &ops::kUpdateTenantConfig,
          &ops::kGetNatMapping,       &ops::kUpdateNatMapping};
}

core::StatusOr<std::vector<Settings>> Reconciler::List(const ObserveContext& ctx) const {
  Areas want = Everything();
  if (ctx.purpose == Purpose::kPlan) {
    // A plan reads only what the manifest declares; without a manifest, nothing.
    const auto declared =
        ctx.manifests ? ctx.manifests->OfKind(Kind()) : std::vector<const specs::Object*>{};
    if (declared.empty()) return std::vector<Settings>{};
    want = Declared(*declared.front()->As<Spec>());
  }
  Settings s;
  cloud::ApiClient& client = ctx.client;
  DESKOPS_RETURN_IF_ERROR(
      Read(want.functions, s.functions, [&] { return api::GetProfiles(client); }));
  DESKOPS_RETURN_IF_ERROR(
      Read(want.collaboration, s.collaboration, [&] { return api::GetCollaboration(client); }));
  DESKOPS_RETURN_IF_ERROR(Read(want.sms, s.sms, [&] { return api::GetSmsGateway(client); }));
  DESKOPS_RETURN_IF_ERROR(
      Read(want.ldap, s.ldap, [&] { return api::GetAuthMethod(client, api::kReadLdap); }));
  DESKOPS_RETURN_IF_ERROR(
      Read(want.oauth2, s.oauth2, [&] { return api::GetAuthMethod(client, api::kReadOAuth2); }));
  DESKOPS_RETURN_IF_ERROR(Read(want.otp, s.otp, [&] { return api::GetOtp(client); }));
  DESKOPS_RETURN_IF_ERROR(
      Read(want.backup, s.address_backup, [&] { return api::GetAddressBackup(client); }));
  DESKOPS_RETURN_IF_ERROR(
      Read(want.configs, s.custom_configs, [&] { return api::ListCustomConfigs(client); }));
  if (want.nat) {
    auto nat = api::GetNatMapping(client, want.nat_site);
    if (nat.ok()) {
      s.nat = std::move(*nat);
    } else if (nat.status().code() == core::StatusCode::kNotFound && !want.nat_site.empty()) {
      s.nat_site_unknown = true;  // a plan error of the object, not a failed observation
    } else {
      return nat.status();
    }
  }
  return std::vector<Settings>{std::move(s)};
}

void Reconciler::PlanCreate(const ObjectContext&, const Spec&, ObjectPlan& p) const {
  p.errors.push_back("the tenant's settings are never created");  // singleton: not called
}

void Reconciler::PlanUpdate(const ObjectContext& ctx, const Spec& spec, const Live& live,
                            ObjectPlan& p) const {
  PlanAreas(ctx, spec, live, p);
  if (!p.errors.empty()) p.actions.clear();
}

std::vector<ActionResult> Reconciler::Run(ExecContext& ctx,
                                          const std::vector<const Action*>& batch) const {
  std::vector<ActionResult> results;
  for (const Action* a : batch) {
    results.push_back(
        std::visit([&](const auto& step) { return RunStep(ctx, *a, step); }, StepOf<Step>(*a)));
  }
  return results;
}

void Reconciler::ExportTo(const Live& s, const ExportContext&, ExportDoc& doc) const {
  std::vector<std::string> secrets, left_out;
  if (s.functions) {
    for (const auto& [key, on] : *s.functions) doc.Set("functions." + key, on);
  }
  if (s.collaboration) ExportCollaboration(*s.collaboration, doc);
  ExportLogin(s, doc, secrets);
  if (s.otp) ExportOtp(*s.otp, doc, secrets);
  if (s.address_backup) {
    // A list inside a list item is more than ExportDoc writes: each site's mode is exported, its
    // addresses are left unmanaged (and named in an annotation).
    for (const auto& a : *s.address_backup) {
      doc.Append("accessAddressBackup", {{"siteId", a.site_id}, {"backupMode", a.backup_mode}});
      if (!a.backup_info.empty()) left_out.push_back("spec.accessAddressBackup[].backupInfo");
    }
  }
  if (s.custom_configs) {
    for (const api::CustomConfig& c : *s.custom_configs) {
      const std::string base = "customConfigs." + c.name;
      doc.Set(base + ".status", c.status);
      for (const auto& [key, value] : c.values) doc.Set(base + ".values." + key, value);
    }
  }
  if (s.nat) {
    doc.Set("natMapping.siteId", s.nat->site_id).Set("natMapping.natOn", s.nat->nat_on);
    for (const api::NatMap& m : s.nat->maps) {
      std::vector<std::pair<std::string, ExportDoc::Scalar>> fields = {
          {"natMapType", m.nat_map_type}, {"natMapValue", m.nat_map_value}, {"natIp", m.nat_ip}};
      if (auto port = Port(m.nat_port)) fields.emplace_back("natPort", *port);
      fields.emplace_back("vagIp", m.vag_ip);
      fields.emplace_back("accessFilterType", m.access_filter_type);
      fields.emplace_back("enterpriseProjectId", m.enterprise_project_id);
      doc.Append("natMapping.mappings", fields);
    }
  }
  if (!left_out.empty()) {
    left_out.erase(std::unique(left_out.begin(), left_out.end()), left_out.end());
    doc.Annotate("export.deskops.io/left-out", core::Join(left_out, ", "));
  }
  if (!secrets.empty()) {
    // The API never returns a secret: a manifest that should send one names its source.
    doc.Annotate("export.deskops.io/secrets-left-out", core::Join(secrets, ", "));
  }
}

std::vector<std::string> Reconciler::Columns() const {
  return {"NAME", "FUNCTIONS ON", "OTP", "LOGIN METHODS", "NAT"};
}

Reconciler::Row Reconciler::RowOf(const Live& s) const {
  std::size_t on = 0;
  if (s.functions) {
    for (const auto& [key, value] : *s.functions) on += value;
  }
  std::vector<std::string> methods;
  if (s.sms && s.sms->enable) methods.push_back("sms");
  if (s.ldap && s.ldap->enable) methods.push_back("ldap");
  if (s.oauth2 && s.oauth2->enable) methods.push_back("oauth2");
  const std::string otp =
      !s.otp ? "" : (s.otp->enable ? StrCat("on (", s.otp->receive_mode, ")") : "off");
  return {{s.name, StrCat(on), otp, methods.empty() ? "-" : core::Join(methods, ","),
           !s.nat ? "" : (s.nat->nat_on ? "on" : "off")},
          SettingsJson(s).dump()};
}

}  // namespace tenant_settings

std::unique_ptr<reconcilers::Reconciler> MakeTenantSettingsReconciler() {
  return std::make_unique<tenant_settings::Reconciler>();
}

}  // namespace deskops::reconcilers
