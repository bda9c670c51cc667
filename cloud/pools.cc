#include "cloud/pools.h"

#include "cloud/desktop_wire.h"
#include "cloud/wire.h"

namespace deskops::cloud::pools {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

std::optional<Autoscale> ReadAutoscale(const json& j) {
  const json& a = jsonx::Object(j, "autoscale_policy");
  if (a.empty()) return std::nullopt;
  return Autoscale{jsonx::OptStr(a, "autoscale_type"), jsonx::OptInt(a, "max_auto_created"),
                   jsonx::OptInt(a, "min_idle"), jsonx::OptInt(a, "once_auto_created")};
}

json AutoscaleJson(const Autoscale& a) {
  json j = json::object();
  jsonx::Put(j, "autoscale_type", a.autoscale_type);
  jsonx::Put(j, "max_auto_created", a.max_auto_created);
  jsonx::Put(j, "min_idle", a.min_idle);
  jsonx::Put(j, "once_auto_created", a.once_auto_created);
  return j;
}

Pool ReadPool(const json& j) {
  Pool p;
  p.id = jsonx::Str(j, "id");
  p.name = jsonx::Str(j, "name");
  p.type = jsonx::Str(j, "type");
  p.description = jsonx::Str(j, "description");
  p.created_time = jsonx::Str(j, "created_time");
  p.charging_mode = jsonx::Str(j, "charging_mode");
  p.desktop_count = jsonx::Int(j, "desktop_count");
  p.desktop_used = jsonx::Int(j, "desktop_used");
  p.availability_zone = jsonx::Str(j, "availability_zone");
  p.subnet_id = jsonx::Str(j, "subnet_id");
  p.product = wire::Product(jsonx::Object(j, "product"));
  p.image_id = jsonx::Str(j, "image_id");
  p.image_name = jsonx::Str(j, "image_name");
  p.image_os_type = jsonx::Str(j, "image_os_type");
  p.root_volume = wire::ReadVolume(jsonx::Object(j, "root_volume"));
  p.data_volumes = wire::DataVolumes(j, "data_volumes");
  p.security_groups = wire::SecurityGroups(j, "security_groups");
  p.disconnected_retention_period = jsonx::OptInt(j, "disconnected_retention_period");
  p.enable_autoscale = jsonx::Bool(j, "enable_autoscale");
  p.autoscale_policy = ReadAutoscale(j);
  p.status = jsonx::UpperStatus(jsonx::Str(j, "status"));
  p.enterprise_project_id = jsonx::Str(j, "enterprise_project_id");
  p.desktop_name_policy_id = jsonx::Str(j, "desktop_name_policy_id");
  p.in_maintenance_mode = jsonx::Bool(j, "in_maintenance_mode");
  return p;
}

json ObjectsJson(const std::vector<AuthorizedObject>& objects) {
  json list = json::array();
  for (const auto& o : objects) {
    list.push_back({{"object_type", o.object_type},
                    {"object_id", o.object_id},
                    {"object_name", o.object_name},
                    {"user_group", o.user_group}});
  }
  return list;
}

StatusOr<std::string> JobCall(ApiClient& client, const Operation& op, const std::string& pool_id,
                              const json& body) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, op, {pool_id}, {}, body));
  return wire::JobId(j, op);
}

json VolumeRecords(const std::vector<Volume>& volumes) {
  json list = json::array();
  for (const auto& v : volumes) {
    json item = {{"type", v.type}, {"size", v.size}};
    if (!v.id.empty()) item["id"] = v.id;
    list.push_back(item);
  }
  return {{"volumes", list}};
}

}  // namespace

StatusOr<std::vector<Pool>> List(ApiClient& client, std::optional<std::string> name) {
  std::vector<std::pair<std::string, std::string>> query;
  if (name) query.emplace_back("name", *name);
  return wire::ListAll<Pool>(client, ops::kListPools, {}, std::move(query), "desktop_pools",
                             ReadPool, [](const Pool& p) { return p.id; });
}

StatusOr<Pool> Get(ApiClient& client, const std::string& pool_id) {
  // 4.4.5 returns the pool unwrapped, at the top level.
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kGetPool, {pool_id}));
  return ReadPool(j);
}

StatusOr<std::string> Create(ApiClient& client, const CreateRequest& r) {
  json j = {{"name", r.name},
            {"type", r.type},
            {"size", r.size},
            {"product_id", r.product_id},
            {"image_type", r.image_type},
            {"image_id", r.image_id},
            {"root_volume", {{"type", r.root_volume.type}, {"size", r.root_volume.size}}},
            {"subnet_ids", r.subnet_ids}};
  jsonx::Put(j, "description", r.description);
  jsonx::Put(j, "availability_zone", r.availability_zone);
  jsonx::Put(j, "flavor_id", r.flavor_id);
  if (!r.data_volumes.empty()) j["data_volumes"] = wire::VolumesJson(r.data_volumes);
  jsonx::Put(j, "vpc_id", r.vpc_id);
  for (const auto& s : r.security_group_ids) j["security_groups"].push_back({{"id", s}});
  if (!r.authorized_objects.empty()) j["authorized_objects"] = ObjectsJson(r.authorized_objects);
  jsonx::Put(j, "ou_name", r.ou_name);
  if (!r.tags.empty()) j["tags"] = wire::TagsJson(r.tags);
  jsonx::Put(j, "enterprise_project_id", r.enterprise_project_id);
  jsonx::Put(j, "disconnected_retention_period", r.disconnected_retention_period);
  jsonx::Put(j, "enable_autoscale", r.enable_autoscale);
  if (r.autoscale_policy) j["autoscale_policy"] = AutoscaleJson(*r.autoscale_policy);
  jsonx::Put(j, "desktop_name_policy_id", r.desktop_name_policy_id);
  DESKOPS_ASSIGN_OR_RETURN(json res, wire::Call(client, ops::kCreatePool, {}, {}, j));
  return wire::JobId(res, ops::kCreatePool);
}

Status Modify(ApiClient& client, const std::string& pool_id, const ModifyRequest& r) {
  json j = json::object();
  jsonx::Put(j, "name", r.name);
  jsonx::Put(j, "description", r.description);
  jsonx::Put(j, "ou_name", r.ou_name);
  if (r.tags) j["tags"] = wire::TagsJson(*r.tags);
  jsonx::Put(j, "disconnected_retention_period", r.disconnected_retention_period);
  jsonx::Put(j, "enable_autoscale", r.enable_autoscale);
  if (r.autoscale_policy) j["autoscale_policy"] = AutoscaleJson(*r.autoscale_policy);
  jsonx::Put(j, "in_maintenance_mode", r.in_maintenance_mode);
  jsonx::Put(j, "desktop_name_policy_id", r.desktop_name_policy_id);
  jsonx::Put(j, "availability_zone", r.availability_zone);
  return wire::Call(client, ops::kModifyPool, {pool_id}, {}, j).status();
}

Status Delete(ApiClient& client, const std::string& pool_id) {
  return wire::Call(client, ops::kDeletePool, {pool_id}).status();
}

StatusOr<std::string> Expand(ApiClient& client, const std::string& pool_id, std::int64_t size) {
  return JobCall(client, ops::kExpandPool, pool_id, {{"size", size}});
}

StatusOr<std::string> Resize(ApiClient& client, const std::string& pool_id,
                             const std::string& product_id, std::optional<std::string> flavor_id,
                             std::optional<std::string> mode) {
  json body = {{"product_id", product_id}};
  jsonx::Put(body, "flavor_id", flavor_id);
  jsonx::Put(body, "mode", mode);
  return JobCall(client, ops::kResizePool, pool_id, body);
}

StatusOr<std::string> Rebuild(ApiClient& client, const std::string& pool_id,
                              const std::string& image_type, const std::string& image_id) {
  return JobCall(client, ops::kRebuildPool, pool_id,
                 {{"image_type", image_type}, {"image_id", image_id}});
}

StatusOr<std::string> AddVolumes(ApiClient& client, const std::string& pool_id,
                                 const std::vector<Volume>& volumes) {
  return JobCall(client, ops::kAddPoolVolumes, pool_id, VolumeRecords(volumes));
}

StatusOr<std::string> DeleteVolumes(ApiClient& client, const std::string& pool_id,
                                    const std::vector<Volume>& volumes) {
  return JobCall(client, ops::kDeletePoolVolumes, pool_id, VolumeRecords(volumes));
}

StatusOr<std::string> ExpandVolumes(ApiClient& client, const std::string& pool_id,
                                    const std::vector<Volume>& volumes) {
  return JobCall(client, ops::kExpandPoolVolumes, pool_id, VolumeRecords(volumes));
}

StatusOr<std::string> Action(ApiClient& client, const std::string& pool_id,
                             const std::string& op_type, const std::string& type) {
  json body = {{"op_type", op_type}};
  if (!type.empty()) body["type"] = type;
  return JobCall(client, ops::kPoolAction, pool_id, body);
}

StatusOr<std::vector<AuthorizedObject>> ListAuthorized(ApiClient& client,
                                                       const std::string& pool_id) {
  return wire::ListAll<AuthorizedObject>(
      client, ops::kListPoolUsers, {pool_id}, {}, "objects",
      [](const json& o) {
        return AuthorizedObject{jsonx::Str(o, "object_type"), jsonx::Str(o, "object_id"),
                                jsonx::Str(o, "object_name"), jsonx::Str(o, "user_group"),
                                jsonx::Str(o, "created_at")};
      },
      [](const AuthorizedObject& o) { return o.object_type + "/" + o.object_id; });
}

Status Authorize(ApiClient& client, const std::string& pool_id,
                 const std::vector<AuthorizedObject>& objects, const std::string& action) {
  return wire::Call(client, ops::kAuthorizePool, {pool_id}, {},
                    {{"objects", ObjectsJson(objects)}, {"action", action}})
      .status();
}

StatusOr<std::vector<desktops::Desktop>> ListDesktops(ApiClient& client,
                                                      const std::string& pool_id) {
  return wire::ListAll<desktops::Desktop>(client, ops::kListPoolDesktops, {pool_id}, {},
                                          "pool_desktops", desktops::ReadDesktop,
                                          [](const desktops::Desktop& d) { return d.id; });
}

}  // namespace deskops::cloud::pools
