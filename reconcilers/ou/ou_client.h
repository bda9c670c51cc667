#pragma once
// The OU endpoints (4.10), the OU kind's own client: registered OUs (list 4.10.1, add 4.10.2,
// delete 4.10.3, update 4.10.4) and the OUs of the AD domain (4.10.5). Thread-safe like ApiClient.

#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/operations.h"
#include "core/status_or.h"

namespace deskops::cloud {

namespace ops {
// kListOus (4.10.1) is in cloud/operations.h: policy targets read it too.
inline constexpr Operation kCreateOu{"ous.create", "POST", "/v2/{project_id}/ous",
                                     "4.10.2",     0,      true};
inline constexpr Operation kDeleteOu{"ous.delete", "DELETE", "/v2/{project_id}/ous/{ou_id}",
                                     "4.10.3"};
inline constexpr Operation kUpdateOu{"ous.update", "PUT", "/v2/{project_id}/ous/{ou_id}", "4.10.4"};
// Without a limit, every OU comes back (L20029).
inline constexpr Operation kListAdOus{"ous.list_ad", "GET", "/v2/{project_id}/ad-ous", "4.10.5",
                                      -1};
}  // namespace ops

namespace ous {

// OuNameInfo (L19548-19558).
struct Ou {
  std::string id, domain_id, domain, ou_name, ou_dn, description;
};
// AdOulInfo (L20052-20055).
struct AdOu {
  std::string ou_name, ou_dn;
};

core::StatusOr<std::vector<Ou>> List(ApiClient& client,
                                     std::optional<std::string> name = std::nullopt);
// 4.10.2: returns the new OU's ID.
core::StatusOr<std::string> Create(ApiClient& client, const std::string& domain,
                                   const std::string& ou_name,
                                   const std::optional<std::string>& description);
// 4.10.4: ou_name is required in the body (L19906).
core::Status Update(ApiClient& client, const std::string& id, const std::string& ou_name,
                    const std::optional<std::string>& description);
core::Status Delete(ApiClient& client, const std::string& id);
core::StatusOr<std::vector<AdOu>> ListAd(ApiClient& client);

}  // namespace ous
}  // namespace deskops::cloud
