#include "reconcilers/ou/ou_client.h"

#include "cloud/wire.h"

namespace deskops::cloud::ous {

using core::Status;
using core::StatusOr;
using wire::json;

StatusOr<std::vector<Ou>> List(ApiClient& client, std::optional<std::string> name) {
  std::vector<std::pair<std::string, std::string>> query;
  if (name) query.emplace_back("ou_name", *name);
  return wire::ListAll<Ou>(
      client, ops::kListOus, {}, std::move(query), "ous",
      [](const json& j) {
        return Ou{jsonx::Str(j, "id"),     jsonx::Str(j, "domain_id"),
                  jsonx::Str(j, "domain"), jsonx::Str(j, "ou_name"),
                  jsonx::Str(j, "ou_dn"),  jsonx::Str(j, "description")};
      },
      [](const Ou& o) { return o.id; });
}

StatusOr<std::string> Create(ApiClient& client, const std::string& domain,
                             const std::string& ou_name,
                             const std::optional<std::string>& description) {
  json body = {{"domain", domain}, {"ou_name", ou_name}};
  jsonx::Put(body, "description", description);
  DESKOPS_ASSIGN_OR_RETURN(json answer, wire::Call(client, ops::kCreateOu, {}, {}, body));
  std::string id = jsonx::Str(answer, "id");
  if (id.empty()) return Status::DataLoss("ous.create: the answer has no id");
  return id;
}

Status Update(ApiClient& client, const std::string& id, const std::string& ou_name,
              const std::optional<std::string>& description) {
  json body = {{"ou_name", ou_name}};
  jsonx::Put(body, "description", description);
  return wire::Call(client, ops::kUpdateOu, {id}, {}, body).status();
}

Status Delete(ApiClient& client, const std::string& id) {
  return wire::Call(client, ops::kDeleteOu, {id}).status();
}

StatusOr<std::vector<AdOu>> ListAd(ApiClient& client) {
  return wire::ListAll<AdOu>(
      client, ops::kListAdOus, {}, {}, "ou_infos",
      [](const json& j) {
        return AdOu{jsonx::Str(j, "ou_name"), jsonx::Str(j, "ou_dn")};
      },
      [](const AdOu& o) { return o.ou_dn.empty() ? o.ou_name : o.ou_dn; });
}

}  // namespace deskops::cloud::ous
