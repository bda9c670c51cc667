#pragma once
// The simulator's entities: what the tenant holds, field by field, in the form the handlers need.
// Wire names and formats are produced by render.h; this file keeps values (times in milliseconds
// since the epoch, IDs as strings). Plain structs; guarded by the Simulator's lock like all state.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace deskops::simulator {

struct Tag {
  std::string key;
  std::string value;
  friend bool operator==(const Tag&, const Tag&) = default;
};

// A disk of a desktop (4.3.5 VolumeDetail).
struct Volume {
  std::string id;         // record ID, 32 hex digits ("76019ba137ae11f0ade6fa163e5a5e29")
  std::string volume_id;  // EVS disk UUID
  std::string type;       // SAS | SSD | GPSSD
  int size = 0;           // GB
  int index = 0;          // 0 = system disk (/dev/vda), then /dev/vdb, ...
  std::int64_t created_ms = 0;
};

// AttachInstancesUserInfo (4.3.2 L5366-5372).
struct AttachedUser {
  std::string user_id;
  std::string user_name;
  std::string user_group;  // sudo | default | administrators | users
  std::string type;        // USER | GROUP
};

struct Desktop {
  std::uint64_t seq = 0;  // creation order; set by DesktopStore
  std::string id;
  // [indexed] fields below change only through DesktopStore::Modify.
  std::string status = "ACTIVE";  // BUILD while created, then ACTIVE | SHUTOFF | HIBERNATED | ERROR
  std::string computer_name;
  std::vector<AttachedUser> users;
  std::string pool_id;
  std::string product_id;
  Volume root;
  std::vector<Volume> data;
  // Plain fields.
  std::string os_host_name;
  std::string sid;
  std::string type = "DEDICATED";  // DEDICATED | SHARED | POOLED
  std::string image_id;
  std::string availability_zone;
  std::string subnet_id;
  std::vector<std::string> security_group_ids;
  std::string ip;
  std::string user_group;
  std::string ou_name;
  std::string enterprise_project_id = "0";
  std::string task_status;  // "" when idle (4.3.5 example L6097)
  // The user's session on a running desktop, set through the control API for tests: "" (none:
  // login_status REGISTERED), CONNECTED or DISCONNECTED (L6565). Anything that restarts, stops,
  // rebuilds, resizes or re-assigns the desktop ends it.
  std::string session;
  std::string attach_state = "UNATTACH";
  bool in_maintenance_mode = false;
  std::int64_t created_ms = 0;
  std::vector<Tag> tags;
  std::string job_id;  // the job working on this desktop, "" when none
  std::string hour_package_product_id;
  int next_volume_index = 1;
  // Accepted by the writes and kept, but returned by no read (GET /_sim/state shows them): what
  // the service was told. image_type (4.3.1, 4.3.11, 4.3.20); the creating request's notification
  // switch (default true, L5085), EIP (L5092), shared VPC parameters (L5091), hourly package
  // offering (L5095) and name policy (L5093); the user's e-mail and phone given with the desktop
  // (4.3.1 L5121-5122, 4.3.20 L8625); self_backup_management "0"/"1" (4.3.3, L5532), "" until set.
  std::string image_type;
  bool email_notification = true;
  nlohmann::json eip;                               // null when none was given
  nlohmann::json apply_shared_vpc_dedicated_param;  // null when none was given
  std::string hour_package_offering_id;
  std::string desktop_name_policy_id;
  std::string user_email;
  std::string user_phone;
  std::string self_backup_management;
};

// AuthorizedObjects (4.4.1 L11618-11622).
struct AuthorizedObject {
  std::string object_type;  // USER | USER_GROUP
  std::string object_id;
  std::string object_name;
  std::string user_group;
  std::int64_t created_ms = 0;
};

struct PoolVolume {
  std::string id;
  std::string type;
  int size = 0;
};

struct Pool {
  std::string id;
  std::string name;
  std::string type;  // DYNAMIC | STATIC
  std::string description;
  std::int64_t created_ms = 0;
  std::string availability_zone;
  std::string product_id;
  std::string flavor_id;   // as written by 4.4.1 / 4.4.7 (L11579); "" when none was given
  std::string image_type;  // as written by 4.4.1 / 4.4.8 (L11580); returned by no read
  std::string image_id;
  PoolVolume root_volume;
  std::vector<PoolVolume> data_volumes;
  std::string vpc_id;
  std::vector<std::string> subnet_ids;
  std::vector<std::string> security_group_ids;
  std::vector<AuthorizedObject> authorized;
  std::string ou_name;
  std::vector<Tag> tags;
  std::string enterprise_project_id = "0";
  int disconnected_retention_period = 0;
  bool enable_autoscale = false;
  nlohmann::json autoscale_policy = nlohmann::json::object();
  std::string desktop_name_policy_id;
  bool in_maintenance_mode = false;
  std::string job_id;
};

struct User {
  std::string id;  // 32 hex digits (4.8.1 example "8a2c3f9579d240820179d51e6caf0001")
  std::string user_name;
  std::string user_email;
  std::string user_phone;
  std::string account_expires = "0";  // as written: "0" or an ISO time
  std::string active_type = "USER_ACTIVATE";
  bool enable_change_password = true;
  bool next_login_change_password = true;
  bool password_never_expired = false;
  bool disabled = false;
  bool locked = false;
  std::string description;
  std::string alias_name;
  std::string enterprise_project_id;
  std::string user_info_map;
  std::string sid;
  std::int64_t created_ms = 0;
};

struct Group {
  std::string id;
  std::string name;
  std::string platform_type;  // AD | LOCAL
  std::string description;
  std::string sid;
  std::int64_t created_ms = 0;
  std::vector<std::string> member_ids;  // user IDs, in the order they were added
};

struct PolicyTarget {
  std::string target_id;
  std::string target_name;
  std::string target_type;
  friend bool operator==(const PolicyTarget&, const PolicyTarget&) = default;
};

struct PolicyGroup {
  std::string id;
  std::string name;
  int priority = 1;
  std::string description;
  std::int64_t update_ms = 0;
  std::vector<PolicyTarget> targets;
  nlohmann::json policies = nlohmann::json::object();
};

struct IpRange {
  std::string ip_address;
  std::string subnet_mask;
  friend bool operator==(const IpRange&, const IpRange&) = default;
};

struct AccessPolicyObject {
  std::string object_id;
  std::string object_type;  // USER | USERGROUP
  std::string object_name;
};

struct AccessPolicy {
  std::string id;
  std::string name;
  std::string blacklist_type = "INTERNET";
  std::string access_control_type = "ACCESS_TYPE";
  std::vector<IpRange> ip_list;
  bool is_enable = true;
  bool is_block_all = false;
  std::int64_t created_ms = 0;
  std::vector<AccessPolicyObject> objects;
};

struct NamePolicy {
  std::string id;
  std::string name;
  std::string name_prefix;
  int digit_number = 0;
  int start_number = 0;
  int single_domain_user_inc = 0;
  bool is_default_policy = false;
  int next_number = 0;  // the next suffix to hand out (not on the wire)
};

// How a job advances (jobs.h): at once, after N seconds of the clock, or after N reads of the job
// through 4.28.1.
struct Progression {
  enum class Mode { kImmediate, kSeconds, kReads };
  Mode mode = Mode::kImmediate;
  std::int64_t value = 0;
};

enum class JobPhase { kWaiting, kRunning, kSuccess, kFailed };

// JobDetailInfo (4.28.1 L44015-44029): one per affected desktop.
struct SubJob {
  std::string id;
  std::string desktop_id;
  std::string product_id;
  std::string user_name;
  std::string desktop_name;
  std::string ip_address;
  std::string error_code;
  std::string fail_reason;
};

struct Job {
  std::string id;
  std::string job_type;  // createDesktops, operateDesktops, ... (4.28.2 L44107)
  std::string pool_id;   // for 4.28.2's desktop_pool_id filter
  std::int64_t created_ms = 0;
  Progression progression;
  int reads = 0;
  bool fail = false;  // decided when the job starts (fault injection)
  std::string fail_code;
  std::string fail_reason;
  bool done = false;  // effects applied
  std::int64_t end_ms = 0;
  std::vector<SubJob> subs;
  nlohmann::json effect;  // what completion does: {"kind": ..., parameters}
};

}  // namespace deskops::simulator
