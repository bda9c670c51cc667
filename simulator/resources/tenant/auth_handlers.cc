// Login and auxiliary authentication, 4.1.5-4.1.8 (L1262-1935), of the tenant configuration
// family (tenant_handlers.cc has the rest and the family's registration).
//
// The reference disagrees with itself here, and the simulator takes every form:
// - 4.1.5 reads a method by auth_type LOCAL_PASSWORD, KERBEROS, LDAP, CLIENT_TOKEN or OAUTH2
//   (L1284); 4.1.6 writes RADIUS_GATEWAY, OAuth2, CLIENT_TOKEN or USER_PASSWORD (L1473), and the
//   Go SDK also sends OAUTH2 and LDAP. USER_PASSWORD and LDAP write the third-party LDAP
//   configuration 4.1.5 reads as LDAP; OAuth2 and OAUTH2 the one it reads as OAUTH2;
//   RADIUS_GATEWAY the SMS gateway every answer carries (radius_gateway_config, L1303).
// - 4.1.6 names the third-party object third_party_authentication_config (L1475); 4.1.5 answers
//   third_party_auth_config (L1304), which the SDK also sends.
// - verification_ciper_url (L1487) is verification_cipher_url in the example (L1609), in 4.1.5
//   (L1314) and in the SDK.
// - Numbers where text is documented (password 123456, L1607; app_id and app_secret 123,
//   L1903-1904) are taken as text.
// Secrets (the gateway's password, LDAP administrators' passwords, the OAuth configuration, the OTP
// server's app_secret) are never kept nor answered, although 4.1.5 and 4.1.7 list some of them
// among their response fields (L1366, L1684): only their SHA-256 is stored (tenant_store.h). A
// certificate 4.1.5 does not return (the gateway's cert_content) is kept in the state only.
// An LDAP server sent without administrator_password keeps the one it had (matched by host).
#include <algorithm>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/resources/tenant/tenant_handlers.h"
#include "simulator/resources/tenant/tenant_store.h"

namespace deskops::simulator::tenant {
namespace {

using Json = nlohmann::json;

TenantStore& Store(Context& ctx) { return ctx.state.Ext<TenantStore>(); }

// 4.1.5's auth_type (L1284) -> the store's method.
const char* MethodKey(std::string_view auth_type) {
  if (auth_type == "LOCAL_PASSWORD") return "local_password";
  if (auth_type == "KERBEROS") return "kerberos";
  if (auth_type == "LDAP") return "ldap";
  if (auth_type == "CLIENT_TOKEN") return "client_token";
  if (auth_type == "OAUTH2") return "oauth2";
  return nullptr;
}

Json WithoutSecrets(Json j) {
  for (auto it = j.begin(); it != j.end();) {
    it = core::StartsWith(it.key(), "configured") ||
                 (it.key().size() > 7 && it.key().ends_with("_sha256"))
             ? j.erase(it)
             : std::next(it);
  }
  return j;
}

// The object `key` of the stored configuration ({} when a control API patch removed it).
Json Part(const Json& auth, const char* key) { return auth.value(key, Json::object()); }

Json ThirdParty(const Json& auth, std::string_view auth_type) {
  Json out = Json::array();
  const Json ldap = Part(auth, "ldap"), oauth2 = Part(auth, "oauth2");
  if (auth_type == "LDAP" && ldap.value("configured", false)) {
    Json servers = Json::array();
    for (const Json& s : ldap.value("ldap_configs", Json::array())) {
      servers.push_back(WithoutSecrets(s));
    }
    out.push_back({{"enable", ldap.value("enable", false)},
                   {"auth_type", "LDAP"},
                   {"third_password_name", ldap.value("third_password_name", "")},
                   {"ldap_configs", servers}});
  }
  if (auth_type == "OAUTH2" && oauth2.value("configured", false)) {
    Json o = WithoutSecrets(oauth2);
    o["auth_type"] = "OAUTH2";
    out.push_back(std::move(o));
  }
  return out;
}

core::Status UpdateGateway(const Json& body, Json& auth) {
  const Json* g = nullptr;
  BodyReader top(body);
  g = top.Object("radius_gateway_config", Need::kRequired);
  if (!top.ok()) return top.status();
  BodyReader r(*g, "radius_gateway_config");
  Json& into = auth["radius_gateway_config"];
  Json next = into;
  if (auto v = r.Bool("enable")) next["enable"] = *v;
  if (auto v = Text(*g, r, "app_id")) next["app_id"] = *v;
  if (auto v = Text(*g, r, "password")) next["password_sha256"] = SecretDigest(*v);
  if (auto v = r.Str("token_url", Need::kOptional, 1024)) next["token_url"] = *v;
  for (const char* key : {"verification_cipher_url", "verification_ciper_url"}) {
    if (auto v = r.Str(key, Need::kOptional, 1024)) next["verification_cipher_url"] = *v;
  }
  if (auto v = r.Str("cert_content")) next["cert_content"] = *v;
  if (!r.ok()) return r.status();
  into = std::move(next);
  return core::Status::Ok();
}

core::StatusOr<Json> ReadLdapServer(const Json& item, BodyReader& r, const Json& before) {
  Json s = {{"host", r.Str("host", Need::kRequired, 255).value_or("")},
            {"port", r.Int("port", Need::kOptional, 1, 65535).value_or(389)}};  // L1536
  for (const char* key : {"base_dn", "administrator_dn", "user_dn", "cert_content",
                          "username_attribute", "object_class", "security_type"}) {
    if (auto v = r.Str(key)) s[key] = *v;
  }
  if (auto v = r.Bool("use_ssl")) s["use_ssl"] = *v;
  if (auto v = Text(item, r, "administrator_password")) {
    s["administrator_password_sha256"] = SecretDigest(*v);
  } else {
    for (const Json& old : before) {
      if (old.value("host", "") == s["host"] && old.contains("administrator_password_sha256")) {
        s["administrator_password_sha256"] = old["administrator_password_sha256"];
      }
    }
  }
  if (!r.ok()) return r.status();
  return s;
}

core::Status UpdateLdap(const Json& third, Json& auth) {
  BodyReader r(third, "third_party_authentication_config");
  std::optional<std::string> update =
      r.Enum("third_password_update_type", Need::kOptional, {"ADD", "UPDATE", "DELETE"});
  std::optional<bool> enable = r.Bool("enable");
  std::optional<std::string> name = r.Str("third_password_name", Need::kOptional, 64);
  if (!r.ok()) return r.status();
  Json& ldap = auth["ldap"];
  if (update == "DELETE") {
    ldap = {{"configured", false}, {"enable", false}};
    return core::Status::Ok();
  }
  Json next = ldap;
  if (const Json* list = r.Array("ldap_configs")) {
    Json servers = Json::array();
    const Json before = ldap.value("ldap_configs", Json::array());
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Json& item = (*list)[i];
      const std::string path = core::StrCat(r.PathOf("ldap_configs"), "[", i, "]");
      if (!item.is_object()) return InvalidField(path);
      BodyReader s(item, path);
      DESKOPS_ASSIGN_OR_RETURN(Json server, ReadLdapServer(item, s, before));
      servers.push_back(std::move(server));
    }
    next["ldap_configs"] = std::move(servers);
  }
  if (!r.ok()) return r.status();
  if (enable) next["enable"] = *enable;
  if (name) next["third_password_name"] = *name;
  next["configured"] = true;
  ldap = std::move(next);
  return core::Status::Ok();
}

core::Status UpdateOAuth2(const Json& third, Json& auth) {
  BodyReader r(third, "third_party_authentication_config");
  Json next = auth["oauth2"];
  if (auto v = r.Bool("enable")) next["enable"] = *v;
  if (auto v = r.Str("oauth_configs")) next["oauth_configs_sha256"] = SecretDigest(*v);
  for (const char* key : {"update_type", "update_object", "custom_definition"}) {
    if (auto v = r.Str(key)) next[key] = *v;
  }
  if (!r.ok()) return r.status();
  next["configured"] = true;
  auth["oauth2"] = std::move(next);
  return core::Status::Ok();
}

}  // namespace

core::StatusOr<Response> GetAuthConfig(Context& ctx) {
  const std::string type = ctx.query.Get("auth_type").value_or("LOCAL_PASSWORD");
  const char* key = MethodKey(type);
  if (!key) {
    return InvalidField("auth_type",
                        "It is one of LOCAL_PASSWORD, KERBEROS, LDAP, CLIENT_TOKEN, OAUTH2.");
  }
  const Json& auth = Store(ctx).auth_config;
  Json gateway = Part(auth, "radius_gateway_config");
  gateway.erase("cert_content");  // RadiusGatewayConfigInfo has none (L1307-1317)
  gateway = WithoutSecrets(gateway);
  gateway["auth_type"] = "RADIUS_GATEWAY";
  Json answer = {{"auth_type", type},
                 {"enable", Part(auth, key).value("enable", false)},
                 {"radius_gateway_config", gateway},
                 {"third_party_auth_config", ThirdParty(auth, type)}};
  if (auth.contains("emergency_login_mode")) {
    answer["emergency_login_mode"] = auth["emergency_login_mode"];
  }
  return JsonResponse(200, answer);
}

core::StatusOr<Response> UpdateAuthConfig(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::optional<std::string> type =
      r.Enum("auth_type", Need::kOptional,
             {"RADIUS_GATEWAY", "OAuth2", "OAUTH2", "CLIENT_TOKEN", "USER_PASSWORD", "LDAP"});
  std::optional<std::string> emergency = r.Str("emergency_login_mode");
  if (!r.ok()) return r.status();
  if (!type && body.contains("radius_gateway_config")) type = "RADIUS_GATEWAY";
  if (!type) return InvalidField("auth_type", "It names the method to configure.");
  const char* third_key = body.contains("third_party_authentication_config")
                              ? "third_party_authentication_config"
                              : "third_party_auth_config";  // 4.1.5's and the SDK's name
  const Json third = body.value(third_key, Json());
  if (!third.is_null() && !third.is_object()) return InvalidField(third_key);
  Json auth = Store(ctx).auth_config;
  for (const char* part : {"radius_gateway_config", "ldap", "oauth2", "client_token"}) {
    if (!auth[part].is_object()) auth[part] = Json::object();
  }
  if (*type == "RADIUS_GATEWAY") {
    DESKOPS_RETURN_IF_ERROR(UpdateGateway(body, auth));
  } else if (third.is_null()) {
    return InvalidField("third_party_authentication_config", "It is required for this auth_type.");
  } else if (*type == "OAuth2" || *type == "OAUTH2") {
    DESKOPS_RETURN_IF_ERROR(UpdateOAuth2(third, auth));
  } else if (*type == "USER_PASSWORD" || *type == "LDAP") {
    DESKOPS_RETURN_IF_ERROR(UpdateLdap(third, auth));
  } else {  // CLIENT_TOKEN
    BodyReader t(third, third_key);
    if (auto v = t.Bool("enable")) auth["client_token"]["enable"] = *v;
    if (!t.ok()) return t.status();
  }
  if (emergency) auth["emergency_login_mode"] = *emergency;
  Store(ctx).auth_config = std::move(auth);
  return JsonResponse(200, {{"project_id", ctx.project_id}});  // L1554
}

core::StatusOr<Response> GetAssistAuthConfig(Context& ctx) {
  return JsonResponse(200, {{"otp_config_info", WithoutSecrets(Store(ctx).otp_config_info)}});
}

core::StatusOr<Response> UpdateAssistAuthConfig(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader top(body);
  top.Enum("auth_type", Need::kOptional, {"OTP"});  // L1799
  const Json* otp = top.Object("otp_config_info");
  if (!top.ok()) return top.status();
  if (!otp) return EmptyResponse(204);
  BodyReader r(*otp, "otp_config_info");
  Json next = Store(ctx).otp_config_info;
  if (auto v = r.Bool("enable")) next["enable"] = *v;
  if (auto v = r.Enum("receive_mode", Need::kOptional, {"VMFA", "HMFA"})) next["receive_mode"] = *v;
  if (auto v = r.Str("auth_url", Need::kOptional, 1024)) next["auth_url"] = *v;
  if (auto v = Text(*otp, r, "app_id")) next["app_id"] = *v;
  if (auto v = Text(*otp, r, "app_secret")) next["app_secret_sha256"] = SecretDigest(*v);
  if (auto v = r.Enum("auth_server_access_mode", Need::kOptional,
                      {"INTERNET", "DEDICATED", "SYSTEM_DEFAULT"})) {
    next["auth_server_access_mode"] = *v;
  }
  if (auto v = r.Str("cert_content")) next["cert_content"] = *v;
  if (otp->contains("apply_rule")) {
    const Json& rule = (*otp)["apply_rule"];
    if (rule.is_null()) {
      next["apply_rule"] = nullptr;  // every object (L1814)
    } else if (!rule.is_object()) {
      return InvalidField("otp_config_info.apply_rule");
    } else {
      BodyReader a(rule, "otp_config_info.apply_rule");
      std::string type = a.Enum("rule_type", Need::kRequired, {"ACCESS_MODE"}).value_or("");
      std::string which = a.Enum("rule", Need::kRequired, {"INTERNET", "PRIVATE"}).value_or("");
      if (!a.ok()) return a.status();
      next["apply_rule"] = {{"rule_type", type}, {"rule", which}};
    }
  }
  if (!r.ok()) return r.status();
  if (next.value("enable", false) && next.value("receive_mode", "") == "HMFA" &&
      (next.value("auth_url", "").empty() || next.value("app_id", "").empty())) {
    // A hardware MFA device is checked by the auxiliary authentication server (L1682-1683).
    return InvalidField("otp_config_info.auth_url",
                        "HMFA needs the auxiliary authentication server (auth_url, app_id).");
  }
  Store(ctx).otp_config_info = std::move(next);
  return EmptyResponse(204);  // L1826
}

}  // namespace deskops::simulator::tenant
