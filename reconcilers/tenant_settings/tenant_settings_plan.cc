// The TenantSettings planners: one per API area, each comparing only the keys the manifest
// declares (and does not ignore) with what the area's GET returned, and adding one action when any
// differs. Secrets and the certificates no GET returns are write-only (ObjectContext).
#include <algorithm>

#include "core/strings.h"
#include "reconcilers/engine/diff_util.h"
#include "reconcilers/engine/secrets.h"
#include "reconcilers/tenant_settings/tenant_settings_reconciler.h"

namespace deskops::reconcilers::tenant_settings {

using core::StrCat;
namespace api = cloud::tenant;
namespace ops = cloud::ops;

namespace {

std::string Shown(const std::string& s) { return Show(s); }
std::string Shown(bool b) { return Show(b); }
std::string Shown(std::int64_t n) { return Show(n); }

// Records a change when `want` is declared, not ignored, and differs from `have` (unset: the
// service did not report it). Returns whether it did.
template <class T>
bool Diff(const ObjectContext& ctx, std::vector<FieldChange>& out, const std::string& path,
          const std::optional<T>& want, const std::optional<T>& have) {
  if (!want || ctx.Ignores(path)) return false;
  if (have && *have == *want) return false;
  out.push_back({path, have ? Shown(*have) : "", Shown(*want)});
  return true;
}
template <class T>
bool Diff(const ObjectContext& ctx, std::vector<FieldChange>& out, const std::string& path,
          const std::optional<T>& want, const T& have) {
  return Diff(ctx, out, path, want, std::optional<T>(have));
}

// `field` left out of a step when the manifest ignores its path.
template <class T>
void Drop(const ObjectContext& ctx, const std::string& path, std::optional<T>& field) {
  if (ctx.Ignores(path)) field.reset();
}

// A declared secret, read now for its fingerprint (and registered for redaction). A source that
// cannot be read is a plan error of the object.
bool SecretChanged(const ObjectContext& ctx, const std::string& path,
                   const std::optional<specs::SecretSource>& source,
                   std::vector<FieldChange>& changes, std::map<std::string, std::string>& records,
                   ObjectPlan& p) {
  if (!source || ctx.Ignores(path)) return false;
  auto secret = ReadSecret(*source, "secret");
  if (!secret.ok()) {
    p.errors.push_back(StrCat(path, ": ", secret.status().message()));
    return false;
  }
  return ctx.WriteOnlySecret(path, *source, *secret, changes, records);
}

// A PEM text no GET returns (write-only): the plan shows its size, not the text.
bool CertChanged(const ObjectContext& ctx, const std::string& path,
                 const std::optional<std::string>& pem, std::vector<FieldChange>& changes,
                 std::map<std::string, std::string>& records) {
  if (!ctx.WriteOnly(path, pem, changes, records)) return false;
  changes.back().after = StrCat("(PEM, ", pem->size(), " bytes)");
  return true;
}

void AddStep(const ObjectContext& ctx, ObjectPlan& p, const cloud::Operation& op, std::string note,
             Disruption disruption, std::vector<FieldChange> changes,
             std::map<std::string, std::string> records, Step step) {
  Action a = MakeStep(ctx.kind(), ctx.name(), Verb::kUpdate, {&op}, std::move(step));
  a.note = std::move(note);
  a.disruption = disruption;
  a.changes = std::move(changes);
  a.records = std::move(records);
  p.actions.push_back(std::move(a));
}

void PlanFunctions(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec,
                   const Settings& live, ObjectPlan& p) {
  if (spec.functions.empty() || !live.functions) return;
  std::vector<FieldChange> changes;
  SetFunctions step;
  for (const auto& [key, on] : spec.functions) {
    auto it = live.functions->find(key);
    std::optional<bool> have;
    if (it != live.functions->end()) have = it->second;
    if (Diff(ctx, changes, "spec.functions." + key, std::optional<bool>(on), have)) {
      step.switches[key] = on;
    }
  }
  if (changes.empty()) return;
  AddStep(ctx, p, ops::kUpdateProfiles, "4.1.1 tenant functions", Disruption::kSafe,
          std::move(changes), {}, std::move(step));
}

void PlanCollaboration(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec,
                       const Settings& live, ObjectPlan& p) {
  if (!spec.collaboration || !live.collaboration) return;
  const specs::CollaborationSpec& w = *spec.collaboration;
  api::Collaboration merged = *live.collaboration;  // undeclared keys keep their values
  std::vector<FieldChange> c;
  const std::string base = "spec.collaboration.";
  auto take = [&](const char* field, const auto& want, auto& have) {
    if (Diff(ctx, c, base + field, want, have)) have = want;
  };
  take("shareSpaceName", w.share_space_name, merged.share_space_name);
  take("useSharePassword", w.use_share_password, merged.use_share_password);
  take("allowAnonymous", w.allow_anonymous, merged.allow_anonymous);
  take("audioAndVideo", w.audio_and_video, merged.audio_and_video);
  take("keyboardMouseCtl", w.keyboard_mouse_ctl, merged.keyboard_mouse_ctl);
  take("anonymousInputCtrl", w.anonymous_input_ctrl, merged.anonymous_input_ctrl);
  take("isUserConfirmEnabled", w.is_user_confirm_enabled, merged.is_user_confirm_enabled);
  take("waitConfirmTime", w.wait_confirm_time, merged.wait_confirm_time);
  if (c.empty()) return;
  AddStep(ctx, p, ops::kSetShareSpaceConfig, "4.1.4 collaboration defaults", Disruption::kSafe,
          std::move(c), {}, SetCollaboration{std::move(merged)});
}

void PlanSms(const ObjectContext& ctx, const specs::SmsGatewaySpec& w, const api::SmsGateway& h,
             ObjectPlan& p) {
  const std::string base = "spec.loginAuthentication.sms.";
  std::vector<FieldChange> c;
  std::map<std::string, std::string> records;
  Diff(ctx, c, base + "enable", w.enable, h.enable);
  Diff(ctx, c, base + "appId", w.app_id, h.app_id);
  Diff(ctx, c, base + "tokenUrl", w.token_url, h.token_url);
  Diff(ctx, c, base + "verificationCipherUrl", w.verification_cipher_url,
       h.verification_cipher_url);
  CertChanged(ctx, base + "certContent", w.cert_content, c, records);  // not returned (L1307)
  SecretChanged(ctx, base + "passwordFrom", w.password_from, c, records, p);
  if (c.empty()) return;
  SetSms step{w};
  Drop(ctx, base + "enable", step.spec.enable);
  Drop(ctx, base + "appId", step.spec.app_id);
  Drop(ctx, base + "tokenUrl", step.spec.token_url);
  Drop(ctx, base + "verificationCipherUrl", step.spec.verification_cipher_url);
  Drop(ctx, base + "certContent", step.spec.cert_content);
  Drop(ctx, base + "passwordFrom", step.spec.password_from);
  AddStep(ctx, p, ops::kUpdateAuthConfig, "4.1.6 SMS gateway authentication",
          Disruption::kDisruptive, std::move(c), std::move(records), std::move(step));
}

std::string ServerText(const specs::LdapServerSpec& s) {
  return StrCat(s.host, ":", s.port.value_or(389), s.use_ssl.value_or(false) ? " ssl" : "");
}
std::string ServerText(const api::LdapServer& s) {
  return StrCat(s.host, ":", s.port, s.use_ssl ? " ssl" : "");
}

// The declared fields of each server against the live server at the same position.
bool ServersDiffer(const ObjectContext& ctx, const std::string& base,
                   const std::vector<specs::LdapServerSpec>& want,
                   const std::vector<api::LdapServer>& have, std::vector<FieldChange>& c) {
  if (want.size() != have.size()) {
    std::vector<std::string> w, h;
    for (const auto& s : want) w.push_back(ServerText(s));
    for (const auto& s : have) h.push_back(ServerText(s));
    c.push_back({base, core::Join(h, ", "), core::Join(w, ", ")});
    return true;
  }
  const std::size_t before = c.size();
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& w = want[i];
    const auto& h = have[i];
    const std::string at = StrCat(base, "[", i, "].");
    Diff(ctx, c, at + "host", std::optional<std::string>(w.host), h.host);
    Diff(ctx, c, at + "port", std::optional<std::int64_t>(w.port.value_or(389)), h.port);
    Diff(ctx, c, at + "baseDn", w.base_dn, h.base_dn);
    Diff(ctx, c, at + "administratorDn", w.administrator_dn, h.administrator_dn);
    Diff(ctx, c, at + "userDn", w.user_dn, h.user_dn);
    Diff(ctx, c, at + "useSsl", w.use_ssl, h.use_ssl);
    Diff(ctx, c, at + "certContent", w.cert_content, h.cert_content);
    Diff(ctx, c, at + "usernameAttribute", w.username_attribute, h.username_attribute);
    Diff(ctx, c, at + "objectClass", w.object_class, h.object_class);
    Diff(ctx, c, at + "securityType", w.security_type, h.security_type);
  }
  return c.size() > before;
}

void PlanLdap(const ObjectContext& ctx, const specs::LdapAuthSpec& w, const api::AuthMethod& h,
              ObjectPlan& p) {
  const std::string base = "spec.loginAuthentication.ldap.";
  std::vector<FieldChange> c;
  std::map<std::string, std::string> records;
  Diff(ctx, c, base + "enable", w.enable, h.enable);
  Diff(ctx, c, base + "name", w.name, h.name);
  const bool servers = w.servers && !ctx.Ignores(base + "servers");
  if (servers) {
    ServersDiffer(ctx, base + "servers", *w.servers, h.servers, c);
    for (std::size_t i = 0; i < w.servers->size(); ++i) {
      SecretChanged(ctx, StrCat(base, "servers[", i, "].administratorPasswordFrom"),
                    (*w.servers)[i].administrator_password_from, c, records, p);
    }
  }
  if (c.empty()) return;
  SetLdap step{w, !h.configured};
  Drop(ctx, base + "enable", step.spec.enable);
  Drop(ctx, base + "name", step.spec.name);
  if (!servers) step.spec.servers.reset();
  AddStep(ctx, p, ops::kUpdateAuthConfig, "4.1.6 LDAP authentication", Disruption::kDisruptive,
          std::move(c), std::move(records), std::move(step));
}

void PlanOAuth2(const ObjectContext& ctx, const specs::OAuth2AuthSpec& w, const api::AuthMethod& h,
                ObjectPlan& p) {
  const std::string base = "spec.loginAuthentication.oauth2.";
  std::vector<FieldChange> c;
  std::map<std::string, std::string> records;
  Diff(ctx, c, base + "enable", w.enable, h.enable);
  SecretChanged(ctx, base + "secretFrom", w.secret_from, c, records, p);
  if (c.empty()) return;
  SetOAuth2 step{w};
  Drop(ctx, base + "enable", step.spec.enable);
  Drop(ctx, base + "secretFrom", step.spec.secret_from);
  AddStep(ctx, p, ops::kUpdateAuthConfig, "4.1.6 OAuth 2.0 single sign-on", Disruption::kDisruptive,
          std::move(c), std::move(records), std::move(step));
}

void PlanLogin(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec,
               const Settings& live, ObjectPlan& p) {
  if (!spec.login_authentication) return;
  const specs::LoginAuthenticationSpec& l = *spec.login_authentication;
  if (l.sms && live.sms) PlanSms(ctx, *l.sms, *live.sms, p);
  if (l.ldap && live.ldap) PlanLdap(ctx, *l.ldap, *live.ldap, p);
  if (l.oauth2 && live.oauth2) PlanOAuth2(ctx, *l.oauth2, *live.oauth2, p);
}

void PlanOtp(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec, const Settings& live,
             ObjectPlan& p) {
  if (!spec.otp || !live.otp) return;
  const specs::OtpSpec& w = *spec.otp;
  const api::Otp& h = *live.otp;
  const std::string base = "spec.otp.";
  std::vector<FieldChange> c;
  std::map<std::string, std::string> records;
  Diff(ctx, c, base + "enable", w.enable, h.enable);
  Diff(ctx, c, base + "receiveMode", w.receive_mode, h.receive_mode);
  Diff(ctx, c, base + "authUrl", w.auth_url, h.auth_url);
  Diff(ctx, c, base + "appId", w.app_id, h.app_id);
  Diff(ctx, c, base + "authServerAccessMode", w.auth_server_access_mode, h.auth_server_access_mode);
  Diff(ctx, c, base + "certContent", w.cert_content, h.cert_content);
  Diff(ctx, c, base + "appliesTo", w.applies_to, h.applies_to);
  SecretChanged(ctx, base + "secretFrom", w.secret_from, c, records, p);
  if (c.empty()) return;
  SetOtp step{w};
  Drop(ctx, base + "enable", step.spec.enable);
  Drop(ctx, base + "receiveMode", step.spec.receive_mode);
  Drop(ctx, base + "authUrl", step.spec.auth_url);
  Drop(ctx, base + "appId", step.spec.app_id);
  Drop(ctx, base + "authServerAccessMode", step.spec.auth_server_access_mode);
  Drop(ctx, base + "certContent", step.spec.cert_content);
  Drop(ctx, base + "appliesTo", step.spec.applies_to);
  Drop(ctx, base + "secretFrom", step.spec.secret_from);
  AddStep(ctx, p, ops::kUpdateAssistAuthConfig, "4.1.8 OTP authentication", Disruption::kDisruptive,
          std::move(c), std::move(records), std::move(step));
}

std::string BackupText(std::int64_t priority, const std::string& address,
                       const std::string& custom) {
  return StrCat(priority, " ", address, custom.empty() ? "" : StrCat(" (", custom, ")"));
}

void PlanAddressBackup(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec,
                       const Settings& live, ObjectPlan& p) {
  if (spec.access_address_backup.empty() || !live.address_backup) return;
  if (ctx.Ignores("spec.accessAddressBackup")) return;
  std::vector<FieldChange> c;
  SetAddressBackup step;
  for (const specs::AddressBackupSpec& w : spec.access_address_backup) {
    const std::string base = StrCat("spec.accessAddressBackup[", w.site_id, "]");
    auto it = std::find_if(live.address_backup->begin(), live.address_backup->end(),
                           [&](const api::AddressBackup& a) { return a.site_id == w.site_id; });
    const api::AddressBackup none{w.site_id, "", {}};
    const api::AddressBackup& h = it == live.address_backup->end() ? none : *it;
    bool differs =
        Diff(ctx, c, base + ".backupMode", std::optional<std::string>(w.backup_mode),
             h.backup_mode.empty() ? std::nullopt : std::optional<std::string>(h.backup_mode));
    if (w.backup_info) {
      std::vector<specs::BackupAddressSpec> want = *w.backup_info;
      std::sort(want.begin(), want.end(),
                [](const auto& a, const auto& b) { return a.priority < b.priority; });
      std::vector<api::BackupAddress> have = h.backup_info;
      std::sort(have.begin(), have.end(),
                [](const auto& a, const auto& b) { return a.priority < b.priority; });
      std::vector<std::string> wt, ht;
      for (const auto& b : want)
        wt.push_back(BackupText(b.priority, b.address, b.address_custom.value_or("")));
      for (const auto& b : have) ht.push_back(BackupText(b.priority, b.address, b.address_custom));
      if (wt != ht) {
        c.push_back({base + ".backupInfo", core::Join(ht, "; "), core::Join(wt, "; ")});
        differs = true;
      }
    }
    if (differs) step.sites.push_back(w);
  }
  if (c.empty()) return;
  AddStep(ctx, p, ops::kUpdateAddressBackup, "4.1.9 backup access addresses", Disruption::kSafe,
          std::move(c), {}, std::move(step));
}

void PlanCustomConfigs(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec,
                       const Settings& live, ObjectPlan& p) {
  if (spec.custom_configs.empty() || !live.custom_configs) return;
  for (const auto& [name, w] : spec.custom_configs) {
    const std::string base = StrCat("spec.customConfigs.", name);
    if (ctx.Ignores(base)) continue;
    auto it = std::find_if(live.custom_configs->begin(), live.custom_configs->end(),
                           [&](const api::CustomConfig& c) { return c.name == name; });
    if (it == live.custom_configs->end()) {
      p.errors.push_back(StrCat(base, ": the tenant has no custom configuration ",
                                core::Quote(name), " (4.1.11 lists them; 4.1.12 only modifies)"));
      continue;
    }
    api::CustomConfig merged = *it;  // values the manifest leaves out keep theirs
    std::vector<FieldChange> c;
    std::optional<std::string> status = w.status;
    if (Diff(ctx, c, base + ".status", status, it->status)) merged.status = *status;
    for (const auto& [key, value] : w.values) {
      const std::string path = StrCat(base, ".values.", key);
      auto v = std::find_if(merged.values.begin(), merged.values.end(),
                            [&](const auto& kv) { return kv.first == key; });
      std::optional<std::string> have;
      if (v != merged.values.end()) have = v->second;
      if (!Diff(ctx, c, path, std::optional<std::string>(value), have)) continue;
      if (v != merged.values.end()) {
        v->second = value;
      } else {
        merged.values.emplace_back(key, value);
      }
    }
    if (c.empty()) continue;
    AddStep(ctx, p, ops::kUpdateTenantConfig, StrCat("4.1.12 custom configuration ", name),
            Disruption::kSafe, std::move(c), {}, SetCustomConfig{std::move(merged)});
  }
}

std::string MapText(const std::optional<std::string>& type, const std::optional<std::string>& value,
                    const std::optional<std::string>& nat_ip,
                    const std::optional<std::string>& nat_port,
                    const std::optional<std::string>& vag_ip) {
  return StrCat(type.value_or("-"), " ", value.value_or("-"), " ", nat_ip.value_or("-"), ":",
                nat_port.value_or("-"), " -> ", vag_ip.value_or("-"));
}

// The declared fields of each mapping against the live mapping at the same position.
bool MappingsDiffer(const std::vector<specs::NatMapSpec>& want,
                    const std::vector<api::NatMap>& have) {
  if (want.size() != have.size()) return true;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& w = want[i];
    const auto& h = have[i];
    auto differs = [](const auto& desired, const auto& live) {
      return desired && *desired != live;
    };
    if (differs(w.nat_map_type, h.nat_map_type) || differs(w.nat_map_value, h.nat_map_value) ||
        differs(w.nat_ip, h.nat_ip) || differs(w.vag_ip, h.vag_ip) ||
        differs(w.enterprise_project_id, h.enterprise_project_id) ||
        differs(w.access_filter_type, h.access_filter_type) ||
        (w.nat_port && std::to_string(*w.nat_port) != h.nat_port)) {
      return true;
    }
  }
  return false;
}

void PlanNat(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec, const Settings& live,
             ObjectPlan& p) {
  if (!spec.nat_mapping) return;
  const specs::NatMappingSpec& w = *spec.nat_mapping;
  if (live.nat_site_unknown) {
    p.errors.push_back(StrCat("spec.natMapping.siteId: the service has no site ",
                              core::Quote(w.site_id.value_or("")), " (4.1.13 answered 404)"));
    return;
  }
  if (!live.nat) return;
  const api::NatMapping& h = *live.nat;
  const std::string base = "spec.natMapping.";
  std::vector<FieldChange> c;
  Diff(ctx, c, base + "natOn", w.nat_on, h.nat_on);
  const bool maps = w.mappings && !ctx.Ignores(base + "mappings");
  if (maps && MappingsDiffer(*w.mappings, h.maps)) {
    std::vector<std::string> wt, ht;
    for (const auto& m : *w.mappings) {
      wt.push_back(MapText(m.nat_map_type, m.nat_map_value, m.nat_ip,
                           m.nat_port ? std::optional(std::to_string(*m.nat_port)) : std::nullopt,
                           m.vag_ip));
    }
    for (const auto& m : h.maps) {
      ht.push_back(MapText(m.nat_map_type, m.nat_map_value, m.nat_ip, m.nat_port, m.vag_ip));
    }
    c.push_back({base + "mappings", core::Join(ht, "; "), core::Join(wt, "; ")});
  }
  if (c.empty()) return;
  SetNatMapping step{w.site_id.value_or(h.site_id), w};
  Drop(ctx, base + "natOn", step.spec.nat_on);
  if (!maps) step.spec.mappings.reset();
  AddStep(ctx, p, ops::kUpdateNatMapping, "4.1.14 NAT mapping", Disruption::kSafe, std::move(c), {},
          std::move(step));
}

}  // namespace

void PlanAreas(const ObjectContext& ctx, const specs::TenantSettingsSpec& spec,
               const Settings& live, ObjectPlan& p) {
  PlanFunctions(ctx, spec, live, p);
  PlanCollaboration(ctx, spec, live, p);
  PlanLogin(ctx, spec, live, p);
  PlanOtp(ctx, spec, live, p);
  PlanAddressBackup(ctx, spec, live, p);
  PlanCustomConfigs(ctx, spec, live, p);
  PlanNat(ctx, spec, live, p);
}

}  // namespace deskops::reconcilers::tenant_settings
