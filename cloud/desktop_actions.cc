// Desktop actions (4.3.9-4.3.27), tags (4.6) and disks (4.11).
#include "cloud/desktop_wire.h"
#include "core/strings.h"

namespace deskops::cloud::desktops {

using core::Status;
using core::StatusOr;
using wire::json;

namespace {

StatusOr<std::string> JobCall(ApiClient& client, const Operation& op,
                              std::vector<std::string> path, const json& body) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, op, std::move(path), {}, body));
  return wire::JobId(j, op);
}

StatusOr<AsyncResult> AsyncCall(ApiClient& client, const Operation& op, const json& body) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, op, {}, {}, body));
  AsyncResult r = wire::Async(j);
  // Every desktop may be rejected up front, in which case no job is started.
  if (r.job_id.empty() && r.failed.empty()) return wire::JobId(j, op).status();
  return r;
}

json DesktopTagsJson(const std::vector<DesktopTags>& desktops) {
  json list = json::array();
  for (const auto& d : desktops) {
    list.push_back({{"desktop_id", d.desktop_id}, {"tags", wire::TagsJson(d.tags)}});
  }
  return {{"desktops", list}};
}

}  // namespace

StatusOr<AsyncResult> Action(ApiClient& client, const std::vector<std::string>& ids,
                             const std::string& op_type, const std::string& type) {
  json body = {{"desktop_ids", ids}, {"op_type", op_type}};
  if (!type.empty()) body["type"] = type;
  return AsyncCall(client, ops::kDesktopsAction, body);
}

StatusOr<std::string> Resize(ApiClient& client, const std::vector<std::string>& ids,
                             const std::string& product_id, const std::string& mode) {
  json desktops = json::array();
  for (const auto& id : ids) desktops.push_back({{"desktop_id", id}});
  // 4.3.10 answers with job_id and a deprecated per-desktop jobs[] (L7115); job_id is used.
  return JobCall(client, ops::kResizeDesktops, {},
                 {{"desktops", desktops}, {"product_id", product_id}, {"mode", mode}});
}

StatusOr<std::string> Rebuild(ApiClient& client, const std::vector<std::string>& ids,
                              const std::string& image_type, const std::string& image_id,
                              const RebuildOptions& o) {
  json body = {{"desktop_ids", ids}, {"image_type", image_type}, {"image_id", image_id}};
  jsonx::Put(body, "os_type", o.os_type);
  jsonx::Put(body, "delay_time", o.delay_time);
  jsonx::Put(body, "message", o.message);
  jsonx::Put(body, "order_id", o.order_id);
  jsonx::Put(body, "enterprise_project_id", o.enterprise_project_id);
  return JobCall(client, ops::kRebuildDesktops, {}, body);
}

StatusOr<std::string> Attach(ApiClient& client, const std::vector<AttachItem>& items) {
  json desktops = json::array();
  for (const auto& i : items) {
    json d = {{"desktop_id", i.desktop_id}};
    jsonx::Put(d, "user_name", i.user_name);
    jsonx::Put(d, "user_email", i.user_email);
    jsonx::Put(d, "user_group", i.user_group);
    jsonx::Put(d, "computer_name", i.computer_name);
    jsonx::Put(d, "is_clear_data", i.is_clear_data);
    desktops.push_back(d);
  }
  return JobCall(client, ops::kAttachDesktops, {}, {{"desktops", desktops}});
}

StatusOr<AsyncResult> Detach(ApiClient& client, const std::vector<std::string>& ids,
                             std::optional<bool> shutoff_after_detach) {
  json body = {{"desktop_ids", ids}};
  jsonx::Put(body, "shutoff_after_detach", shutoff_after_detach);
  return AsyncCall(client, ops::kDetachDesktops, body);
}

StatusOr<std::string> ChangePrivilegeGroup(ApiClient& client, const std::vector<std::string>& ids,
                                           const std::string& user_privilege_group) {
  json desktops = json::array();
  for (const auto& id : ids) desktops.push_back({{"desktop_id", id}});
  return JobCall(client, ops::kChangePrivilegeGroup, {},
                 {{"desktops", desktops}, {"user_privilege_group", user_privilege_group}});
}

Status SetMaintenanceMode(ApiClient& client, const std::vector<std::string>& ids, bool on) {
  return wire::Call(client, ops::kSetMaintenanceMode, {}, {},
                    {{"desktop_ids", ids}, {"in_maintenance_mode", on}})
      .status();
}

StatusOr<std::string> ChangeNetwork(ApiClient& client, const std::string& desktop_id,
                                    const std::string& vpc_id, const std::string& subnet_id,
                                    const std::vector<std::string>& security_group_ids,
                                    std::optional<std::string> private_ip) {
  json body = {{"vpc_id", vpc_id},
               {"subnet_id", subnet_id},
               {"security_group_ids", security_group_ids}};
  jsonx::Put(body, "private_ip", private_ip);
  return JobCall(client, ops::kChangeDesktopNetwork, {desktop_id}, body);
}

StatusOr<std::string> BatchChangeNetwork(ApiClient& client, const std::vector<std::string>& ids,
                                         const std::string& vpc_id, const std::string& subnet_id,
                                         const std::vector<std::string>& security_group_ids) {
  json body = {{"desktop_ids", ids}, {"vpc_id", vpc_id}, {"subnet_id", subnet_id}};
  if (!security_group_ids.empty()) body["security_group_ids"] = security_group_ids;
  return JobCall(client, ops::kBatchChangeNetworks, {}, body);
}

StatusOr<std::vector<Tag>> ListTags(ApiClient& client, const std::string& desktop_id) {
  DESKOPS_ASSIGN_OR_RETURN(json j, wire::Call(client, ops::kListDesktopTags, {desktop_id}));
  return wire::Tags(j, "tags");
}

Status TagsAction(ApiClient& client, const std::string& desktop_id, const std::string& action,
                  const std::vector<Tag>& tags) {
  return wire::Call(client, ops::kDesktopTagsAction, {desktop_id}, {},
                    {{"action", action}, {"tags", wire::TagsJson(tags)}})
      .status();
}

Status BatchCreateTags(ApiClient& client, const std::vector<DesktopTags>& desktops) {
  return wire::Call(client, ops::kBatchCreateTags, {}, {}, DesktopTagsJson(desktops)).status();
}

Status BatchDeleteTags(ApiClient& client, const std::vector<DesktopTags>& desktops) {
  return wire::Call(client, ops::kBatchDeleteTags, {}, {}, DesktopTagsJson(desktops)).status();
}

StatusOr<std::string> AddVolumes(ApiClient& client, const std::string& desktop_id,
                                 const std::vector<Volume>& volumes) {
  return JobCall(client, ops::kAddVolumes, {desktop_id}, {{"volumes", wire::VolumesJson(volumes)}});
}

StatusOr<std::string> DeleteVolumes(ApiClient& client, const std::string& desktop_id,
                                    const std::vector<std::string>& volume_ids) {
  return JobCall(client, ops::kDeleteVolumes, {desktop_id}, {{"volume_ids", volume_ids}});
}

StatusOr<std::string> BatchAddVolumes(ApiClient& client,
                                      const std::vector<DesktopVolumes>& desktops) {
  json list = json::array();
  for (const auto& d : desktops) {
    list.push_back({{"desktop_id", d.desktop_id}, {"volumes", wire::VolumesJson(d.volumes)}});
  }
  return JobCall(client, ops::kBatchAddVolumes, {}, {{"desktop_volumes", list}});
}

StatusOr<std::string> ExpandVolume(ApiClient& client, const std::string& desktop_id,
                                   const std::string& volume_id, std::int64_t new_size) {
  return JobCall(client, ops::kExpandVolume, {desktop_id, volume_id}, {{"new_size", new_size}});
}

StatusOr<std::string> BatchExpandVolumes(ApiClient& client,
                                         const std::vector<VolumeExpansion>& expansions) {
  json list = json::array();
  for (const auto& e : expansions) {
    list.push_back(
        {{"desktop_id", e.desktop_id}, {"volume_id", e.volume_id}, {"new_size", e.new_size}});
  }
  return JobCall(client, ops::kBatchExpandVolumes, {}, {{"desktop_volumes_expansion", list}});
}

}  // namespace deskops::cloud::desktops
