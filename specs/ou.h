#pragma once
// OU: an organisational unit of the tenant's AD domain registered with Workspace (4.10), named by
// its OU name (metadata.name, the API's ou_name) within its domain. Desktops and pools name it
// (ouName) and policy groups target it. Immutable after decoding; thread-safe to read.

#include <optional>
#include <string>

#include "specs/common.h"
#include "specs/object.h"
#include "specs/schema.h"

namespace deskops::specs {

struct OuSpec {
  std::string domain;  // the AD domain (4.10.2 domain); cannot change in place
  std::optional<std::string> description;
};

const SchemaNode& OuNameSchema();
const SchemaNode& OuSpecSchema();
OuSpec DecodeOu(const Value& spec, const DecodeContext& ctx);

// The kind's registration (specs/kinds.def).
struct KindInfo;
const KindInfo& OUKind();

}  // namespace deskops::specs
