#pragma once
// Desktop: one cloud desktop, named by its computer name (metadata.name). Covers every field of
// 4.3.1 "Creates a desktop" for one desktop, the fields 4.3.3 can change, and the desired states
// the API only expresses as actions: power state (4.3.9) and maintenance mode (4.3.27). Immutable
// after decoding; thread-safe to read.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

struct DesktopSpec {
  std::string desktop_type;  // DEDICATED (default) or SHARED
  std::optional<std::string> availability_zone;
  std::string product_id;
  std::string image_type;  // private (default) or gold
  std::string image_id;
  Volume root_volume;
  std::vector<Volume> data_volumes;
  std::vector<std::string> subnet_ids;  // nics[].subnetId
  std::optional<std::string> vpc_id;
  std::vector<std::string> security_group_ids;
  std::optional<std::string> desktop_ip;
  std::optional<std::string> user_name;
  std::optional<std::string> user_email;
  std::optional<std::string> user_phone;
  std::optional<std::string> user_group;
  std::optional<std::string> os_host_name;
  std::optional<std::string> desktop_name_policy;
  std::optional<bool> email_notification;
  std::optional<std::string> enterprise_project_id;
  std::optional<std::map<std::string, std::string>> tags;  // nullopt: not managed
  struct Eip {
    std::optional<std::string> id, type, charge_mode;
    std::optional<std::int64_t> bandwidth_size;
  };
  std::optional<Eip> eip;
  struct SharedVpc {
    std::optional<std::string> address;
    std::optional<std::int64_t> port;
    std::vector<std::string> availability_zones;
  };
  std::optional<SharedVpc> shared_vpc;
  std::optional<std::string> hour_package_product_id;
  std::optional<std::string> hour_package_offering_id;
  std::optional<bool> self_backup_management;
  std::optional<PowerState> power_state;  // nullopt: not managed
  std::optional<bool> maintenance_mode;   // nullopt: not managed
};

const SchemaNode& DesktopNameSchema();
const SchemaNode& DesktopSpecSchema();
DesktopSpec DecodeDesktop(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& DesktopKind();

}  // namespace deskops::specs
