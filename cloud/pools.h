#pragma once
// Typed endpoints for desktop pools (4.4): reads, create, modify, delete, size, specification,
// image, disks, power actions, authorised users and groups, and member desktops.
// Thread-safe like ApiClient.

#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/desktops.h"
#include "cloud/types.h"
#include "core/status_or.h"

namespace deskops::cloud::pools {

struct Autoscale {
  std::optional<std::string> autoscale_type;
  std::optional<std::int64_t> max_auto_created, min_idle, once_auto_created;
};

struct Pool {
  std::string id, name, type, description, created_time, charging_mode;
  std::int64_t desktop_count = 0, desktop_used = 0;
  std::string availability_zone, subnet_id;
  ProductRef product;
  std::string image_id, image_name, image_os_type;
  Volume root_volume;
  std::vector<Volume> data_volumes;
  std::vector<SecurityGroupRef> security_groups;
  std::optional<std::int64_t> disconnected_retention_period;
  bool enable_autoscale = false;
  std::optional<Autoscale> autoscale_policy;
  std::string status;  // STEADY, TEMPORARY, EXIST_FROZEN, UNKNOWN
  std::string enterprise_project_id, desktop_name_policy_id;
  bool in_maintenance_mode = false;
};

// A user or group authorised on a pool (AuthorizedObjects, L11618-11622).
struct AuthorizedObject {
  std::string object_type;  // USER or USER_GROUP
  std::string object_id, object_name;
  std::string user_group;   // privilege group: sudo, default, administrators, users
  std::string created_at;
};

core::StatusOr<std::vector<Pool>> List(ApiClient& client,
                                       std::optional<std::string> name = std::nullopt);
core::StatusOr<Pool> Get(ApiClient& client, const std::string& pool_id);

struct CreateRequest {
  std::string name, type;
  std::int64_t size = 0;
  std::optional<std::string> description, availability_zone;
  std::string product_id;
  std::optional<std::string> flavor_id;
  std::string image_type = "private", image_id;
  Volume root_volume;
  std::vector<Volume> data_volumes;
  std::optional<std::string> vpc_id;
  std::vector<std::string> subnet_ids, security_group_ids;
  std::vector<AuthorizedObject> authorized_objects;
  std::optional<std::string> ou_name, enterprise_project_id, desktop_name_policy_id;
  std::vector<Tag> tags;
  std::optional<std::int64_t> disconnected_retention_period;
  std::optional<bool> enable_autoscale;
  std::optional<Autoscale> autoscale_policy;
};
// 4.4.1: returns the job ID; the pool's ID is found by name (the job does not carry it).
core::StatusOr<std::string> Create(ApiClient& client, const CreateRequest& request);

struct ModifyRequest {  // 4.4.3: every field optional
  std::optional<std::string> name, description, ou_name, desktop_name_policy_id, availability_zone;
  std::optional<std::vector<Tag>> tags;
  std::optional<std::int64_t> disconnected_retention_period;
  std::optional<bool> enable_autoscale, in_maintenance_mode;
  std::optional<Autoscale> autoscale_policy;
};
core::Status Modify(ApiClient& client, const std::string& pool_id, const ModifyRequest& request);
// 4.4.4: only an empty pool can be deleted.
core::Status Delete(ApiClient& client, const std::string& pool_id);

// 4.4.6: adds desktops (the reference does not say whether size is a delta or a total; deskops
// sends the number to add, which is what "expand the size" most plausibly means).
core::StatusOr<std::string> Expand(ApiClient& client, const std::string& pool_id,
                                   std::int64_t size);
core::StatusOr<std::string> Resize(ApiClient& client, const std::string& pool_id,
                                   const std::string& product_id,
                                   std::optional<std::string> flavor_id = std::nullopt,
                                   std::optional<std::string> mode = std::nullopt);
core::StatusOr<std::string> Rebuild(ApiClient& client, const std::string& pool_id,
                                    const std::string& image_type, const std::string& image_id);
core::StatusOr<std::string> AddVolumes(ApiClient& client, const std::string& pool_id,
                                       const std::vector<Volume>& volumes);
core::StatusOr<std::string> DeleteVolumes(ApiClient& client, const std::string& pool_id,
                                          const std::vector<Volume>& volumes);  // by id
core::StatusOr<std::string> ExpandVolumes(ApiClient& client, const std::string& pool_id,
                                          const std::vector<Volume>& volumes);  // id + new size
// 4.4.12: os-start, os-stop, reboot, hibernate (not os-hibernate: L13545); SOFT or HARD.
core::StatusOr<std::string> Action(ApiClient& client, const std::string& pool_id,
                                   const std::string& op_type, const std::string& type = "");

core::StatusOr<std::vector<AuthorizedObject>> ListAuthorized(ApiClient& client,
                                                             const std::string& pool_id);
// 4.4.14: action ADD or REMOVE.
core::Status Authorize(ApiClient& client, const std::string& pool_id,
                       const std::vector<AuthorizedObject>& objects, const std::string& action);
core::StatusOr<std::vector<desktops::Desktop>> ListDesktops(ApiClient& client,
                                                            const std::string& pool_id);

}  // namespace deskops::cloud::pools
