#include "reconcilers/workspace_service/workspace_service_client.h"

#include "cloud/wire.h"
#include "core/strings.h"

namespace deskops::cloud::workspace {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

// A 4.2.10 request; its answer's job_id (L4527), or "" when there is none.
StatusOr<std::string> Modify(ApiClient& client, const json& body) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kModifyWorkspace, {}, {}, body));
  return jsonx::Str(answer, "job_id");
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& part : core::Split(text, ';')) {
    std::string item(core::Trim(part));
    if (!item.empty()) out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

StatusOr<Service> Get(ApiClient& client) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetWorkspace));
  Service s;
  s.id = jsonx::Str(j, "id");
  s.status = jsonx::Str(j, "status");
  s.access_status = jsonx::Str(j, "access_status");
  s.config_status = jsonx::Str(j, "config_status");
  s.access_mode = jsonx::Str(j, "access_mode");
  s.dedicated_subnets = SplitList(jsonx::Str(j, "dedicated_subnets"));
  // SubnetInfo objects (L3768); NetworkConfig lists plain IDs (L3872): both are read.
  for (const json& subnet : jsonx::Array(j, "subnet_ids")) {
    s.subnet_ids.push_back(subnet.is_string() ? subnet.get<std::string>()
                                              : jsonx::Str(subnet, "subnet_id"));
  }
  s.internet_access_port = jsonx::Str(j, "internet_access_port");
  s.enterprise_id = jsonx::Str(j, "enterprise_id");
  s.vpc_id = jsonx::Str(j, "vpc_id");
  const json& ad = jsonx::Object(j, "ad_domains");
  s.ad.domain_type = jsonx::Str(ad, "domain_type");
  s.ad.domain_name = jsonx::Str(ad, "domain_name");
  s.ad.domain_admin_account = jsonx::Str(ad, "domain_admin_account");
  s.ad.active_domain_name = jsonx::Str(ad, "active_domain_name");
  s.ad.active_domain_ip = jsonx::Str(ad, "active_domain_ip");
  s.ad.standby_domain_name = jsonx::Str(ad, "standby_domain_name");
  s.ad.standby_domain_ip = jsonx::Str(ad, "standby_domain_ip");
  s.ad.active_dns_ip = jsonx::Str(ad, "active_dns_ip");
  s.ad.standby_dns_ip = jsonx::Str(ad, "standby_dns_ip");
  // A String "0"/"1" in 4.2.7 (L3814), an Integer in 4.2.10 (L4488): OptBool reads both.
  s.ad.delete_computer_object = jsonx::OptBool(ad, "delete_computer_object");
  s.ad.use_ldaps = jsonx::Bool(ad, "use_ldaps");
  return s;
}

StatusOr<std::string> ModifyAccessMode(
    ApiClient& client, const std::string& access_mode,
    const std::optional<std::vector<std::string>>& dedicated_subnets) {
  json body = {{"access_mode", access_mode}};
  // "Multiple network segments are separated by semicolons" (L4441).
  if (dedicated_subnets) body["dedicated_subnets"] = core::Join(*dedicated_subnets, ";");
  return Modify(client, body);
}

StatusOr<std::string> ModifyAdDomain(ApiClient& client, const AdDomainRequest& r) {
  json ad = {{"domain_type", r.domain_type}};
  jsonx::Put(ad, "domain_name", r.domain_name);
  jsonx::Put(ad, "domain_admin_account", r.domain_admin_account);
  jsonx::Put(ad, "domain_password", r.domain_password);
  jsonx::Put(ad, "active_domain_ip", r.active_domain_ip);
  jsonx::Put(ad, "active_domain_name", r.active_domain_name);
  jsonx::Put(ad, "standby_domain_ip", r.standby_domain_ip);
  jsonx::Put(ad, "standby_domain_name", r.standby_domain_name);
  jsonx::Put(ad, "active_dns_ip", r.active_dns_ip);
  jsonx::Put(ad, "standby_dns_ip", r.standby_dns_ip);
  if (r.delete_computer_object) ad["delete_computer_object"] = *r.delete_computer_object ? 1 : 0;
  jsonx::Put(ad, "use_ldaps", r.use_ldaps);
  if (r.cert_pem) ad["tls_config"] = {{"cert_pem", *r.cert_pem}};
  // ad_domains (AdDomain, L4436), not the shorter ad_info (AdDomainInfo, L4435).
  return Modify(client, {{"ad_domains", ad}});
}

StatusOr<std::string> ModifySubnets(ApiClient& client, const std::vector<std::string>& ids) {
  return Modify(client, {{"subnet_ids", ids}});
}

StatusOr<std::string> ModifyInternetAccessPort(ApiClient& client, std::int64_t port) {
  return Modify(client, {{"internet_access_port", std::to_string(port)}});  // a String (L4444)
}

Status UpdateEnterpriseId(ApiClient& client, const std::string& enterprise_id) {
  return wire::Call(client, ops::kUpdateEnterpriseId, {}, {}, {{"enterprise_id", enterprise_id}})
      .status();
}

}  // namespace deskops::cloud::workspace
