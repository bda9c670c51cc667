#pragma once
// Site: a Workspace edge site (4.2.1-4.2.5), named by the edge AZ it serves (4.2.2 adds a site by
// availability_zone and takes no name; 4.2.1 filters by availability_zone_id): its access mode and
// Direct Connect CIDR blocks (4.2.4), its VPC (set when it is added) and service subnets (4.2.5).
// The central site is the Workspace subscription itself (4.2.8) and is not a Site manifest.
// Immutable after decoding; thread-safe to read.

#include <optional>
#include <string>
#include <vector>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

struct SiteSpec {
  std::string access_mode;  // INTERNET | DEDICATED | BOTH
  std::optional<std::vector<std::string>> dedicated_cidrs;
  std::optional<std::string> vpc_id;  // set when the site is added; cannot change
  std::optional<std::vector<std::string>> subnet_ids;
};

const SchemaNode& SiteNameSchema();
const SchemaNode& SiteSpecSchema();
SiteSpec DecodeSite(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& SiteKind();

}  // namespace deskops::specs
