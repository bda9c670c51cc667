#include "reconcilers/site/site_client.h"

#include <algorithm>

#include "cloud/wire.h"
#include "core/strings.h"

namespace deskops::cloud::sites {

using core::StatusOr;
using wire::json;

StatusOr<std::vector<Site>> List(ApiClient& client, std::optional<std::string> az) {
  std::vector<std::pair<std::string, std::string>> query;
  if (az) query.emplace_back("availability_zone_id", *az);
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kListSites, {}, std::move(query)));
  std::vector<Site> out;
  for (const json& j : jsonx::Array(answer, "site_infos")) {
    Site s{jsonx::Str(j, "site_id"),
           jsonx::Str(j, "site_name"),
           jsonx::Str(j, "site_type"),
           jsonx::Str(j, "status"),
           jsonx::Str(j, "create_time"),
           {},
           ""};
    for (const std::string& code : core::Split(jsonx::Str(j, "az_code"), ',')) {
      std::string trimmed(core::Trim(code));
      if (!trimmed.empty()) s.azs.push_back(std::move(trimmed));
    }
    if (az && std::find(s.azs.begin(), s.azs.end(), *az) == s.azs.end()) s.azs.push_back(*az);
    s.key = s.azs.empty() ? s.id : core::Join(s.azs, ",");
    out.push_back(std::move(s));
  }
  return out;
}

StatusOr<std::string> Add(ApiClient& client, const AddRequest& r) {
  json network = json::object();
  jsonx::Put(network, "vpc_id", r.vpc_id);
  jsonx::Put(network, "subnet_ids", r.subnet_ids);
  json access = {{"access_mode", r.access_mode}};
  jsonx::Put(access, "dedicated_cidrs", r.dedicated_cidrs);
  json body = {{"site_configs", json::array({{{"availability_zone", r.availability_zone},
                                              {"network_config", network},
                                              {"access_config", access}}})}};
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kAddSite, {}, {}, body));
  return wire::JobId(answer, ops::kAddSite);
}

StatusOr<std::string> Delete(ApiClient& client, const std::string& id) {
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kDeleteSite, {id}));
  return wire::JobId(answer, ops::kDeleteSite);
}

StatusOr<std::string> SetAccessMode(ApiClient& client, const std::string& id,
                                    const std::optional<std::string>& access_mode,
                                    const std::optional<std::string>& dedicated_cidrs) {
  json body = json::object();
  jsonx::Put(body, "access_mode", access_mode);
  jsonx::Put(body, "dedicated_cidrs", dedicated_cidrs);
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kSiteAccessMode, {id}, {}, body));
  return wire::JobId(answer, ops::kSiteAccessMode);
}

StatusOr<std::string> SetSubnets(ApiClient& client, const std::string& id,
                                 const std::vector<std::string>& subnet_ids) {
  json body = {{"subnet_ids", subnet_ids}};
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kSiteSubnets, {id}, {}, body));
  return wire::JobId(answer, ops::kSiteSubnets);
}

}  // namespace deskops::cloud::sites
