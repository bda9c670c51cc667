#include "specs/tenant_settings.h"

#include <set>

#include "core/strings.h"
#include "specs/kinds.h"

namespace deskops::specs {

namespace {

constexpr char kKind[] = "TenantSettings";

constexpr const char* kInlineSecret =
    "inline secrets are not allowed: manifests live in version control. Write "
    "{env: VARIABLE} or {file: /path/to/secret} under the field's ...From instead";

SchemaNode PemSchema(std::string doc) {
  return String(std::move(doc))
      .Pattern("\\s*-----BEGIN [A-Z0-9 ]+-----[\\s\\S]*",
               "be a PEM text starting with -----BEGIN ...-----");
}

SchemaNode FunctionsSchema() {
  // 4.1.1 takes "{User defined key}: Object" (L834) and 4.1.2 answers Map<String, Boolean>
  // (L951): each switch by its API key, such as app_restrict_rule_switch (L894).
  return MapOf(String().Len(1, 64).Pattern("[a-z][a-z0-9_]*",
                                           "be a function switch's API key such as "
                                           "app_restrict_rule_switch (lower case, digits, _)"),
               Boolean(),
               "Tenant function switches by API key (4.1.1, 4.1.2); only these are "
               "managed.");
}

SchemaNode CollaborationSchema() {
  return Struct(
      {
          Field("shareSpaceName", String("Name of the collaboration space (L1080).").MinLen(1)),
          Field("useSharePassword", Boolean("Joining needs the collaboration password.")),
          Field("allowAnonymous", Boolean("Users may join anonymously.")),
          Field("audioAndVideo", String("Audio and video in the collaboration (L1080).")
                                     .Enum({"AUDIO", "NONE", "AUDIO_AND_VIDEO"})),
          Field("keyboardMouseCtl", Boolean("Participants may use keyboard and mouse.")),
          // 4.1.3 reads anonymous_input_ctrl (L1080), 4.1.4 writes anonymous_input_ctl (L1185).
          Field("anonymousInputCtrl", Boolean("Anonymous participants may use keyboard and mouse "
                                              "(read as anonymous_input_ctrl, written as "
                                              "anonymous_input_ctl).")),
          Field("isUserConfirmEnabled", Boolean("The desktop's user must accept a participant.")),
          Field("waitConfirmTime",
                Integer("Seconds to wait for that answer, 30-180 (L1080).").Range(30, 180)),
      },
      "Default user configuration of collaborative desktops, share-space-user-conf (4.1.3, "
      "4.1.4).");
}

SchemaNode SmsSchema() {
  return Struct(
             {
                 Field("enable", Boolean("SMS authentication is on (L1481).")),
                 Field("appId", String("The gateway account (L1482).").MinLen(1)),
                 Field("passwordFrom",
                       SecretSourceSchema("The gateway account's password (L1485). Read at apply "
                                          "time; never printed."))
                     .Wire("password"),
                 Field("tokenUrl", String("URL that issues tokens (L1486).").MinLen(1)),
                 // L1487 names it verification_ciper_url; the example (L1609), 4.1.5 (L1314) and
                 // the SDK write verification_cipher_url.
                 Field("verificationCipherUrl",
                       String("URL that sends verification codes (L1487).").MinLen(1)),
                 Field("certContent", PemSchema("The gateway's certificate, PEM (L1488); cannot be "
                                                "read back.")),
             },
             "SMS authentication through a RADIUS gateway (auth_type RADIUS_GATEWAY, "
             "radius_gateway_config).")
      .Reject("password", kInlineSecret);
}

SchemaNode LdapServerSchema() {
  return Struct(
             {
                 Field("host", String("LDAP server host (L1535).").Len(1, 255)).Required(),
                 Field("port", Integer("Port, 1-65535; the service's default is 389 (L1536).")
                                   .Range(1, 65535)),
                 Field("baseDn", String("Base DN (L1537).").MinLen(1)),
                 Field("administratorDn", String("DN the service binds as (L1538).").MinLen(1)),
                 Field("administratorPasswordFrom",
                       SecretSourceSchema("That DN's password (L1539). Read at apply time; never "
                                          "printed. Left out: the server keeps the one it has."))
                     .Wire("administrator_password"),
                 Field("userDn", String("DN under which users are found (L1540).").MinLen(1)),
                 Field("useSsl", Boolean("LDAPS (L1541).")),
                 Field("certContent", PemSchema("Server certificate, PEM (L1542).")),
                 Field("usernameAttribute", String("Attribute holding the user name, such as uid "
                                                   "(L1543).")
                                                .MinLen(1)),
                 Field("objectClass", String("Object class of users (L1544).").MinLen(1)),
                 Field("securityType", String("Security type (L1545).").MinLen(1)),
             },
             "One LDAP server (LdapConfig).")
      .Reject("administratorPassword", kInlineSecret);
}

SchemaNode LdapSchema() {
  return Struct(
      {
          Field("enable", Boolean("Third-party LDAP authentication is on.")),
          Field("name", String("The configuration's name (third_password_name, L1505).").Len(1, 64))
              .Wire("third_password_name"),
          Field("servers", ArrayOf(LdapServerSchema(),
                                   "The LDAP servers, in order (ldap_configs, L1504); sent whole.")
                               .Items(1, 10))
              .Wire("ldap_configs"),
      },
      "Third-party password authentication against LDAP (auth_type USER_PASSWORD).");
}

SchemaNode OAuth2Schema() {
  return Struct(
      {
          Field("enable", Boolean("Third-party SSO by OAuth 2.0 is on.")),
          Field("secretFrom",
                SecretSourceSchema("The OAuth 2.0 configuration, with its client secret "
                                   "(oauth_configs, L1501). Read at apply time; never printed."))
              .Wire("oauth_configs"),
      },
      "Third-party single sign-on by OAuth 2.0 (auth_type OAuth2).");
}

SchemaNode LoginAuthenticationSchema() {
  return Struct(
      {
          Field("sms", SmsSchema()).Wire("radius_gateway_config"),
          Field("ldap", LdapSchema()).Wire("ldap"),
          Field("oauth2", OAuth2Schema()).Wire("oauth2"),
      },
      "Login authentication methods (4.1.5, 4.1.6); each is read and changed on its own.");
}

SchemaNode OtpSchema() {
  return Struct(
             {
                 Field("enable", Boolean("OTP authentication is on (L1807).")),
                 Field("receiveMode", String("VMFA: virtual MFA device; HMFA: hardware MFA device "
                                             "(L1808).")
                                          .Enum({"VMFA", "HMFA"})),
                 Field("authUrl",
                       String("Auxiliary authentication server address (L1809).").MinLen(1)),
                 Field("appId", String("Account at that server (L1810).").MinLen(1)),
                 Field("secretFrom",
                       SecretSourceSchema("The account's password (app_secret, L1811). Read at "
                                          "apply time; never printed."))
                     .Wire("app_secret"),
                 Field("authServerAccessMode",
                       String("How the service reaches that server (L1812).")
                           .Enum({"INTERNET", "DEDICATED", "SYSTEM_DEFAULT"})),
                 Field("certContent", PemSchema("The server's certificate, PEM (L1813).")),
                 Field("appliesTo",
                       String("Which logins need OTP: ALL (apply_rule null), or by access mode "
                              "INTERNET or PRIVATE (rule_type ACCESS_MODE, L1814-1822).")
                           .Enum({"ALL", "INTERNET", "PRIVATE"}))
                     .Wire("apply_rule"),
             },
             "Auxiliary authentication by one-time passwords (4.1.7, 4.1.8).")
      .Reject("appSecret", kInlineSecret);
}

SchemaNode AddressBackupSchema() {
  SchemaNode backup = Struct(
      {
          Field("priority", Integer("Smaller is tried first; 1-255 (L1982).").Range(1, 255))
              .Required(),
          Field("address", String("Backup access address (L1983).").Len(1, 255)).Required(),
          Field("addressCustom",
                String("Tenant-defined backup access address (L1984).").Len(1, 255)),
      },
      "A backup access address (BackupInfo).");
  return ArrayOf(
      Struct(
          {
              Field("siteId", IdSchema("Site ID (L1974).")).Required(),
              Field("backupMode", String("ON or OFF (L1975).").Enum({"ON", "OFF"})).Required(),
              Field("backupInfo", ArrayOf(std::move(backup),
                                          "The site's backup addresses, "
                                          "sent whole (L1976)")
                                      .MaxItems(255)),
          },
          "One site's backup access addresses (AccessConfigInfo)."),
      "Backup access addresses per site (4.1.9, 4.1.10); sites left out are not managed.");
}

SchemaNode CustomConfigsSchema() {
  return MapOf(
      String().Len(1, 64).Pattern("[A-Za-z0-9_-]+",
                                  "be a configuration name such as user_prefix (letters, "
                                  "digits, _ and -)"),
      Struct(
          {
              Field("status", String("ON or OFF (L2373).").Enum({"ON", "OFF"})),
              Field("values", MapOf(String().Len(1, 64).Pattern(
                                        "[A-Za-z0-9_-]+",
                                        "be an item key such as prefix (letters, digits, _ and -)"),
                                    String(),
                                    "Configuration items by key (MapObject, L2376-2381); only "
                                    "these keys are managed.")),
          },
          "One custom configuration (FunctionConfig)."),
      "Custom tenant configurations by name (4.1.11, 4.1.12); each must exist in the tenant.");
}

SchemaNode NatMappingSchema() {
  SchemaNode map = Struct(
      {
          Field(
              "natMapType",
              String("PORT: port mapping; HOST: address mapping (L2655).").Enum({"PORT", "HOST"})),
          Field("natMapValue",
                String("PORT: 9443 or 9445; HOST: the access address (L2656).").Len(1, 255)),
          Field("natIp", Ipv4Schema("NAT IP address (L2657).")),
          Field("natPort", Integer("NAT port, 0-65535 (L2661).").Range(0, 65535)),
          Field("vagIp", Ipv4Schema("vAG IP address (L2662).")),
          Field("accessFilterType", Integer("1: tags and enterprise projects are managed; 0: not "
                                            "(L2663).")
                                        .Range(0, 1)),
          Field("enterpriseProjectId", IdSchema("Enterprise project ID (L2664).")),
      },
      "One NAT mapping (UpdateNatMappingConfig).");
  return Struct(
      {
          Field("siteId", IdSchema("The site (L2647); the central site when left out.")),
          Field("natOn", Boolean("NAT mapping is on (L2648).")),
          Field("mappings", ArrayOf(std::move(map),
                                    "The mappings, sent whole (nat_vag_maps, "
                                    "L2649).")
                                .MaxItems(64))
              .Wire("nat_vag_maps"),
      },
      "NAT mapping of a site (4.1.13, 4.1.14).");
}

SchemaNode MakeSpecSchema() {
  return Struct(
      {
          Field("functions", FunctionsSchema()).Wire("profiles"),
          Field("collaboration", CollaborationSchema()).Wire("config_value"),
          Field("loginAuthentication", LoginAuthenticationSchema()).Wire("auth_config"),
          Field("otp", OtpSchema()).Wire("otp_config_info"),
          Field("accessAddressBackup", AddressBackupSchema()).Wire("access_config"),
          Field("customConfigs", CustomConfigsSchema()).Wire("function_configs"),
          Field("natMapping", NatMappingSchema()).Wire("nat_mapping"),
      },
      "The tenant's settings (4.1): one object per project; only what it sets is managed.");
}

std::optional<SecretSource> SourceAt(const Fields& f, std::string_view key) {
  Fields s = f.Sub(key);
  if (!s.value()) return std::nullopt;
  return SecretSource{s.Str("env"), s.Str("file")};
}

CollaborationSpec DecodeCollaboration(const Fields& f) {
  CollaborationSpec c;
  c.share_space_name = f.Str("shareSpaceName");
  c.use_share_password = f.Bool("useSharePassword");
  c.allow_anonymous = f.Bool("allowAnonymous");
  c.audio_and_video = f.Str("audioAndVideo");
  c.keyboard_mouse_ctl = f.Bool("keyboardMouseCtl");
  c.anonymous_input_ctrl = f.Bool("anonymousInputCtrl");
  c.is_user_confirm_enabled = f.Bool("isUserConfirmEnabled");
  c.wait_confirm_time = f.Int("waitConfirmTime");
  return c;
}

LdapServerSpec DecodeLdapServer(const Fields& f) {
  LdapServerSpec s;
  s.host = f.StrOr("host", "");
  s.port = f.Int("port");
  s.base_dn = f.Str("baseDn");
  s.administrator_dn = f.Str("administratorDn");
  s.administrator_password_from = SourceAt(f, "administratorPasswordFrom");
  s.user_dn = f.Str("userDn");
  s.use_ssl = f.Bool("useSsl");
  s.cert_content = f.Str("certContent");
  s.username_attribute = f.Str("usernameAttribute");
  s.object_class = f.Str("objectClass");
  s.security_type = f.Str("securityType");
  return s;
}

LoginAuthenticationSpec DecodeLogin(const Fields& f, const DecodeContext& ctx) {
  LoginAuthenticationSpec l;
  if (Fields s = f.Sub("sms"); s.value()) {
    l.sms = SmsGatewaySpec{s.Bool("enable"),
                           s.Str("appId"),
                           SourceAt(s, "passwordFrom"),
                           s.Str("tokenUrl"),
                           s.Str("verificationCipherUrl"),
                           s.Str("certContent")};
  }
  if (Fields s = f.Sub("ldap"); s.value()) {
    LdapAuthSpec ldap;
    ldap.enable = s.Bool("enable");
    ldap.name = s.Str("name");
    if (s.Has("servers")) {
      ldap.servers.emplace();
      std::set<std::string> hosts;
      std::size_t i = 0;
      for (const Fields& server : s.List("servers")) {
        const std::string path = core::StrCat("spec.loginAuthentication.ldap.servers[", i++, "]");
        LdapServerSpec one = DecodeLdapServer(server);
        const std::string key = core::StrCat(one.host, ":", one.port.value_or(389));
        if (!hosts.insert(key).second) {
          ctx.Error(server.MarkOf("host"), path + ".host",
                    core::StrCat("the server ", key, " is listed twice"));
        }
        ldap.servers->push_back(std::move(one));
      }
    }
    l.ldap = std::move(ldap);
  }
  if (Fields s = f.Sub("oauth2"); s.value()) {
    l.oauth2 = OAuth2AuthSpec{s.Bool("enable"), SourceAt(s, "secretFrom")};
  }
  return l;
}

OtpSpec DecodeOtp(const Fields& f, const DecodeContext& ctx) {
  OtpSpec o;
  o.enable = f.Bool("enable");
  o.receive_mode = f.Str("receiveMode");
  o.auth_url = f.Str("authUrl");
  o.app_id = f.Str("appId");
  o.secret_from = SourceAt(f, "secretFrom");
  o.auth_server_access_mode = f.Str("authServerAccessMode");
  o.cert_content = f.Str("certContent");
  o.applies_to = f.Str("appliesTo");
  if (o.receive_mode == "HMFA") {
    // A hardware MFA device's codes are checked by the auxiliary authentication server
    // (L1682-1683): the HMFA example gives its address and account (L1902-1903). Its secret may be
    // set already, so secretFrom is not required.
    for (const auto& [key, set] :
         {std::pair{"authUrl", o.auth_url.has_value()}, {"appId", o.app_id.has_value()}}) {
      if (set) continue;
      ctx.Error(f.MarkOf("receiveMode"), core::StrCat("spec.otp.", key),
                "is required with receiveMode HMFA: the auxiliary authentication server checks "
                "hardware MFA codes (L1682-1683, L1902-1903)");
    }
  }
  return o;
}

std::vector<AddressBackupSpec> DecodeBackups(const Fields& f, const DecodeContext& ctx) {
  std::vector<AddressBackupSpec> out;
  std::set<std::string> sites;
  std::size_t i = 0;
  for (const Fields& site : f.List("accessAddressBackup")) {
    const std::string path = core::StrCat("spec.accessAddressBackup[", i++, "]");
    AddressBackupSpec a;
    a.site_id = site.StrOr("siteId", "");
    a.backup_mode = site.StrOr("backupMode", "");
    if (!sites.insert(a.site_id).second) {
      ctx.Error(site.MarkOf("siteId"), path + ".siteId",
                core::StrCat("the site ", a.site_id, " is listed twice"));
    }
    if (site.Has("backupInfo")) {
      a.backup_info.emplace();
      std::set<std::int64_t> priorities;
      std::size_t j = 0;
      for (const Fields& b : site.List("backupInfo")) {
        const std::string bpath = core::StrCat(path, ".backupInfo[", j++, "]");
        BackupAddressSpec one{b.Int("priority").value_or(0), b.StrOr("address", ""),
                              b.Str("addressCustom")};
        if (!priorities.insert(one.priority).second) {
          ctx.Error(b.MarkOf("priority"), bpath + ".priority",
                    core::StrCat("priority ", one.priority,
                                 " is given twice; each address has its own (L1982)"));
        }
        a.backup_info->push_back(std::move(one));
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

NatMappingSpec DecodeNat(const Fields& f, const DecodeContext& ctx) {
  NatMappingSpec n;
  n.site_id = f.Str("siteId");
  n.nat_on = f.Bool("natOn");
  if (!f.Has("mappings")) return n;
  n.mappings.emplace();
  std::size_t hosts = 0, i = 0;
  for (const Fields& m : f.List("mappings")) {
    const std::string path = core::StrCat("spec.natMapping.mappings[", i++, "]");
    NatMapSpec one{m.Str("natMapType"),
                   m.Str("natMapValue"),
                   m.Str("natIp"),
                   m.Int("natPort"),
                   m.Str("vagIp"),
                   m.Int("accessFilterType"),
                   m.Str("enterpriseProjectId")};
    if (one.nat_map_type == "PORT" && one.nat_map_value && *one.nat_map_value != "9443" &&
        *one.nat_map_value != "9445") {
      ctx.Error(m.MarkOf("natMapValue"), path + ".natMapValue",
                core::StrCat("must be 9443 or 9445 for a PORT mapping (L2656); got ",
                             core::Quote(*one.nat_map_value)));
    }
    if (one.nat_map_type == "HOST" && ++hosts == 11) {
      ctx.Error(m.MarkOf("natMapType"), path + ".natMapType",
                "at most 10 HOST mappings are allowed (L2655)");
    }
    n.mappings->push_back(std::move(one));
  }
  return n;
}

}  // namespace

const SchemaNode& TenantSettingsNameSchema() {
  static const SchemaNode schema =
      String("Any name: the tenant has one TenantSettings, whatever its manifest calls it.")
          .Len(1, 63)
          .Pattern("[a-z0-9]([-a-z0-9]*[a-z0-9])?",
                   "be a short name of lower-case letters, digits and hyphens");
  return schema;
}

const SchemaNode& TenantSettingsSpecSchema() {
  static const SchemaNode schema = MakeSpecSchema();
  return schema;
}

TenantSettingsSpec DecodeTenantSettings(const Value& spec, const DecodeContext& ctx) {
  Fields f(&spec);
  TenantSettingsSpec t;
  for (const auto& [key, value] : f.StrMap("functions")) t.functions[key] = value == "true";
  if (Fields c = f.Sub("collaboration"); c.value()) t.collaboration = DecodeCollaboration(c);
  if (Fields l = f.Sub("loginAuthentication"); l.value())
    t.login_authentication = DecodeLogin(l, ctx);
  if (Fields o = f.Sub("otp"); o.value()) t.otp = DecodeOtp(o, ctx);
  t.access_address_backup = DecodeBackups(f, ctx);
  if (const Value* configs = f.Get("customConfigs")) {
    for (const auto& e : configs->entries) {
      Fields c(&e.value);
      t.custom_configs[e.key] = CustomConfigSpec{c.Str("status"), c.StrMap("values")};
    }
  }
  if (Fields n = f.Sub("natMapping"); n.value()) t.nat_mapping = DecodeNat(n, ctx);
  return t;
}

const KindInfo& TenantSettingsKind() {
  static const KindInfo kind{"TenantSettings",
                             "tenantsettings",
                             "The tenant's own settings (4.1): functions, collaboration, login "
                             "and OTP authentication, backup addresses, custom configurations, "
                             "NAT mapping; one per project.",
                             false,
                             TenantSettingsNameSchema,
                             TenantSettingsSpecSchema,
                             DecodeAs<TenantSettingsSpec, DecodeTenantSettings>,
                             {"4.1"},
                             {"tenantsetting", "tenant"},
                             Singleton<kKind>};
  return kind;
}

}  // namespace deskops::specs
