#include "daemon/get_kinds.h"

#include "cloud/desktops.h"
#include "cloud/jobs.h"
#include "cloud/lookups.h"
#include "cloud/policies.h"
#include "cloud/pools.h"
#include "cloud/users.h"
#include "core/strings.h"

namespace deskops::daemon {
namespace {

using nlohmann::json;
using Name = std::optional<std::string>;

// Keeps items whose name matches (exact, or case-insensitively for desktops).
template <class T, class GetName>
std::vector<T> Named(std::vector<T> items, const Name& name, GetName get, bool icase = false) {
  if (!name) return items;
  std::erase_if(items, [&](const T& t) {
    return icase ? !core::EqualsIgnoreCase(get(t), *name) : get(t) != *name;
  });
  return items;
}

json TagsJson(const std::vector<cloud::Tag>& tags) {
  json j = json::object();
  for (const auto& t : tags) j[t.key] = t.value;
  return j;
}

json VolumeJson(const cloud::Volume& v) {
  return {{"id", v.id}, {"type", v.type}, {"size", v.size}, {"device", v.device}};
}

core::StatusOr<Listing> Desktops(cloud::ApiClient& c, const Name& name) {
  cloud::desktops::Query q;
  q.computer_name = name;
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::desktops::ListDetail(c, q));
  list = Named(list, name, [](const auto& d) { return d.computer_name; }, true);
  Listing l{{"NAME", "ID", "STATUS", "TASK", "USER", "PRODUCT", "AZ", "MAINTENANCE"}, {}, {}};
  for (const auto& d : list) {
    l.rows.push_back({d.computer_name, d.id, d.status, d.task_status, d.user_name, d.product_id,
                      d.availability_zone, d.in_maintenance_mode ? "yes" : "no"});
    json data = json::array();
    for (const auto& v : d.data_volumes) data.push_back(VolumeJson(v));
    l.items.push_back({{"name", d.computer_name}, {"id", d.id}, {"status", d.status},
                       {"task_status", d.task_status}, {"user_name", d.user_name},
                       {"user_group", d.user_group}, {"product_id", d.product_id},
                       {"image_id", d.image_id}, {"availability_zone", d.availability_zone},
                       {"root_volume", VolumeJson(d.root_volume)}, {"data_volumes", data},
                       {"subnet_id", d.subnet_id}, {"sid", d.sid}, {"tags", TagsJson(d.tags)},
                       {"in_maintenance_mode", d.in_maintenance_mode}, {"created", d.created}});
  }
  return l;
}

core::StatusOr<Listing> Pools(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::pools::List(c, name));
  list = Named(list, name, [](const auto& p) { return p.name; });
  Listing l{{"NAME", "ID", "TYPE", "DESKTOPS", "USED", "STATUS", "PRODUCT"}, {}, {}};
  for (const auto& p : list) {
    l.rows.push_back({p.name, p.id, p.type, std::to_string(p.desktop_count),
                      std::to_string(p.desktop_used), p.status, p.product.product_id});
    l.items.push_back({{"name", p.name}, {"id", p.id}, {"type", p.type},
                       {"description", p.description}, {"desktop_count", p.desktop_count},
                       {"desktop_used", p.desktop_used}, {"status", p.status},
                       {"product_id", p.product.product_id}, {"image_id", p.image_id},
                       {"availability_zone", p.availability_zone},
                       {"root_volume", VolumeJson(p.root_volume)},
                       {"in_maintenance_mode", p.in_maintenance_mode}});
  }
  return l;
}

core::StatusOr<Listing> Users(cloud::ApiClient& c, const Name& name) {
  cloud::users::Query q;
  q.user_name = name;
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::users::List(c, q));
  list = Named(list, name, [](const auto& u) { return u.user_name; });
  Listing l{{"NAME", "ID", "EMAIL", "ACTIVATION", "LOCKED", "DISABLED", "GROUPS"}, {}, {}};
  for (const auto& u : list) {
    l.rows.push_back({u.user_name, u.id, u.user_email, u.active_type, u.locked ? "yes" : "no",
                      u.disabled ? "yes" : "no", core::Join(u.group_names, ",")});
    l.items.push_back({{"name", u.user_name}, {"id", u.id}, {"user_email", u.user_email},
                       {"user_phone", u.user_phone}, {"active_type", u.active_type},
                       {"account_expires", u.account_expires}, {"locked", u.locked},
                       {"disabled", u.disabled}, {"group_names", u.group_names},
                       {"description", u.description}});
  }
  return l;
}

core::StatusOr<Listing> Groups(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::groups::List(c, name));
  list = Named(list, name, [](const auto& g) { return g.name; });
  Listing l{{"NAME", "ID", "TYPE", "USERS", "DESCRIPTION"}, {}, {}};
  for (const auto& g : list) {
    l.rows.push_back({g.name, g.id, g.platform_type, std::to_string(g.user_quantity),
                      g.description});
    json item = {{"name", g.name}, {"id", g.id}, {"platform_type", g.platform_type},
                 {"user_quantity", g.user_quantity}, {"description", g.description}};
    if (name) {  // one group: show its members too
      DESKOPS_ASSIGN_OR_RETURN(auto members, cloud::groups::ListMembers(c, g.id));
      item["members"] = json::array();
      for (const auto& m : members) item["members"].push_back(m.user_name);
    }
    l.items.push_back(item);
  }
  return l;
}

core::StatusOr<Listing> PolicyGroups(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::policy_groups::ListDetail(c));
  list = Named(list, name, [](const auto& g) { return g.name; });
  Listing l{{"NAME", "ID", "PRIORITY", "TARGETS", "POLICIES"}, {}, {}};
  for (const auto& g : list) {
    std::vector<std::string> targets;
    json tj = json::array();
    for (const auto& t : g.targets) {
      targets.push_back(t.target_type + ":" + t.target_name);
      tj.push_back({{"type", t.target_type}, {"name", t.target_name}, {"id", t.target_id}});
    }
    json policies = json::object();
    for (const auto& leaf : g.policies) {
      std::visit([&](const auto& v) { policies[leaf.path] = v; }, leaf.value);
    }
    l.rows.push_back({g.name, g.id, g.priority ? std::to_string(*g.priority) : "",
                      core::Join(targets, ","), std::to_string(g.policies.size())});
    l.items.push_back({{"name", g.name}, {"id", g.id}, {"priority", g.priority.value_or(0)},
                       {"description", g.description}, {"targets", tj},
                       {"policies", policies}});
  }
  return l;
}

core::StatusOr<Listing> AccessPolicies(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::access_policies::List(c));
  list = Named(list, name, [](const auto& p) { return p.name; });
  Listing l{{"NAME", "ID", "CONTROL", "ENABLED", "BLOCK_ALL", "IPS"}, {}, {}};
  for (const auto& p : list) {
    std::vector<std::string> ips;
    json ij = json::array();
    for (const auto& ip : p.ip_list) {
      ips.push_back(ip.ip_address + "/" + ip.subnet_mask);
      ij.push_back({{"ip_address", ip.ip_address}, {"subnet_mask", ip.subnet_mask}});
    }
    l.rows.push_back({p.name, p.id, p.access_control_type, p.is_enable ? "yes" : "no",
                      p.is_block_all ? "yes" : "no", core::Join(ips, ",")});
    l.items.push_back({{"name", p.name}, {"id", p.id}, {"blacklist_type", p.blacklist_type},
                       {"access_control_type", p.access_control_type}, {"ip_list", ij},
                       {"is_enable", p.is_enable}, {"is_block_all", p.is_block_all}});
  }
  return l;
}

core::StatusOr<Listing> NamePolicies(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::name_policies::List(c));
  list = Named(list, name, [](const auto& p) { return p.name; });
  Listing l{{"NAME", "ID", "PREFIX", "DIGITS", "START", "DEFAULT"}, {}, {}};
  for (const auto& p : list) {
    l.rows.push_back({p.name, p.id, p.name_prefix, std::to_string(p.digit_number),
                      std::to_string(p.start_number), p.is_default_policy ? "yes" : "no"});
    l.items.push_back({{"name", p.name}, {"id", p.id}, {"name_prefix", p.name_prefix},
                       {"digit_number", p.digit_number}, {"start_number", p.start_number},
                       {"single_domain_user_increment", p.single_domain_user_increment},
                       {"is_default_policy", p.is_default_policy}});
  }
  return l;
}

core::StatusOr<Listing> Products(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListProducts(c));
  list = Named(list, name, [](const auto& p) { return p.product_id; });
  Listing l{{"ID", "CPU", "MEMORY", "TYPE", "STATUS", "CHARGE_MODE"}, {}, {}};
  for (const auto& p : list) {
    l.rows.push_back({p.product_id, p.cpu, p.memory, p.package_type, p.status, p.charge_mode});
    l.items.push_back({{"product_id", p.product_id}, {"flavor_id", p.flavor_id}, {"cpu", p.cpu},
                       {"memory", p.memory}, {"package_type", p.package_type},
                       {"status", p.status}, {"charge_mode", p.charge_mode}});
  }
  return l;
}

core::StatusOr<Listing> Images(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListImages(c));
  list = Named(list, name, [](const auto& i) { return i.id; });
  Listing l{{"ID", "NAME", "TYPE", "OS", "ARCH"}, {}, {}};
  for (const auto& i : list) {
    l.rows.push_back({i.id, i.name, i.image_type, i.os_type, i.architecture});
    l.items.push_back({{"id", i.id}, {"name", i.name}, {"image_type", i.image_type},
                       {"os_type", i.os_type}, {"architecture", i.architecture}});
  }
  return l;
}

core::StatusOr<Listing> Zones(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListAvailabilityZones(c));
  list = Named(list, name, [](const auto& z) { return z.code; });
  Listing l{{"CODE", "NAME", "DEFAULT", "SOLD_OUT"}, {}, {}};
  for (const auto& z : list) {
    l.rows.push_back({z.code, z.display_name, z.is_default ? "yes" : "no",
                      core::Join(z.sold_out_products, ",")});
    l.items.push_back({{"availability_zone", z.code}, {"display_name", z.display_name},
                       {"default", z.is_default}, {"sold_out_products", z.sold_out_products}});
  }
  return l;
}

core::StatusOr<Listing> Quotas(cloud::ApiClient& c, const Name& name) {
  DESKOPS_ASSIGN_OR_RETURN(auto list, cloud::lookups::ListQuotas(c));
  list = Named(list, name, [](const auto& q) { return q.type; });
  Listing l{{"TYPE", "USED", "QUOTA", "UNIT"}, {}, {}};
  for (const auto& q : list) {
    l.rows.push_back({q.type, std::to_string(q.used), std::to_string(q.quota), q.unit});
    l.items.push_back({{"type", q.type}, {"used", q.used}, {"quota", q.quota}, {"unit", q.unit}});
  }
  return l;
}

core::StatusOr<Listing> Job(cloud::ApiClient& c, const Name& id) {
  if (!id) return core::Status::InvalidArgument("get job needs a job ID");
  DESKOPS_ASSIGN_OR_RETURN(auto job, cloud::jobs::Get(c, *id));
  auto outcome = cloud::jobs::Summarize(job);
  Listing l{{"ID", "TYPE", "STATUS", "RESULT", "BEGIN", "END"}, {}, {}};
  l.rows.push_back({job.id, job.job_type, job.status, outcome.Describe(), job.begin_time,
                    job.end_time});
  json subs = json::array();
  for (const auto& s : job.sub_jobs) {
    subs.push_back({{"id", s.id}, {"status", s.status}, {"desktop_id", s.entities.desktop_id},
                    {"error_code", s.error_code}, {"fail_reason", s.fail_reason},
                    {"process", s.process}});
  }
  l.items.push_back({{"id", job.id}, {"job_type", job.job_type}, {"status", job.status},
                     {"result", outcome.Describe()}, {"sub_jobs", subs}});
  return l;
}

}  // namespace

const std::vector<GetKind>& GetKinds() {
  static const std::vector<GetKind> kinds = {
      {{"desktops", "desktop", "Desktop"}, Desktops},
      {{"desktoppools", "desktoppool", "DesktopPool", "pools", "pool"}, Pools},
      {{"users", "user", "User"}, Users},
      {{"usergroups", "usergroup", "UserGroup", "groups", "group"}, Groups},
      {{"policygroups", "policygroup", "PolicyGroup"}, PolicyGroups},
      {{"accesspolicies", "accesspolicy", "AccessPolicy"}, AccessPolicies},
      {{"desktopnamepolicies", "desktopnamepolicy", "DesktopNamePolicy", "namepolicies"},
       NamePolicies},
      {{"products", "product"}, Products},
      {{"images", "image"}, Images},
      {{"availabilityzones", "availabilityzone", "azs", "az"}, Zones},
      {{"quotas", "quota"}, Quotas},
      {{"job", "jobs"}, Job},
  };
  return kinds;
}

const GetKind* FindGetKind(const std::string& name) {
  for (const auto& k : GetKinds()) {
    for (const auto& n : k.names) {
      if (n == name) return &k;
    }
  }
  return nullptr;
}

}  // namespace deskops::daemon
