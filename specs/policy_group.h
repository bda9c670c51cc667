#pragma once
// PolicyGroup: a policy group (4.14), named by its policy group name: priority, description, the
// objects it applies to (by name: desktops, users, groups, pools; or client IPs, OUs, all), and the
// whole `policies` object (peripherals, audio, client, display, files and clipboard, session,
// virtual channels, watermark, keyboard and mouse, audio/video bypass, personalised data, custom,
// screen-recording audit). Immutable after decoding; thread-safe to read.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/policies.h"
#include "specs/schema.h"

namespace deskops::specs {

struct PolicyTarget {
  std::string type;  // INSTANCE, USER, USERGROUP, CLIENTIP, OU, DESKTOPPOOL, ALL
  std::string name;  // desktop / user / group / pool / OU name, or client IP; empty for ALL
  friend bool operator==(const PolicyTarget&, const PolicyTarget&) = default;
};

struct PolicyGroupSpec {
  std::optional<std::int64_t> priority;
  std::optional<std::string> description;
  std::optional<std::vector<PolicyTarget>> targets;  // nullopt: not managed
  std::vector<PolicyLeaf> policies;                  // only the leaves the manifest sets
};

const SchemaNode& PolicyGroupNameSchema();
const SchemaNode& PolicyGroupSpecSchema();
PolicyGroupSpec DecodePolicyGroup(const Value& spec, const DecodeContext& ctx);

// The kind a target type refers to by name ("" for CLIENTIP, OU and ALL).
std::string_view TargetRefKind(std::string_view target_type);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& PolicyGroupKind();

}  // namespace deskops::specs
