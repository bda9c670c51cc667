// Tenant configuration, 4.1.1-4.1.14 (L803-2755): function switches, collaboration defaults,
// login and OTP authentication (auth_handlers.cc), backup access addresses, custom configurations
// and NAT mapping. A family on the seam (resource.h) with a TenantStore (tenant_store.h). Every
// change merges what the request gives into what the tenant has: the reference marks every field
// optional (L1181-1185, L1807-1814, L1968, L2365-2374, L2647-2664), so a field left out keeps its
// value; a list given (backup_info, values, nat_vag_maps) replaces the list.
//
// Where the reference is silent or contradicts itself:
// - 4.1.1 takes "{User defined key}: Object" (L834): the keys are the tenant's function switches,
//   those 4.1.2 lists (seed "tenant_functions", default app_restrict_rule_switch, the example's
//   L894); another key is 400 WKS.0001. 4.1.2 answers Map<String, Boolean> (L951) where its
//   example prints "true" (L1017): booleans are answered, booleans and "true"/"false" accepted.
// - 4.1.3 needs name=share-space-user-conf (L1061); another name is 404 WKS.00010031. Its
//   config_value names anonymous_input_ctrl (L1080), 4.1.4's anonymous_input_ctl (L1185): both are
//   accepted, 4.1.3's is answered. wait_confirm_time is 30-180 (L1080).
// - 4.1.9 / 4.1.14 / 4.1.13 site IDs: the seed's site_id (the central site) and the seeded edge
//   sites (site_quotas); another is 400 WKS.0568 in a body and 404 WKS.00010031 in 4.1.13's query.
//   Sites added later (4.2.2) are resources/site's.
// - 4.1.12 names the configuration by id or name (both optional, L2371-2372); an unknown one is
//   400 WKS.0568. Only configurations the tenant has can be modified; there is no create.
// - 4.1.14: a PORT mapping's value is 9443 or 9445 (L2656), at most 10 HOST mappings (L2655),
//   nat_port 0-65535 (L2661, a String; the example's number, L2730, is accepted); vag_ip must be
//   one of the site's vag_ips (4.1.13 L2517), the addresses a mapping can lead to.
#include "simulator/resources/tenant/tenant_handlers.h"

#include <algorithm>
#include <set>

#include "core/strings.h"
#include "simulator/api_error.h"
#include "simulator/resource.h"
#include "simulator/resources/tenant/tenant_store.h"

namespace deskops::simulator {
namespace tenant {

using Json = nlohmann::json;

std::optional<std::string> Text(const Json& object, BodyReader& r, std::string_view key,
                                Need need) {
  auto it = object.find(key);
  if (it != object.end() && it->is_number_integer()) return it->dump();
  return r.Str(key, need);
}

bool IsIpv4(std::string_view text) {
  const std::vector<std::string> parts = core::Split(text, '.');
  if (parts.size() != 4) return false;
  for (const std::string& p : parts) {
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    if (std::stoi(p) > 255 || (p.size() > 1 && p[0] == '0')) return false;
  }
  return true;
}

namespace {

constexpr const char* kShareSpaceConf = "share-space-user-conf";

TenantStore& Store(Context& ctx) { return ctx.state.Ext<TenantStore>(); }

// ---- 4.1.1 / 4.1.2

core::StatusOr<Response> GetProfiles(Context& ctx) {
  return JsonResponse(200, Store(ctx).profiles);
}

core::StatusOr<Response> PatchProfiles(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  if (!body.is_object() || body.empty()) return InvalidField("body", "It names no function.");
  TenantStore& store = Store(ctx);
  Json updated = store.profiles;
  for (const auto& [key, value] : body.items()) {
    if (!store.profiles.contains(key)) {
      return InvalidField(key, "The tenant has no such function (4.1.2 lists them).");
    }
    if (value.is_boolean()) {
      updated[key] = value.get<bool>();
    } else if (value == "true" || value == "false") {  // the example's form (L894)
      updated[key] = value == "true";
    } else {
      return InvalidField(key, "It must be true or false.");
    }
  }
  store.profiles = std::move(updated);
  return EmptyResponse(200);  // "Response to a successful request." without a body (L838-840)
}

// ---- 4.1.3 / 4.1.4

Json ShareSpaceAnswer(const TenantStore& store) {
  return {{"config_name", store.share_space.value("config_name", kShareSpaceConf)},
          {"config_value", store.share_space.value("config_value", Json::object()).dump()}};
}

core::StatusOr<Response> GetShareSpace(Context& ctx) {
  std::optional<std::string> name = ctx.query.Get("name");
  if (!name || name->empty()) return InvalidField("name", "It is required (L1061).");
  if (*name != kShareSpaceConf) return PathNotFound("configuration", *name);
  return JsonResponse(200, ShareSpaceAnswer(Store(ctx)));
}

core::Status MergeShareSpace(const Json& value, Json& into) {
  BodyReader r(value, "config_value");
  if (auto v = r.Str("share_space_name", Need::kOptional, 255)) {
    if (v->empty()) return InvalidField("config_value.share_space_name", "It cannot be empty.");
    into["share_space_name"] = *v;
  }
  for (const char* key :
       {"use_share_password", "allow_anonymous", "keyboard_mouse_ctl", "is_user_confirm_enabled"}) {
    if (auto v = r.Bool(key)) into[key] = *v;
  }
  // 4.1.4 writes anonymous_input_ctl (L1185), 4.1.3 reads anonymous_input_ctrl (L1080).
  for (const char* key : {"anonymous_input_ctl", "anonymous_input_ctrl"}) {
    if (auto v = r.Bool(key)) into["anonymous_input_ctrl"] = *v;
  }
  if (auto v = r.Enum("audio_and_video", Need::kOptional, {"AUDIO", "NONE", "AUDIO_AND_VIDEO"})) {
    into["audio_and_video"] = *v;
  }
  if (auto v = r.Int("wait_confirm_time", Need::kOptional, 30, 180)) into["wait_confirm_time"] = *v;
  return r.status();
}

core::StatusOr<Response> SetShareSpace(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  std::optional<std::string> name = r.Str("config_name");
  std::optional<std::string> value = r.Str("config_value");
  if (!r.ok()) return r.status();
  if (name && *name != kShareSpaceConf) {
    return InvalidField("config_name", "It must be share-space-user-conf.");
  }
  TenantStore& store = Store(ctx);
  if (value) {
    Json parsed = Json::parse(*value, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object())
      return InvalidField("config_value", "It must be a JSON object as text.");
    Json merged = store.share_space.value("config_value", Json::object());
    DESKOPS_RETURN_IF_ERROR(MergeShareSpace(parsed, merged));
    store.share_space["config_value"] = std::move(merged);
  }
  return EmptyResponse(204);  // L1189
}

// ---- 4.1.9 / 4.1.10

core::StatusOr<Json> ReadBackupSite(BodyReader& r, const TenantStore& store) {
  Json site = {{"site_id", r.Str("site_id", Need::kRequired).value_or("")},
               {"backup_mode", r.Enum("backup_mode", Need::kRequired, {"ON", "OFF"}).value_or("")}};
  if (!r.ok()) return r.status();
  if (!store.KnownSite(site["site_id"].get<std::string>())) {
    return ResourceNotFoundInBody("site", site["site_id"].get<std::string>());
  }
  if (r.Has("backup_info")) {
    Json infos = Json::array();
    std::set<std::int64_t> priorities;
    r.ForEach("backup_info", Need::kOptional, 0, [&](BodyReader& b, std::size_t) {
      Json info = {{"priority", b.Int("priority", Need::kRequired, 1, 255).value_or(0)},
                   {"address", b.Str("address", Need::kRequired, 255).value_or("")}};
      if (auto custom = b.Str("address_custom", Need::kOptional, 255)) {
        info["address_custom"] = *custom;
      }
      if (b.ok() && !priorities.insert(info["priority"].get<std::int64_t>()).second) {
        return InvalidField(b.PathOf("priority"), "Each backup address has its own priority.");
      }
      infos.push_back(std::move(info));
      return b.status();
    });
    if (!r.ok()) return r.status();
    site["backup_info"] = std::move(infos);
  }
  return site;
}

core::StatusOr<Response> GetAddressBackup(Context& ctx) {
  return JsonResponse(200, {{"access_config", Store(ctx).access_config}});
}

core::StatusOr<Response> UpdateAddressBackup(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  TenantStore& store = Store(ctx);
  std::vector<Json> sites;
  std::set<std::string> seen;
  core::Status failed;
  r.ForEach("access_config", Need::kOptional, 0, [&](BodyReader& s, std::size_t) {
    auto site = ReadBackupSite(s, store);
    if (!site.ok()) {
      failed = site.status();
      return core::Status::Ok();
    }
    if (!seen.insert((*site)["site_id"].get<std::string>()).second) {
      return InvalidField(s.PathOf("site_id"), "A site is given twice.");
    }
    sites.push_back(std::move(*site));
    return core::Status::Ok();
  });
  if (!failed.ok()) return failed;
  if (!r.ok()) return r.status();
  Json updated = store.access_config;
  for (Json& site : sites) {
    auto it = std::find_if(updated.begin(), updated.end(),
                           [&](const Json& s) { return s["site_id"] == site["site_id"]; });
    if (it == updated.end()) {
      if (!site.contains("backup_info")) site["backup_info"] = Json::array();
      updated.push_back(std::move(site));
    } else {
      it->update(site);  // backup_info left out keeps the site's addresses
    }
  }
  store.access_config = std::move(updated);
  return EmptyResponse(204);  // L1988
}

// ---- 4.1.11 / 4.1.12

core::StatusOr<Response> ListTenantConfigs(Context& ctx) {
  std::optional<std::string> name = ctx.query.Get("name");
  Json out = Json::array();
  for (const Json& c : Store(ctx).function_configs) {
    if (!name || c.value("name", "") == *name) out.push_back(c);
  }
  return JsonResponse(200, {{"function_configs", out}});
}

core::StatusOr<Response> UpdateTenantConfig(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader top(body);
  const Json* config = top.Object("function_config", Need::kRequired);
  if (!top.ok()) return top.status();
  BodyReader r(*config, "function_config");
  std::optional<std::string> id = r.Str("id");
  std::optional<std::string> name = r.Str("name");
  std::optional<std::string> status = r.Enum("status", Need::kOptional, {"ON", "OFF"});
  std::optional<Json> values;
  if (r.Has("values")) {
    values = Json::array();
    std::set<std::string> keys;
    r.ForEach("values", Need::kOptional, 0, [&](BodyReader& v, std::size_t) {
      std::string key = v.Str("key", Need::kRequired, 64).value_or("");
      std::string value = v.Str("value").value_or("");
      if (v.ok() && !keys.insert(key).second) {
        return InvalidField(v.PathOf("key"), "A key is given twice.");
      }
      values->push_back({{"key", key}, {"value", value}});
      return v.status();
    });
  }
  if (!r.ok()) return r.status();
  if (!id && !name) return InvalidField("function_config.name", "Give the id or the name.");
  TenantStore& store = Store(ctx);
  auto it = std::find_if(
      store.function_configs.begin(), store.function_configs.end(), [&](const Json& c) {
        return (!id || c.value("id", "") == *id) && (!name || c.value("name", "") == *name);
      });
  if (it == store.function_configs.end()) {
    return ResourceNotFoundInBody("function configuration", name ? *name : *id);
  }
  if (status) (*it)["status"] = *status;
  if (values) (*it)["values"] = std::move(*values);
  return EmptyResponse(204);  // L2385
}

// ---- 4.1.13 / 4.1.14

core::StatusOr<Response> GetNatMapping(Context& ctx) {
  TenantStore& store = Store(ctx);
  std::string site = ctx.query.Get("site_id").value_or(store.central_site);
  if (!store.nat_mapping.contains(site)) return PathNotFound("site", site);
  return JsonResponse(200, store.nat_mapping[site]);
}

core::StatusOr<Json> ReadNatMap(const Json& item, BodyReader& m, const Json& vag_ips, int& hosts) {
  Json map = Json::object();
  std::optional<std::string> type = m.Enum("nat_map_type", Need::kOptional, {"PORT", "HOST"});
  std::optional<std::string> value = m.Str("nat_map_value", Need::kOptional, 255);
  std::optional<std::string> nat_ip = m.Str("nat_ip");
  std::optional<std::string> nat_port = Text(item, m, "nat_port");
  std::optional<std::string> vag_ip = m.Str("vag_ip");
  std::optional<std::int64_t> filter = m.Int("access_filter_type", Need::kOptional, 0, 1);
  std::optional<std::string> project = m.Str("enterprise_project_id");
  if (!m.ok()) return m.status();
  if (type == "PORT" && value && *value != "9443" && *value != "9445") {
    return InvalidField(m.PathOf("nat_map_value"), "A PORT mapping's value is 9443 or 9445.");
  }
  if (type == "HOST" && ++hosts > 10) {
    return InvalidField(m.PathOf("nat_map_type"), "At most 10 HOST mappings are allowed.");
  }
  if (nat_ip && !IsIpv4(*nat_ip)) return InvalidField(m.PathOf("nat_ip"), "An IPv4 address.");
  if (nat_port) {
    bool digits = !nat_port->empty() && nat_port->size() <= 5 &&
                  nat_port->find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stol(*nat_port) > 65535) {
      return InvalidField(m.PathOf("nat_port"), "It ranges from 0 to 65535.");
    }
  }
  if (vag_ip && std::find(vag_ips.begin(), vag_ips.end(), Json(*vag_ip)) == vag_ips.end()) {
    return InvalidField(m.PathOf("vag_ip"), "It must be one of the site's vAG IP addresses.");
  }
  if (type) map["nat_map_type"] = *type;
  if (value) map["nat_map_value"] = *value;
  if (nat_ip) map["nat_ip"] = *nat_ip;
  if (nat_port) map["nat_port"] = *nat_port;
  if (vag_ip) map["vag_ip"] = *vag_ip;
  map["vag_port"] = type == "PORT" && value ? *value : "";
  map["access_filter_type"] = filter.value_or(0);
  if (project) map["enterprise_project_id"] = *project;
  return map;
}

core::StatusOr<Response> UpdateNatMapping(Context& ctx) {
  DESKOPS_ASSIGN_OR_RETURN(Json body, ReadBody(ctx));
  BodyReader r(body);
  TenantStore& store = Store(ctx);
  std::string site = r.Str("site_id").value_or(store.central_site);
  std::optional<bool> nat_on = r.Bool("nat_on");
  if (!r.ok()) return r.status();
  if (!store.nat_mapping.contains(site)) return ResourceNotFoundInBody("site", site);
  Json& config = store.nat_mapping[site];
  std::optional<Json> maps;
  if (const Json* list = r.Array("nat_vag_maps")) {
    maps = Json::array();
    int hosts = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Json& item = (*list)[i];
      if (!item.is_object()) return InvalidField(core::StrCat("nat_vag_maps[", i, "]"));
      BodyReader m(item, core::StrCat("nat_vag_maps[", i, "]"));
      DESKOPS_ASSIGN_OR_RETURN(Json map, ReadNatMap(item, m, config["vag_ips"], hosts));
      maps->push_back(std::move(map));
    }
  }
  if (!r.ok()) return r.status();
  if (nat_on) config["nat_on"] = *nat_on;
  if (maps) config["nat_vag_maps"] = std::move(*maps);
  return EmptyResponse(204);  // L2668
}

// ---- the control API: drift behind the API's back

Response PatchSettings(State& state, const std::string& method, const std::string&,
                       const Json& body) {
  if (method != "PATCH") return ControlError(405, "tenant_settings is one object: PATCH it");
  TenantStore& store = state.Ext<TenantStore>();
  Json current = store.Snapshot();
  current.merge_patch(body);
  try {
    store.Restore(current);
  } catch (const Json::exception& e) {
    return ControlError(400, e.what());
  }
  return JsonResponse(200, store.Snapshot());
}

class TenantResource final : public Resource {
 public:
  std::string_view name() const override { return "tenant"; }
  std::span<const Operation> operations() const override {
    static const Operation kOperations[] = {
        {"PATCH", "/v1/{project_id}/app-center/profiles", "profiles.update",
         PatchProfiles},                                                               // 4.1.1
        {"GET", "/v1/{project_id}/app-center/profiles", "profiles.get", GetProfiles},  // 4.1.2
        {"GET", "/v2/{project_id}/share-space/configuration", "share_space.get",
         GetShareSpace},  // 4.1.3
        {"PUT", "/v2/{project_id}/share-space/configuration", "share_space.set",
         SetShareSpace},  // 4.1.4
        {"GET", "/v2/{project_id}/auth-config/method-config", "auth_config.get",
         GetAuthConfig},  // 4.1.5
        {"PUT", "/v2/{project_id}/auth-config/method-config", "auth_config.update",
         UpdateAuthConfig},  // 4.1.6
        {"GET", "/v2/{project_id}/assist-auth-config/method-config", "assist_auth.get",
         GetAssistAuthConfig},  // 4.1.7
        {"PUT", "/v2/{project_id}/assist-auth-config/method-config", "assist_auth.update",
         UpdateAssistAuthConfig},  // 4.1.8
        {"POST", "/v2/{project_id}/access-config/address-backup", "address_backup.update",
         UpdateAddressBackup},  // 4.1.9
        {"GET", "/v2/{project_id}/access-config/address-backup", "address_backup.get",
         GetAddressBackup},  // 4.1.10
        {"GET", "/v2/{project_id}/tenant-configs", "tenant_configs.list",
         ListTenantConfigs},  // 4.1.11
        {"PUT", "/v2/{project_id}/tenant-configs", "tenant_configs.update",
         UpdateTenantConfig},  // 4.1.12
        {"GET", "/v2/{project_id}/nat-mapping-configs", "nat_mapping.get",
         GetNatMapping},  // 4.1.13
        {"PUT", "/v2/{project_id}/nat-mapping-configs", "nat_mapping.update",
         UpdateNatMapping},  // 4.1.14
    };
    return kOperations;
  }
  std::unique_ptr<StateExtension> NewState() const override {
    return std::make_unique<TenantStore>();
  }
  std::vector<ObjectKind> object_kinds() const override {
    return {{"tenant_settings", PatchSettings, [](State&, const Json&) {
               return ControlError(405, "tenant_settings is one object: PATCH it");
             }}};
  }
};

}  // namespace
}  // namespace tenant

const Resource& TenantResource() {
  static const tenant::TenantResource kTenant;
  return kTenant;
}

}  // namespace deskops::simulator
