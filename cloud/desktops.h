#pragma once
// Typed endpoints for desktops (4.3), their tags (4.6) and disks (4.11). Reads are normalised
// (upper-case status, data volumes ordered by device, the image ID from metadata); every call
// that starts a job returns its job_id for cloud/jobs.h to follow. Thread-safe like ApiClient.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cloud/api_client.h"
#include "cloud/types.h"
#include "core/status_or.h"

namespace deskops::cloud::desktops {

struct Desktop {
  std::string id, computer_name, os_host_name;
  std::string status;       // ACTIVE, SHUTOFF, HIBERNATED, ERROR (upper-cased)
  std::string task_status;  // "" when idle; e.g. rebuilding, powering-off
  std::string desktop_type, resource_type, created, availability_zone;
  std::string product_id;  // top-level product_id, else product.product_id, else flavor.id
  std::string image_id;    // metadata["metering.image_id"]: the read has no image_id field
  std::string image_name;
  ProductRef product;
  Volume root_volume;
  std::vector<Volume> data_volumes;
  std::vector<SecurityGroupRef> security_groups;
  std::string subnet_id;
  std::vector<std::string> ip_addresses;
  std::string user_name, user_group;
  std::vector<UserAssignment> attach_user_infos;
  std::string attach_state, login_status;
  std::string sid, ou_name, enterprise_project_id, os_version;
  std::vector<Tag> tags;
  bool in_maintenance_mode = false;
  std::optional<std::int64_t> process;  // 0-100 while a task runs
  std::map<std::string, std::string> metadata;
};

// Whether a task is running on the desktop. "deleteFailed" (4.3.2's task_status list) is a task
// that ended: the desktop is settled and may be deleted again.
inline bool TaskRunning(const Desktop& d) {
  return !d.task_status.empty() && d.task_status != "deleteFailed";
}

// Filters of 4.3.8 (exact unless the reference says otherwise).
struct Query {
  std::optional<std::string> computer_name, user_name, status, pool_id, tag, desktop_type;
  std::vector<std::string> desktop_ids;  // at most 100 per call (L5310)
};

core::StatusOr<std::vector<Desktop>> ListDetail(ApiClient& client, const Query& query = {});
core::StatusOr<Desktop> Get(ApiClient& client, const std::string& desktop_id);

// One entry of 4.3.1 desktops[] (one per assigned user).
struct CreateItem {
  std::optional<std::string> user_name, user_email, user_phone, user_group, computer_name,
      os_host_name, desktop_name_prefix;
};

struct CreateRequest {
  std::string desktop_type = "DEDICATED";
  std::optional<std::string> availability_zone;
  std::string product_id, image_type = "private", image_id;
  Volume root_volume;
  std::vector<Volume> data_volumes;
  std::vector<std::string> subnet_ids;  // nics[].subnet_id
  std::vector<std::string> security_group_ids;
  std::vector<CreateItem> desktops;  // 1-50, identical configuration
  std::optional<std::string> desktop_name;  // with size, for unassigned desktops
  std::optional<std::int64_t> size;
  std::vector<std::string> desktop_ips;
  std::optional<bool> email_notification;
  std::optional<std::string> enterprise_project_id;
  std::vector<Tag> tags;
  struct Eip {
    std::optional<std::string> id, type, charge_mode;
    std::optional<std::int64_t> bandwidth_size;
  };
  std::optional<Eip> eip;
  struct SharedVpc {
    std::optional<std::string> address;
    std::optional<std::int64_t> port;
    std::vector<std::string> availability_zone;
  };
  std::optional<SharedVpc> apply_shared_vpc_dedicated_param;
  std::optional<std::string> desktop_name_policy_id, hour_package_product_id,
      hour_package_offering_id;
};

// 4.3.1: starts creating desktops; returns the job ID (the desktops' IDs come from its sub-jobs).
core::StatusOr<std::string> Create(ApiClient& client, const CreateRequest& request);

// 4.3.3: computer name and snapshot switch (the only fields it changes).
core::Status Modify(ApiClient& client, const std::string& desktop_id,
                    std::optional<std::string> computer_name,
                    std::optional<bool> self_backup_management);

struct DeleteOptions {
  std::optional<bool> delete_users, email_notification, is_force_delete;
};
// 4.3.4: deletes one desktop (synchronous, 204).
core::Status Delete(ApiClient& client, const std::string& desktop_id, const DeleteOptions& o = {});
// 4.3.6: deletes desktops in one job.
core::StatusOr<std::string> BatchDelete(ApiClient& client, const std::vector<std::string>& ids,
                                        const DeleteOptions& o = {});

// 4.3.9: os-start, os-stop, reboot, os-hibernate; type SOFT or HARD.
core::StatusOr<AsyncResult> Action(ApiClient& client, const std::vector<std::string>& ids,
                                   const std::string& op_type, const std::string& type = "");
// 4.3.10: new product for running or stopped desktops (mode STOP_DESKTOP stops them first).
core::StatusOr<std::string> Resize(ApiClient& client, const std::vector<std::string>& ids,
                                   const std::string& product_id,
                                   const std::string& mode = "STOP_DESKTOP");
struct RebuildOptions {
  std::optional<std::string> os_type, message, order_id, enterprise_project_id;
  std::optional<std::int64_t> delay_time;
};
// 4.3.11: rebuilds the system disk from an image (its data is lost).
core::StatusOr<std::string> Rebuild(ApiClient& client, const std::vector<std::string>& ids,
                                    const std::string& image_type, const std::string& image_id,
                                    const RebuildOptions& o = {});

struct AttachItem {
  std::string desktop_id;
  std::optional<std::string> user_name, user_email, user_group, computer_name;
  std::optional<bool> is_clear_data;  // default true in the API: re-assigning clears data
};
// 4.3.20: assigns desktops to users.
core::StatusOr<std::string> Attach(ApiClient& client, const std::vector<AttachItem>& items);
// 4.3.19: unassigns every user of the desktops.
core::StatusOr<AsyncResult> Detach(ApiClient& client, const std::vector<std::string>& ids,
                                   std::optional<bool> shutoff_after_detach = std::nullopt);
// 4.3.21: changes the assigned user's privilege group on desktops.
core::StatusOr<std::string> ChangePrivilegeGroup(ApiClient& client,
                                                 const std::vector<std::string>& ids,
                                                 const std::string& user_privilege_group);
// 4.3.27: maintenance mode on or off (synchronous).
core::Status SetMaintenanceMode(ApiClient& client, const std::vector<std::string>& ids, bool on);
// 4.3.23 / 4.3.25: moves desktops to another subnet.
core::StatusOr<std::string> ChangeNetwork(ApiClient& client, const std::string& desktop_id,
                                          const std::string& vpc_id, const std::string& subnet_id,
                                          const std::vector<std::string>& security_group_ids,
                                          std::optional<std::string> private_ip = std::nullopt);
core::StatusOr<std::string> BatchChangeNetwork(
    ApiClient& client, const std::vector<std::string>& ids, const std::string& vpc_id,
    const std::string& subnet_id, const std::vector<std::string>& security_group_ids);

// Tags (4.6), all synchronous.
core::StatusOr<std::vector<Tag>> ListTags(ApiClient& client, const std::string& desktop_id);
// 4.6.5: "create" (overwrites equal keys) or "delete".
core::Status TagsAction(ApiClient& client, const std::string& desktop_id, const std::string& action,
                        const std::vector<Tag>& tags);
struct DesktopTags {
  std::string desktop_id;
  std::vector<Tag> tags;
};
// 4.6.7 / 4.6.8: the same for up to 100 desktops per call.
core::Status BatchCreateTags(ApiClient& client, const std::vector<DesktopTags>& desktops);
core::Status BatchDeleteTags(ApiClient& client, const std::vector<DesktopTags>& desktops);

// Disks (4.11), all asynchronous.
core::StatusOr<std::string> AddVolumes(ApiClient& client, const std::string& desktop_id,
                                       const std::vector<Volume>& volumes);
core::StatusOr<std::string> DeleteVolumes(ApiClient& client, const std::string& desktop_id,
                                          const std::vector<std::string>& volume_ids);
struct DesktopVolumes {
  std::string desktop_id;
  std::vector<Volume> volumes;
};
core::StatusOr<std::string> BatchAddVolumes(ApiClient& client,
                                            const std::vector<DesktopVolumes>& desktops);
core::StatusOr<std::string> ExpandVolume(ApiClient& client, const std::string& desktop_id,
                                         const std::string& volume_id, std::int64_t new_size);
struct VolumeExpansion {
  std::string desktop_id, volume_id;
  std::int64_t new_size = 0;
};
core::StatusOr<std::string> BatchExpandVolumes(ApiClient& client,
                                               const std::vector<VolumeExpansion>& expansions);

}  // namespace deskops::cloud::desktops
