#pragma once
// Flattening a JSON object into leaves addressed by dotted paths and building one back, for the
// policy-group `policies` object, which deskops reads, compares and writes leaf by leaf.
// Pure functions; thread-safe.

#include <string>
#include <vector>

#include "cloud/types.h"
#include "core/status_or.h"

namespace deskops::cloud {

// Every scalar leaf of the object in `json_text` ("a.b.c" = value). Arrays and nulls are skipped
// (the policies object has none that deskops manages).
core::StatusOr<std::vector<JsonLeaf>> FlattenJson(const std::string& json_text);

// A JSON object text holding exactly these leaves.
std::string UnflattenJson(const std::vector<JsonLeaf>& leaves);

}  // namespace deskops::cloud
