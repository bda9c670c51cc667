// Views of pools, users, groups, policies and jobs (render.h).
#include "simulator/render.h"

#include "core/strings.h"
#include "simulator/sim_time.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

Json PoolVolumeJson(const PoolVolume& v) {
  return {{"id", v.id},
          {"type", v.type},
          {"size", v.size},
          {"resource_spec_code", VolumeSpecCode(v.type)}};
}

std::vector<std::string> GroupNamesOf(const User& user, const State& state) {
  std::vector<std::string> names;
  for (const Group* g : state.groups.All()) {
    for (const std::string& id : g->member_ids) {
      if (id == user.id) names.push_back(g->name);
    }
  }
  return names;
}

std::int64_t ExpiresMs(const User& user) {
  if (user.account_expires.empty() || user.account_expires == "0") return 0;
  return ParseIsoUtc(user.account_expires).value_or(0);
}

bool Expired(const User& user, std::int64_t now_ms) {
  std::int64_t expires = ExpiresMs(user);
  return expires != 0 && expires < now_ms;
}

}  // namespace

namespace {

// The pool's product (4.4.5 product, L12378-12404): the catalog's, with the flavor the pool was
// given (4.4.1 / 4.4.7 flavor_id, L11579) when it was given one.
Json PoolProductJson(const Product* product, const Pool& pool) {
  Json out = product ? Json::parse(product->desktop_view) : Json::object();
  if (!pool.flavor_id.empty()) out["flavor_id"] = pool.flavor_id;
  return out;
}

}  // namespace

Json PoolJson(const Pool& pool, const RenderContext& ctx) {
  const Catalog& catalog = ctx.state.catalog();
  const Product* product = catalog.FindProduct(pool.product_id);
  const Image* image = catalog.FindImage(pool.image_id);
  auto [count, used] = ctx.state.desktops.PoolCounts(pool.id);
  Json sgs = Json::array();
  for (const std::string& id : pool.security_group_ids) {
    const NamedResource* sg = catalog.FindSecurityGroup(id);
    sgs.push_back({{"id", id}, {"name", sg ? sg->name : ""}});
  }
  Json data = Json::array();
  for (const PoolVolume& v : pool.data_volumes) data.push_back(PoolVolumeJson(v));
  Json autoscale = {
      {"autoscale_type", ""}, {"max_auto_created", 0}, {"min_idle", 0}, {"once_auto_created", 0}};
  for (const auto& [k, v] : pool.autoscale_policy.items()) autoscale[k] = v;
  return {
      {"id", pool.id},
      {"name", pool.name},
      {"type", pool.type},
      {"description", pool.description},
      {"created_time", IsoMillis(pool.created_ms)},
      // "0 (monthly) or 1 (pay-per-use)" (L12373): the opposite of desktops' metadata (L5832).
      {"charging_mode", "1"},
      {"desktop_count", count},
      {"desktop_used", used},
      {"availability_zone", pool.availability_zone},
      // Written as subnet_ids[] (L11585), read back as one subnet_id (L12377).
      {"subnet_id", pool.subnet_ids.empty() ? "" : pool.subnet_ids.front()},
      {"product", PoolProductJson(product, pool)},
      {"image_id", pool.image_id},
      {"image_name", image ? image->name : ""},
      {"image_os_type", image ? image->os_type : ""},
      {"image_os_version", image ? image->os_version : ""},
      {"image_os_platform", image ? image->platform : ""},
      {"image_product_code", image ? image->product_code : ""},
      {"root_volume", PoolVolumeJson(pool.root_volume)},
      {"data_volumes", data},
      {"security_groups", sgs},
      {"disconnected_retention_period", pool.disconnected_retention_period},
      {"enable_autoscale", pool.enable_autoscale},
      {"autoscale_policy", autoscale},
      // TEMPORARY while a pool job changes its desktops, else STEADY (L12394).
      {"status", pool.job_id.empty() ? "STEADY" : "TEMPORARY"},
      {"enterprise_project_id", pool.enterprise_project_id},
      {"in_maintenance_mode", pool.in_maintenance_mode},
      {"desktop_name_policy_id", pool.desktop_name_policy_id},
  };
}

std::unordered_map<std::string, std::vector<std::string>> GroupNamesByUser(const State& state) {
  std::unordered_map<std::string, std::vector<std::string>> names;
  for (const Group* g : state.groups.All()) {
    for (const std::string& id : g->member_ids) names[id].push_back(g->name);
  }
  return names;
}

Json UserListJson(const User& user, const State& state, std::int64_t now_ms,
                  std::vector<std::string> group_names) {
  return {
      {"id", user.id},
      {"sid", user.sid},  // documented as "User ID." (L16816), a copy-paste; the SID is sent
      {"user_name", user.user_name},
      {"user_email", user.user_email},
      {"total_desktops", state.desktops.CountForUser(user.user_name)},
      {"user_phone", user.user_phone},
      {"active_type", user.active_type},
      {"is_pre_user", false},
      {"account_expires", user.account_expires},  // String here (L16826), Long in 4.8.4 (L17315)
      {"password_never_expired", user.password_never_expired},
      {"account_expired", Expired(user, now_ms)},  // 4.8.4 calls it user_expired (L17317)
      {"enable_change_password", user.enable_change_password},
      {"next_login_change_password", user.next_login_change_password},
      {"description", user.description},
      {"locked", user.locked},
      {"disabled", user.disabled},
      {"share_space_subscription", false},
      {"share_space_desktops", 0},
      {"group_names", std::move(group_names)},
      {"enterprise_project_id", user.enterprise_project_id},
      {"user_info_map", user.user_info_map},
  };
}

Json UserDetailJson(const User& user, const State& state, std::int64_t now_ms) {
  std::string domain = "wksmanager.wks.com";
  return {
      {"description", user.description},
      {"id", user.id},
      {"user_name", user.user_name},
      {"user_email", user.user_email},
      {"user_phone", user.user_phone},
      {"active_type", user.active_type},
      {"object_sid", user.sid},
      {"sam_account_name", user.user_name},
      {"user_principal_name", core::StrCat(user.user_name, "@", domain)},
      {"full_name", user.user_name},
      {"distinguished_name",
       core::StrCat("CN=", user.user_name, ",OU=Users,DC=wksmanager,DC=wks,DC=com")},
      {"account_type", 0},
      {"when_created", IsoMillis(user.created_ms)},
      {"account_expires", ExpiresMs(user)},  // Long milliseconds (L17315); String in 4.8.1
      {"is_pre_user", false},
      {"user_expired", Expired(user, now_ms)},  // account_expired in 4.8.1 (L16828)
      {"locked", user.locked},
      {"enable_change_password", user.enable_change_password},
      {"password_never_expired", user.password_never_expired},
      {"next_login_change_password", user.next_login_change_password},
      {"disabled", user.disabled},
      {"group_names", GroupNamesOf(user, state)},
      {"share_space_subscription", false},
      {"share_space_desktops", 0},
      {"total_desktops", state.desktops.CountForUser(user.user_name)},
  };
}

Json GroupJson(const Group& group, const State& state) {
  int desktops = 0;
  for (const std::string& id : group.member_ids) {
    if (const User* u = state.users.Find(id)) desktops += state.desktops.CountForUser(u->user_name);
  }
  return {
      {"name", group.name},  // written as group_name (L18795), read as name (L18649)
      {"id", group.id},
      {"create_time", IsoMillis(group.created_ms)},
      {"description", group.description},
      {"user_quantity", group.member_ids.size()},
      {"parent", Json::object()},
      {"realm_id", "wksmanager.wks.com"},
      {"platform_type", group.platform_type},
      {"group_dn", core::StrCat("CN=", group.name, ",OU=Groups,DC=wksmanager,DC=wks,DC=com")},
      {"domain", "wksmanager.wks.com"},
      {"sid", group.sid},
      {"total_desktops", desktops},
  };
}

Json TargetJson(const PolicyTarget& t) {
  return {
      {"target_id", t.target_id}, {"target_name", t.target_name}, {"target_type", t.target_type}};
}

Json PolicyGroupJson(const PolicyGroup& g, bool with_details) {
  Json j = {{"policy_group_id", g.id},
            {"policy_group_name", g.name},
            {"priority", g.priority},
            {"update_time", SpaceSeconds(g.update_ms)},
            {"description", g.description}};
  if (with_details) {
    Json targets = Json::array();
    for (const PolicyTarget& t : g.targets) targets.push_back(TargetJson(t));
    j["targets"] = targets;
    j["policies"] = g.policies;
  }
  return j;
}

Json AccessPolicyJson(const AccessPolicy& p) {
  Json ips = Json::array();
  for (const IpRange& r : p.ip_list) {
    ips.push_back({{"ip_address", r.ip_address}, {"subnet_mask", r.subnet_mask}});
  }
  return {{"policy_name", p.name},
          {"blacklist_type", p.blacklist_type},
          {"access_control_type", p.access_control_type},
          {"ip_list", ips},  // ip_white_list when updating (L32379)
          {"is_enable", p.is_enable},
          {"is_block_all", p.is_block_all},
          {"ip_total_count", p.ip_list.size()},
          {"policy_id", p.id},  // the path calls it access_policy_id (L32359)
          {"create_time", IsoMillisOffset(p.created_ms)}};
}

Json NamePolicyJson(const NamePolicy& p) {
  return {{"policy_id", p.id},
          {"policy_name", p.name},
          {"name_prefix", p.name_prefix},
          {"digit_number", p.digit_number},
          {"start_number", p.start_number},
          // read as single_domain_user_inc (L14937), written as single_domain_user_increment
          // (L15062); the write examples use the read name (L15119), so both are accepted.
          {"single_domain_user_inc", p.single_domain_user_inc},
          {"is_default_policy", p.is_default_policy},
          {"is_contain_user", p.name_prefix.find("$DomainUser$") != std::string::npos}};
}

Json SubJobJson(const Job& job, const SubJob& sub, const JobEngine& jobs,
                std::string_view project_id) {
  int process = 0;
  JobPhase phase = jobs.Phase(job, &process);
  bool failed = phase == JobPhase::kFailed;
  return {{"id", sub.id},
          {"job_type", job.job_type},
          {"entities",
           {{"desktop_id", sub.desktop_id},
            {"product_id", sub.product_id},
            {"user_name", sub.user_name},
            {"desktop_name", sub.desktop_name},
            {"ip_address", sub.ip_address}}},
          {"begin_time", SpaceSeconds(job.created_ms)},
          {"end_time", job.done ? SpaceSeconds(job.end_ms) : ""},
          {"status", JobPhaseName(phase)},
          {"error_code", failed ? sub.error_code : ""},
          {"fail_reason", failed ? sub.fail_reason : ""},
          {"host", "wks-sim"},
          {"project_id", project_id},
          {"job_id", job.id},
          {"process", process},
          {"attach_user", sub.user_name},
          {"entity", sub.desktop_id},
          {"ip_address", sub.ip_address}};
}

nlohmann::json QuotaResourcesJson(const State& state) {
  nlohmann::json resources = nlohmann::json::array();
  for (const QuotaLimit& q : state.catalog().quotas) {
    resources.push_back({{"type", q.type},
                         {"quota", state.QuotaLimit(q.type)},
                         {"used", state.QuotaUsed(q.type)},
                         {"unit", q.unit}});
  }
  return resources;
}

}  // namespace deskops::simulator
