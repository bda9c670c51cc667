#pragma once
// DesktopNamePolicy: how the service names desktops created without a name (4.5), named by its
// policy name. Covers every field of 4.5.2 and 4.5.3. Immutable after decoding; thread-safe to
// read.

#include <cstdint>
#include <optional>
#include <string>

#include "specs/common.h"
#include "specs/schema.h"

namespace deskops::specs {

struct DesktopNamePolicySpec {
  std::string name_prefix;
  std::int64_t digit_number = 0;
  std::int64_t start_number = 0;
  std::int64_t single_domain_user_increment = 0;  // read back as single_domain_user_inc (L14937)
  std::optional<bool> is_default_policy;
};

const SchemaNode& DesktopNamePolicyNameSchema();
const SchemaNode& DesktopNamePolicySpecSchema();
DesktopNamePolicySpec DecodeDesktopNamePolicy(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& DesktopNamePolicyKind();

}  // namespace deskops::specs
