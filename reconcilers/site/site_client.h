#pragma once
// The site endpoints (4.2.1-4.2.5), the Site kind's own client: list the sites (4.2.1), add edge
// sites (4.2.2), delete one (4.2.3), change its access mode (4.2.4) and its service subnets
// (4.2.5). The changes are asynchronous: each answers a job ID. Never 4.2.9 (unsubscribing) or
// anything else that resets the service. Thread-safe like ApiClient.

#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/operations.h"
#include "core/status_or.h"

namespace deskops::cloud {

namespace ops {
// 4.2.1 does not page (no offset or limit, L2778-2783).
inline constexpr Operation kListSites{"sites.list", "GET", "/v2/{project_id}/sites", "4.2.1"};
inline constexpr Operation kAddSite{"sites.create", "POST", "/v2/{project_id}/sites",
                                    "4.2.2",        0,      true};
inline constexpr Operation kDeleteSite{"sites.delete", "DELETE", "/v2/{project_id}/sites/{site_id}",
                                       "4.2.3"};
inline constexpr Operation kSiteAccessMode{"sites.access_mode", "PUT",
                                           "/v2/{project_id}/sites/{site_id}/access-mode", "4.2.4"};
inline constexpr Operation kSiteSubnets{"sites.subnets", "PUT",
                                        "/v2/{project_id}/sites/{site_id}/subnet-ids", "4.2.5"};
}  // namespace ops

namespace sites {

// SiteInfo (4.2.1 L2808-2813) and the AZs it serves: az_code, which the example lists (L2885)
// although the table has no such field, or the AZ it was asked about.
struct Site {
  std::string id, name, type, status, create_time;
  std::vector<std::string> azs;
  std::string key;  // how deskops names it: its AZs joined with ',' (its ID when none is known)
};

// Every site; with `az`, 4.2.1's availability_zone_id filter (L2782): the sites serving it, which
// then serve `az` whatever az_code says.
core::StatusOr<std::vector<Site>> List(ApiClient& client, std::optional<std::string> az = {});

// 4.2.2 for one edge site: returns the job ID.
struct AddRequest {
  std::string availability_zone;
  std::optional<std::string> vpc_id;
  std::optional<std::vector<std::string>> subnet_ids;
  std::string access_mode;
  std::optional<std::string> dedicated_cidrs;  // "a/n;b/n"
};
core::StatusOr<std::string> Add(ApiClient& client, const AddRequest& request);
core::StatusOr<std::string> Delete(ApiClient& client, const std::string& id);
// 4.2.4: only the fields given are sent.
core::StatusOr<std::string> SetAccessMode(ApiClient& client, const std::string& id,
                                          const std::optional<std::string>& access_mode,
                                          const std::optional<std::string>& dedicated_cidrs);
// 4.2.5 subnet_ids.
core::StatusOr<std::string> SetSubnets(ApiClient& client, const std::string& id,
                                       const std::vector<std::string>& subnet_ids);

}  // namespace sites
}  // namespace deskops::cloud
