#pragma once
// The policy-group `policies` object as manifest schema (camelCase) and as wire leaves. The schema
// is built from the generated table in policies_table.h; a manifest's policies are kept as flat
// leaves keyed by wire path, because the reconciler diffs and writes only the leaves a manifest
// sets (api-digest §3.6). Immutable after construction; thread-safe.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "specs/schema.h"
#include "specs/value.h"

namespace deskops::specs {

// One set policy: "peripherals.usb_port_redirection.usb_enable" = false.
struct PolicyLeaf {
  std::string wire_path;
  std::variant<bool, std::int64_t, std::string> value;
  friend bool operator==(const PolicyLeaf&, const PolicyLeaf&) = default;
};

const SchemaNode& PoliciesSchema();

// The leaves of a validated `policies` mapping, in document order.
std::vector<PolicyLeaf> FlattenPolicies(const Value& policies);

// Other wire spellings of a leaf path's last segment that API responses may use (api-digest §7.2).
std::vector<std::string> PolicyAliases(std::string_view wire_path);

}  // namespace deskops::specs
