#include "simulator/resources/workspace/workspace_store.h"

#include "simulator/catalog.h"
#include "simulator/model.h"

namespace deskops::simulator {
namespace {

using Json = nlohmann::json;

// A subscribed service on LiteAS (users are created by the API: model.h, LiteAS behaviour),
// reached over the Internet on port 443, in the seeded VPC with its first subnet as the service
// subnet. Values follow the 4.2.7 example (L3959-4011) where it has them.
Json DefaultService(const Catalog& catalog) {
  const NamedResource* vpc = catalog.vpcs.empty() ? nullptr : &catalog.vpcs.front();
  Json subnets = Json::array();
  for (const Subnet& s : catalog.subnets) {
    if (vpc && s.vpc_id == vpc->id) {
      subnets.push_back(s.id);
      break;
    }
  }
  const NamedResource* sg =
      catalog.security_groups.empty() ? nullptr : &catalog.security_groups.front();
  return {
      {"id", "8aa1908f74824d8701748bf039600065"},
      {"is_global", false},
      {"status", "SUBSCRIBED"},
      {"config_status", "0"},
      {"access_status", "available"},
      {"closable", false},
      {"progress", "100%"},
      {"ad_domains", {{"domain_type", "LITE_AS"}}},
      {"vpc_id", vpc ? vpc->id : ""},
      {"vpc_name", vpc ? vpc->name : ""},
      {"access_mode", "INTERNET"},
      {"dedicated_subnets", Json::array()},
      {"adn_conflict_network", ""},
      {"internet_access_address", "https://172.16.25.134"},
      {"dedicated_access_address", "https://192.168.0.53"},
      {"internet_access_port", "443"},
      {"subnet_ids", subnets},
      {"management_subnet_cidr", "192.168.0.0/24"},
      {"infrastructure_security_group",
       {{"id", "ffba6eda-5170-4343-b8a3-c306e0f21c88"}, {"name", "WorkspaceManagerSecurityGroup"}}},
      {"desktop_security_group",
       {{"id", sg ? sg->id : ""}, {"name", sg ? sg->name : "WorkspaceUserSecurityGroup"}}},
      {"enterprise_id", ""},
      {"enterprise_project_id", "0"},
      {"is_send_email", true},
      {"authorized_collect_log", false},
      {"authorized_hda_upgrade", false},
      {"dc_vnc_ip", ""},
      {"is_authorized_install_agent", false},
      {"is_support_ipv6", false},
      {"enable_user_create_snapshot", false},
  };
}

}  // namespace

void WorkspaceStore::Reset(const Catalog& catalog) {
  service = DefaultService(catalog);
  // Seed key "workspace": fields of the service to override (a tenant on LOCAL_AD, one that is
  // not subscribed, ...), merged over the default.
  if (catalog.seed.contains("workspace") && catalog.seed["workspace"].is_object()) {
    service.merge_patch(catalog.seed["workspace"]);
  }
  job_id.clear();
}

Json WorkspaceStore::Snapshot() const { return {{"service", service}, {"job_id", job_id}}; }

void WorkspaceStore::Restore(const Json& part) {
  if (part.contains("service")) {
    const Json& s = part.at("service");
    // The handlers rely on these shapes: a wrong one throws and the caller refuses it.
    if (!s.is_object() || !s.value("ad_domains", Json()).is_object() ||
        !s.value("subnet_ids", Json::array()).is_array() ||
        !s.value("dedicated_subnets", Json::array()).is_array()) {
      throw Json::type_error::create(302, "service: not the shape of 4.2.7's answer", nullptr);
    }
    service = s;
  }
  job_id = part.value("job_id", "");
}

void WorkspaceStore::JobEnded(const Job& job, bool success) {
  if (!job.effect.is_object() || job.effect.value("kind", "") != kWorkspaceEffect) return;
  if (success) {
    if (job.effect.contains("patch")) service.merge_patch(job.effect["patch"]);
    const Json replace = job.effect.value("replace", Json::object());
    for (const auto& [key, value] : replace.items()) service[key] = value;
  }
  const char* outcome = success ? "success" : "failure";
  for (const char* status : {"access_status", "config_status"}) {
    const Json& s = job.effect.value(status, Json::object());
    if (s.contains(outcome)) service[status] = s[outcome];
  }
  if (job_id == job.id) job_id.clear();
}

}  // namespace deskops::simulator
