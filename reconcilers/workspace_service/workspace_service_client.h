#pragma once
// The Workspace service endpoints (4.2.7, 4.2.10, 4.2.11), the WorkspaceService kind's own client.
// 4.2.10 changes one attribute type per request (L4406) and answers a job (L4527); 4.2.11 is
// synchronous. deskops never subscribes (4.2.8) or unsubscribes (4.2.9): this client has no call
// for either. Thread-safe like ApiClient.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/operations.h"
#include "core/status_or.h"

namespace deskops::cloud {

namespace ops {
inline constexpr Operation kGetWorkspace{"workspace.get", "GET", "/v2/{project_id}/workspaces",
                                         "4.2.7"};
inline constexpr Operation kModifyWorkspace{"workspace.modify", "PUT",
                                            "/v2/{project_id}/workspaces", "4.2.10"};
inline constexpr Operation kUpdateEnterpriseId{
    "workspace.enterprise_id", "PUT", "/v2/{project_id}/workspaces/enterprise-id", "4.2.11"};
}  // namespace ops

namespace workspace {

// AdInfo (4.2.7 L3798-3816), which never includes the password or the certificate.
struct AdInfo {
  std::string domain_type, domain_name, domain_admin_account, active_domain_name, active_domain_ip,
      standby_domain_name, standby_domain_ip, active_dns_ip, standby_dns_ip;
  std::optional<bool> delete_computer_object;  // "0" / "1" (a String in 4.2.7, L3814)
  bool use_ldaps = false;
};

// What 4.2.7 reports of the attributes deskops manages.
struct Service {
  std::string id, status, access_status, config_status;
  std::string access_mode;
  std::vector<std::string> dedicated_subnets;  // dedicated_subnets split at ';'
  std::vector<std::string> subnet_ids;
  std::string internet_access_port, enterprise_id, vpc_id;
  AdInfo ad;
};

// AdDomain (4.2.10 L4466-4498): the declared fields, the password as read at apply time.
struct AdDomainRequest {
  std::string domain_type;
  std::optional<std::string> domain_name, domain_admin_account, domain_password, active_domain_ip,
      active_domain_name, standby_domain_ip, standby_domain_name, active_dns_ip, standby_dns_ip;
  std::optional<bool> delete_computer_object;  // sent as 1 / 0 (an Integer, L4488)
  std::optional<bool> use_ldaps;
  std::optional<std::string> cert_pem;
};

inline constexpr const char* kSubscribed = "SUBSCRIBED";

core::StatusOr<Service> Get(ApiClient& client);
// Each 4.2.10 request returns its job ID ("" when the answer has none).
core::StatusOr<std::string> ModifyAccessMode(
    ApiClient& client, const std::string& access_mode,
    const std::optional<std::vector<std::string>>& dedicated_subnets);
core::StatusOr<std::string> ModifyAdDomain(ApiClient& client, const AdDomainRequest& request);
core::StatusOr<std::string> ModifySubnets(ApiClient& client, const std::vector<std::string>& ids);
core::StatusOr<std::string> ModifyInternetAccessPort(ApiClient& client, std::int64_t port);
// 4.2.11.
core::Status UpdateEnterpriseId(ApiClient& client, const std::string& enterprise_id);

}  // namespace workspace
}  // namespace deskops::cloud
