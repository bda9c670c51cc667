#pragma once
// Wire value types shared by several Workspace resources, normalised on read (upper-case statuses,
// volumes ordered by device, IDs from whichever field the reference puts them in). Plain data.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace deskops::cloud {

struct Tag {
  std::string key, value;
  friend bool operator==(const Tag&, const Tag&) = default;
};

// A disk as read back (VolumeDetail / VolumeInfo) or as requested (type and size only).
struct Volume {
  std::string type;  // SAS, SSD, GPSSD
  std::int64_t size = 0;
  std::string id;         // the volume record ID (what batch-delete and expand take)
  std::string volume_id;  // the underlying EVS volume ID, when reported
  std::string device;     // e.g. /dev/vdb; data volumes are ordered by it
};

struct SecurityGroupRef {
  std::string id, name;
};

struct ProductRef {
  std::string product_id, flavor_id, type, cpu, memory, charge_mode, architecture, package_type,
      status;
};

// A user or group a desktop is assigned to (AttachInstancesUserInfo, L5366-5372).
struct UserAssignment {
  std::string user_id, user_name, user_group;
  std::string type;  // USER or GROUP
};

// One desktop a batch call could not act on (VmOperateResult, L6953-6956).
struct FailedOperation {
  std::string desktop_id, desktop_name, error_code, error_msg;
};

// What an asynchronous call returns: the job to follow and the desktops rejected up front.
struct AsyncResult {
  std::string job_id;
  std::vector<FailedOperation> failed;
};

// One leaf of a JSON document, addressed by its dotted path ("display.options.frame_rate"); used
// for the policy-group `policies` object, which deskops diffs and writes leaf by leaf.
struct JsonLeaf {
  std::string path;
  std::variant<bool, std::int64_t, double, std::string> value;
  friend bool operator==(const JsonLeaf&, const JsonLeaf&) = default;
};

}  // namespace deskops::cloud
