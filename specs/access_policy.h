#pragma once
// AccessPolicy: an access policy (4.14.12-4.14.17), named by its policy name: the blacklist and
// access-control types, the IP whitelist, whether it is enabled or blocks everything, and the users
// and groups it applies to (by name). Immutable after decoding; thread-safe to read.

#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

struct IpRange {
  std::string ip_address;
  std::string subnet_mask;
  friend bool operator==(const IpRange&, const IpRange&) = default;
};

struct AccessPolicySpec {
  std::string blacklist_type;       // INTERNET
  std::string access_control_type;  // ACCESS_TYPE (default) or IP_WHITE_LIST
  std::optional<std::vector<IpRange>> ip_list;
  std::optional<bool> is_enable;
  std::optional<bool> is_block_all;
  std::optional<std::vector<NamedObject>> objects;  // USER / USERGROUP by name; nullopt: unmanaged
};

const SchemaNode& AccessPolicyNameSchema();
const SchemaNode& AccessPolicySpecSchema();
AccessPolicySpec DecodeAccessPolicy(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& AccessPolicyKind();

}  // namespace deskops::specs
