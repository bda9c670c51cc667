#pragma once
// DesktopPool: a pool of desktops (4.4), named by its unique pool name. Covers every field of 4.4.1
// "Creating a Desktop Pool" and 4.4.3 "Modifying Desktop Pool Attributes", the authorised users and
// groups (4.4.14, by name), the pool size (grown with 4.4.6), maintenance mode, and the desired
// power state of its desktops (4.4.12). Immutable after decoding; thread-safe to read.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

struct DesktopPoolSpec {
  std::string type;  // DYNAMIC or STATIC
  std::int64_t size = 0;
  std::optional<std::string> description;
  std::optional<std::string> availability_zone;
  std::string product_id;
  std::optional<std::string> flavor_id;
  std::string image_type;  // private (default) or gold
  std::string image_id;
  Volume root_volume;
  std::vector<Volume> data_volumes;
  std::optional<std::string> vpc_id;
  std::vector<std::string> subnet_ids;
  std::vector<std::string> security_group_ids;
  std::optional<std::vector<NamedObject>> authorized_objects;  // nullopt: not managed
  std::optional<std::string> ou_name;
  std::optional<std::map<std::string, std::string>> tags;
  std::optional<std::string> enterprise_project_id;
  std::optional<std::int64_t> disconnected_retention_period;
  std::optional<bool> enable_autoscale;
  struct Autoscale {
    std::optional<std::string> type;
    std::optional<std::int64_t> max_auto_created, min_idle, once_auto_created;
  };
  std::optional<Autoscale> autoscale_policy;
  std::optional<std::string> desktop_name_policy;
  std::optional<bool> maintenance_mode;
  std::optional<PowerState> power_state;
};

const SchemaNode& DesktopPoolNameSchema();
const SchemaNode& DesktopPoolSpecSchema();
DesktopPoolSpec DecodeDesktopPool(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& DesktopPoolKind();

}  // namespace deskops::specs
