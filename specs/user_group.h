#pragma once
// UserGroup: a user group (4.9), named by its group name, with its members by user name. The member
// list is exact when set: deskops adds missing members and removes others, each with one call per
// group (4.9.6 ADD and DELETE), never by emptying the group first. Immutable after decoding.

#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/schema.h"

namespace deskops::specs {

struct UserGroupSpec {
  std::string platform_type;  // AD or LOCAL
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> members;  // nullopt: membership not managed
};

const SchemaNode& UserGroupNameRuleSchema();
const SchemaNode& UserGroupSpecSchema();
UserGroupSpec DecodeUserGroup(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& UserGroupKind();

}  // namespace deskops::specs
